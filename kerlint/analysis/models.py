"""Models as Keras sees them: layers in order, the output, compile settings.

Understood forms: `Sequential([...])` and `.add()`; the functional API
(`Input` -> layer calls -> `Model(inputs, outputs)`, including tensor
functions such as `tf.nn.softmax(x)`); subclassed `keras.Model` (the layer
that produces `call`'s return value); models returned by functions
(`model = build_model()`). A model is identified by where it is constructed,
so a factory called once per fold is one model with its compile settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional

import libcst as cst

from kerlint.analysis.collect import Binding, CallSite, Collector, Scope, argument, argument_for
from kerlint.analysis.values import UNKNOWN, as_int, evaluate, follow
from kerlint.knowledge import semantics

_UNITS_ARG = {  # the argument that sets the size of the last axis
    "Dense": (0, "units"),
    "EinsumDense": None,
    "Conv1D": (0, "filters"),
    "Conv2D": (0, "filters"),
    "Conv3D": (0, "filters"),
    "Conv1DTranspose": (0, "filters"),
    "Conv2DTranspose": (0, "filters"),
    "Conv3DTranspose": (0, "filters"),
    "SeparableConv1D": (0, "filters"),
    "SeparableConv2D": (0, "filters"),
    "Convolution1D": (0, "filters"),
    "Convolution2D": (0, "filters"),
    "Convolution3D": (0, "filters"),
    "LSTM": (0, "units"),
    "GRU": (0, "units"),
    "SimpleRNN": (0, "units"),
    "Embedding": (1, "output_dim"),
}
# Layers that take `activation=` (linear when it is absent).
_HAS_ACTIVATION = frozenset(set(_UNITS_ARG) - {"Embedding"} | {"DepthwiseConv1D", "DepthwiseConv2D", "EinsumDense", "LocallyConnected1D", "LocallyConnected2D"})
MODEL_CLASSES = ("keras.Model", "keras.Sequential")
# Functions that return a model kerlint cannot see the layers of.
MODEL_FACTORIES = frozenset(
    {
        "keras.models.load_model",
        "keras.saving.load_model",
        "keras.models.model_from_json",
        "keras.models.model_from_config",
        "keras.models.model_from_yaml",
        "keras.models.clone_model",
        "keras.Sequential",
        "keras.Model",
    }
)


@dataclass(eq=False)
class Layer:
    """One layer, as constructed (or one activation function applied to a tensor)."""

    kind: str  # "Dense", "Activation", ... ; "?" for something kerlint does not know
    call: cst.CSTNode  # the constructor call (or the function call / expression)
    scope: Scope
    order: int
    qualname: Optional[str] = None
    units: Optional[int] = None
    units_node: Optional[cst.CSTNode] = None
    # canonical activation name; "linear" when absent; None when not known
    activation: Optional[str] = None
    activation_node: Optional[cst.CSTNode] = None

    @property
    def known(self) -> bool:
        return self.kind != "?"

    def argument(self, index: Optional[int], keyword: str) -> Optional[cst.BaseExpression]:
        return argument(self.call, index, keyword) if isinstance(self.call, cst.Call) else None

    def describe(self) -> str:
        bits = []
        if self.units is not None:
            bits.append(str(self.units))
        if self.activation not in (None, "linear") and self.activation_node is not None and self.kind not in ("Activation", *semantics.ACTIVATION_LAYERS):
            bits.append(f"activation='{self.activation}'")
        if self.kind == "Activation" and self.activation:
            bits.append(f"'{self.activation}'")
        return f"{self.kind}({', '.join(bits)})"


@dataclass(eq=False)
class Output:
    """The end of a model: the layer that shapes the output and the activation applied to it.

    "Final layer" follows RULES.md: activation layers, Softmax() and pass-through
    layers (Dropout...) after the last Dense are looked through.
    """

    layer: Optional[Layer]  # the last layer with units (Dense, Conv...); None when unknown
    activation: Optional[str]  # effective activation; None when unknown
    activation_node: Optional[cst.CSTNode]
    activation_layer: Optional[Layer]  # the layer (or the core layer) that sets the activation

    @property
    def units(self) -> Optional[int]:
        return self.layer.units if self.layer is not None else None


@dataclass(eq=False)
class Head:
    chain: list  # layers from the input to this output, along the main path
    output: Output
    name: Optional[str] = None  # `name=` of the output layer, for dict losses


@dataclass(eq=False)
class LossSpec:
    name: Optional[str]  # canonical function name ("binary_crossentropy"); None when unknown
    node: cst.CSTNode
    form: str  # string | function | instance | unknown
    from_logits: Optional[bool] = False  # None when given but not a constant
    from_logits_node: Optional[cst.CSTNode] = None
    is_metric: bool = False  # a keras.metrics name/class used as a loss

    def spelled(self) -> str:
        if isinstance(self.node, cst.SimpleString):
            return self.node.value
        return self.name or "the loss"


@dataclass(eq=False)
class MetricSpec:
    name: Optional[str]
    node: cst.CSTNode


@dataclass(eq=False)
class Compile:
    call: cst.Call
    order: int
    loss: object  # LossSpec | list | dict | None
    loss_node: Optional[cst.CSTNode]
    metrics: list

    def loss_specs(self) -> list:
        """Every LossSpec of this compile: one, or one per output (list or dict)."""
        if isinstance(self.loss, LossSpec):
            return [self.loss]
        values = self.loss if isinstance(self.loss, list) else list(self.loss.values()) if isinstance(self.loss, dict) else []
        return [spec for spec in values if isinstance(spec, LossSpec)]

    def loss_for(self, index: int, head: Head, n_heads: int) -> Optional[LossSpec]:
        if isinstance(self.loss, LossSpec):
            return self.loss
        if isinstance(self.loss, list) and len(self.loss) == n_heads:
            return self.loss[index]
        if isinstance(self.loss, dict) and head.name in self.loss:
            return self.loss[head.name]
        return None


@dataclass(eq=False)
class DataCall:
    """fit / evaluate / predict / train_on_batch ... on a model."""

    method: str
    call: cst.Call
    order: int
    scope: Scope
    x: Optional[cst.BaseExpression]
    y: Optional[cst.BaseExpression]


@dataclass(eq=False)
class Model:
    kind: str  # sequential | functional | subclass
    node: cst.CSTNode
    name: str
    scope: Scope
    order: int
    layers: list = field(default_factory=list)
    heads: list = field(default_factory=list)
    compiles: list = field(default_factory=list)
    calls: list = field(default_factory=list)  # DataCall
    # a Sequential that starts with keras.Input(...) / InputLayer(...): (call, scope, order)
    input: Optional[tuple] = None

    @property
    def declares_input(self) -> bool:
        return self.input is not None

    def data_calls(self, *methods: str) -> list:
        return [c for c in self.calls if c.method in methods]

    def trainings(self) -> Iterator[tuple]:
        """(head, compile, loss) for every compile of every output head."""
        for compile_ in self.compiles:
            for index, head in enumerate(self.heads):
                loss = compile_.loss_for(index, head, len(self.heads))
                if loss is not None:
                    yield head, compile_, loss


class ModelFinder:
    """Builds the models of one file from what the Collector recorded."""

    def __init__(self, collected: Collector) -> None:
        self.c = collected
        self.imports = collected.imports
        self.layers: dict[int, Layer] = {}
        self.models: list[Model] = []
        self._by_node: dict[int, Model] = {}
        self._model_classes: dict[int, cst.ClassDef] = {}
        self._qualified: dict[int, tuple] = {}

    # -- names --------------------------------------------------------------
    def qualify(self, expr: cst.CSTNode) -> Optional[str]:
        # Rules ask about the same few hundred call targets again and again:
        # remembered per node (the tree outlives the finder).
        # The node is kept with its answer, so that its id is never reused for another.
        found = self._qualified.get(id(expr))
        if found is None:
            found = self._qualified[id(expr)] = (expr, self.imports.qualify(expr) if isinstance(expr, (cst.Name, cst.Attribute)) else None)
        return found[1]

    def layer_class(self, func: cst.CSTNode) -> Optional[str]:
        """`Dense` for any spelling of keras.layers.Dense; None for non-layers."""
        name = self.qualify(func)
        if name and name.startswith("keras.layers.") and name.count(".") == 2:
            last = name.rsplit(".", 1)[1]
            if last[:1].isupper() and last not in ("Input",):
                return last
        return None

    # -- entry point --------------------------------------------------------
    def find(self) -> list[Model]:
        self._find_model_classes()
        # Sequential models first, complete with their .add() calls, so that a
        # functional or subclassed model that calls one as a layer can splice in
        # its layers.
        functional = []
        for site in self.c.calls:
            name = self.qualify(site.node.func)
            if name == "keras.Sequential":
                self._add_sequential(site)
            elif name == "keras.Model" and site.node.args:
                functional.append(site)
        for model in list(self.models):
            self._collect_adds(model)
            model.heads = [Head(model.layers, output_of(model.layers), _layer_name(model.layers))]
        for site in functional:
            self._add_functional(site)
        for klass in self._model_classes.values():
            self._add_subclass(klass)
        self._attach_calls()
        return self.models

    # -- Sequential ---------------------------------------------------------
    def _add_sequential(self, site: CallSite) -> None:
        model = Model("sequential", site.node, _target_name(site, self.c), site.scope, site.order)
        layers_arg = argument(site.node, 0, "layers")
        if layers_arg is not None:
            elements = self._list_items(layers_arg, site.scope, site.order)
            if elements is None:
                model.layers.append(self._opaque(layers_arg, site.scope, site.order))
            for element, scope, order in elements or ():
                if self._is_input(element, scope, order):
                    model.input = follow(element, scope, order)  # keras.Input(...) declares the shape; it is not a layer
                    continue
                model.layers.extend(self.layers_of(element, scope, order))
        self._register(model)

    def _is_input(self, expr: cst.CSTNode, scope: Scope, order: int) -> bool:
        found, _, _ = follow(expr, scope, order) if isinstance(expr, cst.Name) else (expr, scope, order)
        return isinstance(found, cst.Call) and self.qualify(found.func) in ("keras.Input", "keras.layers.InputLayer")

    def _list_items(self, expr: cst.BaseExpression, scope: Scope, order: int, depth: int = 0) -> Optional[list]:
        """Items of a literal list, through names and `a + b`: [(expr, scope, order)], or None."""
        found, scope, order = follow(expr, scope, order)
        if isinstance(found, (cst.List, cst.Tuple)) and depth < 10:
            if any(isinstance(e, cst.StarredElement) for e in found.elements):
                return None
            return [(e.value, scope, order) for e in found.elements]
        if isinstance(found, cst.BinaryOperation) and isinstance(found.operator, cst.Add) and depth < 10:
            left = self._list_items(found.left, scope, order, depth + 1)
            right = self._list_items(found.right, scope, order, depth + 1)
            return left + right if left is not None and right is not None else None
        return None

    def _collect_adds(self, model: Model) -> None:
        for site in self.c.calls:
            func = site.node.func
            if isinstance(func, cst.Attribute) and func.attr.value == "add" and site.node.args:
                if self.model_of(func.value, site.scope, site.order) is model:
                    if self._is_input(site.node.args[0].value, site.scope, site.order):
                        model.input = follow(site.node.args[0].value, site.scope, site.order)
                        continue
                    model.layers.extend(self.layers_of(site.node.args[0].value, site.scope, site.order))

    # -- functional ----------------------------------------------------------
    def _add_functional(self, site: CallSite) -> None:
        outputs = argument(site.node, 1, "outputs") or argument(site.node, None, "output")
        if outputs is None:
            return
        model = Model("functional", site.node, _target_name(site, self.c), site.scope, site.order)
        found, scope, order = follow(outputs, site.scope, site.order)
        exprs = [e.value for e in found.elements] if isinstance(found, (cst.List, cst.Tuple)) else [outputs]
        if isinstance(found, (cst.List, cst.Tuple)):
            site_scope, site_order = scope, order
        else:
            site_scope, site_order = site.scope, site.order
        for expr in exprs:
            chain = self.chain_to(expr, site_scope, site_order)
            model.heads.append(Head(chain, output_of(chain), _layer_name(chain)))
        model.layers = [layer for head in model.heads for layer in head.chain]
        self._register(model)

    def chain_to(self, expr: cst.BaseExpression, scope: Scope, order: int) -> list:
        """Layers from the input to the tensor `expr`, following each layer's first input.

        Helper functions are followed too (`x = conv_block(x, 32)`): the walk
        enters the function at its `return` and, on reaching one of its
        parameters, continues from the argument at the call site.
        """
        chain: list[Layer] = []
        seen: set = set()
        frames: list[tuple] = []  # (function scope, call, caller scope, caller order)
        while len(chain) < 2000:
            found, scope, order = follow(expr, scope, order)
            if isinstance(found, Binding) and found.kind == "param":
                if not frames or frames[-1][0] is not found.scope:
                    break  # call(self, inputs) or an unknown caller: the model input
                fn_scope, call, scope, order = frames.pop()
                expr = argument_for(call, fn_scope.node, found.name)
                if expr is None:
                    break
                continue
            # The same node is walked again legitimately in another call of a helper.
            key = (id(found), tuple(id(frame[1]) for frame in frames))
            if isinstance(found, Binding) or not isinstance(found, cst.Call) or key in seen:
                chain.append(self._opaque(found if isinstance(found, cst.CSTNode) and not isinstance(found, Binding) else expr, scope, order))
                break
            seen.add(key)
            helper = self._helper_function(found, scope, order)
            if helper is not None:
                frames.append((helper, found, scope, order))
                expr, order = helper.returns[-1]
                scope = helper
                continue
            step = self._tensor_step(found, scope, order)
            if step is None:
                chain.append(self._opaque(found, scope, order))
                break
            steps, inputs = step
            if steps is None:  # keras.Input: the start of the chain
                break
            chain.extend(reversed(steps))
            if inputs is None:
                break
            expr = inputs
        chain.reverse()
        return chain

    def _helper_function(self, call: cst.Call, scope: Scope, order: int) -> Optional[Scope]:
        """The scope of a user function called to transform a tensor, if it returns one value."""
        if not isinstance(call.func, cst.Name):
            return None
        binding = scope.resolve(call.func.value, order)
        if binding is None or binding.kind != "def":
            return None
        fn_scope = self.c.functions.get(id(binding.value))
        if fn_scope is None or not fn_scope.returns or isinstance(fn_scope.returns[-1][0], cst.Tuple):
            return None
        return fn_scope

    def _tensor_step(self, call: cst.Call, scope: Scope, order: int):
        """(layer, its input expression) for one call that produces a tensor."""
        func = call.func
        first = call.args[0].value if call.args and call.args[0].keyword is None else argument(call, None, "inputs")
        name = self.qualify(func) if not isinstance(func, cst.Call) else None
        if name in ("keras.Input", "keras.layers.InputLayer"):
            return None, None
        activation = semantics.activation_function(name)
        if activation is not None:
            layer = self._cached(call, lambda: Layer("Activation", call, scope, order, name, activation=activation, activation_node=func))
            return [layer], first
        layers = self.layers_of(func, scope, order)
        if not all(layer.known for layer in layers):
            return None
        if isinstance(first, (cst.List, cst.Tuple)):  # a merge layer: Concatenate()([a, b])
            return layers, None
        return layers, first

    # -- subclassed models -----------------------------------------------------
    def _find_model_classes(self) -> None:
        classes = {k: s for k, s in self.c.classes.items()}
        changed = True
        while changed:
            changed = False
            for key, scope in classes.items():
                node = scope.node
                if key in self._model_classes:
                    continue
                for base in node.bases:
                    if self._is_model_class(base.value, scope.parent):
                        self._model_classes[key] = node
                        changed = True
                        break

    def _is_model_class(self, expr: cst.BaseExpression, scope: Scope) -> bool:
        if self.qualify(expr) in MODEL_CLASSES:
            return True
        if isinstance(expr, cst.Name):
            binding = scope.resolve(expr.value, 10**9)
            return binding is not None and binding.kind == "class" and id(binding.value) in self._model_classes
        return False

    def _add_subclass(self, klass: cst.ClassDef) -> None:
        scope = self.c.classes[id(klass)]
        model = Model("subclass", klass, klass.name.value, scope.parent, 0)
        for binding in scope.bindings.get("call", []):
            if binding.kind == "def":
                fn_scope = self.c.functions[id(binding.value)]
                for expr, order in fn_scope.returns:
                    chain = self.chain_to(expr, fn_scope, order)
                    model.heads = [Head(chain, output_of(chain), _layer_name(chain))]
                    model.layers = chain
        self._register(model)

    # -- layers ------------------------------------------------------------------
    def layers_of(self, expr: cst.CSTNode, scope: Scope, order: int) -> list:
        """The layers an expression stands for: one layer, or the layers of a model used as a layer."""
        layer = self.layer_of(expr, scope, order)
        if layer.known:
            return [layer]
        model = self.model_of(self._self_attribute(expr, scope) or expr, scope, order)
        if model is not None and len(model.heads) == 1 and model.heads[0].chain:
            return list(model.heads[0].chain)
        if model is not None and model.kind == "sequential" and model.layers:
            return list(model.layers)
        return [layer]

    def _self_attribute(self, expr: cst.CSTNode, scope: Scope) -> Optional[cst.CSTNode]:
        """`self.features` inside a method: the expression assigned to it in the class."""
        klass = scope.enclosing_class
        if klass is None or not (isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name) and expr.value.value == "self"):
            return None
        attrs = klass.attributes.get(expr.attr.value)
        if attrs and attrs[-1].value is not None and not attrs[-1].path:
            return attrs[-1].value
        return None

    def layer_of(self, expr: cst.CSTNode, scope: Scope, order: int) -> Layer:
        """The Layer an expression constructs or names (`Dense(10)`, `dense`, `self.dense`)."""
        assigned = self._self_attribute(expr, scope)
        if assigned is not None:
            attr = scope.enclosing_class.attributes[expr.attr.value][-1]
            return self.layer_of(assigned, attr.scope, attr.order)
        found, f_scope, f_order = follow(expr, scope, order) if isinstance(expr, cst.Name) else (expr, scope, order)
        if isinstance(found, cst.Call):
            kind = self.layer_class(found.func)
            if kind is not None:
                return self._cached(found, lambda: self._make_layer(kind, found, f_scope, f_order))
        return self._opaque(found if isinstance(found, cst.CSTNode) and not isinstance(found, Binding) else expr, f_scope, f_order)

    def _cached(self, node: cst.CSTNode, make) -> Layer:
        layer = self.layers.get(id(node))
        if layer is None:
            layer = self.layers[id(node)] = make()
        return layer

    def _opaque(self, node, scope: Scope, order: int) -> Layer:
        return self._cached(node, lambda: Layer("?", node, scope, order))

    def _make_layer(self, kind: str, call: cst.Call, scope: Scope, order: int) -> Layer:
        layer = Layer(kind, call, scope, order, qualname=f"keras.layers.{kind}")
        units_arg = _UNITS_ARG.get(kind)
        if units_arg:
            node = argument(call, *units_arg)
            if node is not None:
                layer.units_node = node
                layer.units = as_int(evaluate(node, scope, order))
        if kind == "Activation":
            node = argument(call, 0, "activation")
            layer.activation_node = node
            layer.activation = self.activation_name(node, scope, order) if node is not None else None
        elif kind in semantics.ACTIVATION_LAYERS:
            layer.activation = semantics.ACTIVATION_LAYERS[kind]
            layer.activation_node = call
        elif kind in _HAS_ACTIVATION:
            node = argument(call, None, "activation")
            if node is None and _misspelled_activation(call):
                layer.activation = None  # `activaton="relu"`: what was meant is not linear
            elif node is None and kind in ("LSTM", "GRU", "SimpleRNN"):
                layer.activation = "tanh"
            else:
                layer.activation_node = node
                layer.activation = "linear" if node is None else self.activation_name(node, scope, order)
        return layer

    def activation_name(self, node: cst.BaseExpression, scope: Scope, order: int) -> Optional[str]:
        value = evaluate(node, scope, order)
        if value is None:
            return "linear"
        if isinstance(value, str):
            return value.lower() if value.lower() in ("softmax", "sigmoid", "linear", "relu", "tanh") else value
        found, _, _ = follow(node, scope, order) if isinstance(node, cst.Name) else (node, scope, order)
        return semantics.activation_function(self.qualify(found)) if isinstance(found, (cst.Name, cst.Attribute)) else None

    # -- what a name refers to -----------------------------------------------------
    def _register(self, model: Model) -> None:
        self.models.append(model)
        self._by_node[id(model.node)] = model

    def model_of(self, expr: cst.CSTNode, scope: Scope, order: int, depth: int = 0) -> Optional[Model]:
        """The model a variable holds: through assignments, factory functions and subclasses."""
        if depth > 8:
            return None
        found, scope, order = follow(expr, scope, order) if isinstance(expr, cst.Name) else (expr, scope, order)
        if isinstance(found, Binding) and found.kind == "param":
            return self._model_passed_to(found, depth)
        if not isinstance(found, cst.Call):
            return None
        model = self._by_node.get(id(found))
        if model is not None:
            return model
        func = found.func
        if self.qualify(func) == "keras.models.clone_model" and found.args:
            return self.model_of(found.args[0].value, scope, order, depth + 1)
        if isinstance(func, cst.Name):
            binding = scope.resolve(func.value, order)
            if binding is not None and binding.kind == "class":
                return self._by_node.get(id(binding.value))
            if binding is not None and binding.kind == "def":
                fn_scope = self.c.functions[id(binding.value)]
                for ret, ret_order in reversed(fn_scope.returns):
                    model = self.model_of(ret, fn_scope, ret_order + 1, depth + 1)
                    if model is not None:
                        return model
        return None

    def defines_method(self, expr: cst.CSTNode, scope: Scope, order: int, method: str) -> bool:
        """Does the model's own class (a user subclass, or its user bases) define `method`?"""
        model = self.model_of(expr, scope, order)
        if model is None or model.kind != "subclass":
            return False
        pending, seen = [model.node], set()
        while pending:
            klass = pending.pop()
            if id(klass) in seen:
                continue
            seen.add(id(klass))
            class_scope = self.c.classes[id(klass)]
            if method in class_scope.bindings or method in class_scope.attributes:
                return True
            for base in klass.bases:
                if isinstance(base.value, cst.Name):
                    binding = class_scope.parent.resolve(base.value.value, 10**9)
                    if binding is not None and binding.kind == "class":
                        pending.append(binding.value)
        return False

    def holds_model(self, expr: cst.CSTNode, scope: Scope, order: int) -> bool:
        """A known model, or one loaded or rebuilt (`load_model(...)`, `model_from_json(...)`)."""
        if self.model_of(expr, scope, order) is not None:
            return True
        found, _, _ = follow(expr, scope, order) if isinstance(expr, cst.Name) else (expr, scope, order)
        return isinstance(found, cst.Call) and self.qualify(found.func) in MODEL_FACTORIES

    def _model_passed_to(self, param: Binding, depth: int) -> Optional[Model]:
        """`def train(model): model.fit(...)`: the model every call of train() passes."""
        function = param.scope
        if not isinstance(function.node, cst.FunctionDef) or not function.call_sites:
            return None
        models = set()
        for site in function.call_sites:
            passed = argument_for(site.node, function.node, param.name)
            model = self.model_of(passed, site.scope, site.order, depth + 1) if passed is not None else None
            if model is None:
                return None
            models.add(id(model))
        return model if len(models) == 1 else None

    def _attach_calls(self) -> None:
        for site in self.c.calls:
            func = site.node.func
            if not isinstance(func, cst.Attribute):
                continue
            method = func.attr.value
            if method not in _MODEL_METHODS:
                continue
            model = self.model_of(func.value, site.scope, site.order)
            if model is None:
                continue
            if method == "compile":
                model.compiles.append(self.compile_of(site))
            else:
                x = argument(site.node, 0, "x")
                y = argument(site.node, 1, "y")
                model.calls.append(DataCall(method, site.node, site.order, site.scope, x, y))

    # -- compile -------------------------------------------------------------------
    def compile_of(self, site: CallSite) -> Compile:
        loss_node = argument(site.node, 1, "loss")
        loss = self._loss_tree(loss_node, site.scope, site.order) if loss_node is not None else None
        metrics_node = argument(site.node, None, "metrics")
        metrics = []
        if metrics_node is not None:
            found, scope, order = follow(metrics_node, site.scope, site.order) if isinstance(metrics_node, cst.Name) else (metrics_node, site.scope, site.order)
            if isinstance(found, (cst.List, cst.Tuple)):
                for element in found.elements:
                    metrics.append(MetricSpec(self._metric_name(element.value, scope, order), element.value))
        return Compile(site.node, site.order, loss, loss_node, metrics)

    def _loss_tree(self, node: cst.BaseExpression, scope: Scope, order: int):
        found, f_scope, f_order = follow(node, scope, order) if isinstance(node, cst.Name) else (node, scope, order)
        if isinstance(found, (cst.List, cst.Tuple)):
            return [self.loss_spec(e.value, f_scope, f_order) for e in found.elements]
        if isinstance(found, cst.Dict):
            losses = {}
            for element in found.elements:
                if isinstance(element, cst.DictElement):
                    key = evaluate(element.key, f_scope, f_order)
                    if isinstance(key, str):
                        losses[key] = self.loss_spec(element.value, f_scope, f_order)
            return losses
        return self.loss_spec(node, scope, order)

    def loss_spec(self, node: cst.BaseExpression, scope: Scope, order: int) -> LossSpec:
        """A loss as a string, a function, or a class instance (with from_logits)."""
        value = evaluate(node, scope, order)
        if isinstance(value, str):
            is_metric = semantics.canonical_metric(value) in semantics.NON_DIFFERENTIABLE_METRICS
            return LossSpec(semantics.canonical_loss(value), node, "string", False, is_metric=is_metric)
        found, f_scope, f_order = follow(node, scope, order) if isinstance(node, cst.Name) else (node, scope, order)
        if isinstance(found, cst.Call):
            name = self.qualify(found.func)
            if name and (name.startswith("keras.losses.") or name.startswith("keras.metrics.")):
                last = name.rsplit(".", 1)[1]
                from_node = argument(found, None, "from_logits")
                from_logits = False if from_node is None else evaluate(from_node, f_scope, f_order)
                is_metric = name.startswith("keras.metrics.")
                canonical = semantics.canonical_metric(last) if is_metric else semantics.canonical_loss(last)
                return LossSpec(
                    canonical,
                    found,
                    "instance",
                    from_logits if isinstance(from_logits, bool) else None,
                    from_node,
                    is_metric=is_metric and canonical in semantics.NON_DIFFERENTIABLE_METRICS,
                )
        if isinstance(found, (cst.Name, cst.Attribute)):
            name = self.qualify(found)
            if name and (name.startswith("keras.losses.") or name.startswith("keras.metrics.")):
                last = name.rsplit(".", 1)[1]
                is_metric = name.startswith("keras.metrics.")
                canonical = semantics.canonical_metric(last) if is_metric else semantics.canonical_loss(last)
                return LossSpec(canonical, found, "function", False, is_metric=is_metric and canonical in semantics.NON_DIFFERENTIABLE_METRICS)
        return LossSpec(None, node, "unknown", None)

    def _metric_name(self, node: cst.BaseExpression, scope: Scope, order: int) -> Optional[str]:
        value = evaluate(node, scope, order)
        if isinstance(value, str):
            return semantics.canonical_metric(value)
        target = node.func if isinstance(node, cst.Call) else node
        name = self.qualify(target)
        if name and name.startswith("keras.metrics."):
            return semantics.canonical_metric(name.rsplit(".", 1)[1])
        return None


_MODEL_METHODS = frozenset(
    {"compile", "fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch", "fit_generator", "evaluate_generator", "predict_generator"}
)


def _misspelled_activation(call: cst.Call) -> bool:
    import difflib

    return any(
        arg.keyword is not None and arg.keyword.value != "activation" and difflib.get_close_matches(arg.keyword.value, ["activation"], cutoff=0.75)
        for arg in call.args
    )


def output_of(chain: list) -> Output:
    """Look through activation and pass-through layers to the layer that shapes the output."""
    activation: Optional[str] = None
    activation_node = None
    activation_layer = None
    for layer in reversed(chain):
        if layer.kind in semantics.PASS_THROUGH_LAYERS:
            continue
        if layer.kind == "Activation" or layer.kind in semantics.ACTIVATION_LAYERS:
            if activation_layer is None:
                activation, activation_node, activation_layer = layer.activation, layer.activation_node or layer.call, layer
            continue
        if not layer.known:
            return Output(None, activation if activation_layer else None, activation_node, activation_layer)
        if activation_layer is None:
            return Output(layer, layer.activation, layer.activation_node or layer.call, layer)
        return Output(layer, activation, activation_node, activation_layer)
    return Output(None, activation, activation_node, activation_layer)


def _layer_name(chain: list) -> Optional[str]:
    for layer in reversed(chain):
        node = layer.argument(None, "name")
        if node is not None:
            value = evaluate(node, layer.scope, layer.order)
            if isinstance(value, str):
                return value
        if layer.kind not in semantics.PASS_THROUGH_LAYERS and layer.kind != "Activation":
            break
    return None


def _target_name(site: CallSite, collected: Collector) -> str:
    for binding in collected.all_bindings:
        if binding.value is site.node and not binding.path:
            return binding.name
    return "model"
