"""Shapes through each model, as `model.summary()` would print them, without running anything.

The model's input shape comes from what the script declares (`keras.Input`,
`input_shape=` / `input_dim=` / `batch_input_shape=` on the first layer,
`model.build(...)`) or, for a Sequential or subclassed model that declares
nothing, from the arrays passed to fit (see array_shapes). Each layer's output
shape is computed by kerlint.analysis.shapes from its constructor arguments.
A layer kerlint does not understand makes everything after it unknown.

For functional models the tensors are followed as a graph (merges included),
through helper functions (`x = conv_block(x, 32)`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from kerlint.analysis.array_shapes import ArrayShapes
from kerlint.analysis.collect import Binding, Scope, argument, argument_for
from kerlint.analysis.models import Layer, Model
from kerlint.analysis.shapes import POSITIONAL, LayerSpec, canonical, input_rank, output_shape
from kerlint.analysis.values import UNKNOWN, as_int, evaluate, follow
from kerlint.knowledge import keras_api, semantics

Shape = tuple
_INPUTS = ("keras.Input", "keras.layers.InputLayer")
_DATA_FORMAT_SETTERS = ("keras.config.set_image_data_format", "keras.backend.set_image_data_format")
_DIM_ORDERING_SETTERS = ("keras.backend.set_image_dim_ordering",)  # Keras 1: 'th' / 'tf'
_DATA_FORMAT_QUERIES = ("keras.config.image_data_format", "keras.backend.image_data_format", "keras.backend.image_dim_ordering")
_MERGING = (cst.Add, cst.Subtract, cst.Multiply)
# keras.layers.concatenate([a, b], axis=1) and friends: the merge layer, built and called at once
_MERGE_FUNCTIONS = {f"keras.layers.{kind.lower()}": kind for kind in ("Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")}
_IMAGE_CONVOLUTIONS = frozenset({"Conv2D", "Conv3D", "SeparableConv2D", "DepthwiseConv2D", "Conv2DTranspose", "Conv3DTranspose"})


@dataclass(frozen=True)
class InputSource:
    """Where a model's input shape comes from."""

    how: str  # "declared" | "data"
    node: Optional[cst.CSTNode]  # the shape expression, the Input call, or the array passed to fit
    label: str = ""  # "input_shape=(28, 28)"; empty: the node's own source
    suffix: str = ""  # " passed to fit"

    @property
    def text(self) -> str:
        """For messages, written out only when one is: `keras.Input(shape=(28, 28))`, `x_train passed to fit`."""
        return (self.label or _short(self.node)) + self.suffix


@dataclass(eq=False)
class LayerShapes:
    layer: Layer
    inputs: list  # the input shape(s) the layer was given
    output: Optional[Shape]
    varies: bool = False  # a shared layer called on tensors of different shapes
    first: bool = False  # fed the model's input directly


@dataclass(eq=False)
class ModelShapes:
    input: Optional[Shape] = None
    source: Optional[InputSource] = None
    layers: dict = field(default_factory=dict)  # id(Layer) -> LayerShapes
    outputs: list = field(default_factory=list)  # per head: Optional[Shape]
    collapsed: list = field(default_factory=list)  # LayerShapes whose output has a size <= 0
    rank_errors: list = field(default_factory=list)  # LayerShapes whose input rank the layer refuses
    single_input: bool = True  # False for a functional model with several inputs (`input` is the first)

    def of(self, layer: Layer) -> Optional[LayerShapes]:
        return self.layers.get(id(layer))

    def output_of(self, layer: Layer) -> Optional[Shape]:
        found = self.layers.get(id(layer))
        return found.output if found is not None and not found.varies else None


def format_shape(shape: Optional[Shape]) -> str:
    if shape is None:
        return "?"
    dims = ", ".join("None" if d is None else str(d) for d in shape)
    return f"({dims},)" if len(shape) == 1 else f"({dims})"


def collapses(shape: Optional[Shape]) -> bool:
    return shape is not None and any(d is not None and d <= 0 for d in shape[1:])


class ShapeFlow:
    def __init__(self, finder, target: str = "3") -> None:
        self.finder = finder
        self.target = target
        self.arrays = ArrayShapes(finder)
        self.data_format, self.adapts_to_data_format = self._data_format_settings()
        self._models: dict = {}
        self._specs: dict = {}

    # -- entry point ----------------------------------------------------------
    def of_model(self, model: Model) -> ModelShapes:
        found = self._models.get(id(model))
        if found is None:
            found = self._models[id(model)] = ModelShapes()
            if model.kind == "sequential":
                self._sequential(model, found)
            elif model.kind == "functional":
                self._functional(model, found)
            else:
                self._subclass(model, found)
        return found

    # -- layer specifications ---------------------------------------------------
    def spec(self, layer: Layer, frames: tuple = ()) -> Optional[LayerSpec]:
        """The layer's class and constructor arguments by parameter name; None when not readable.

        Inside helper functions (`frames`: the calls being walked through) the
        parameters take the arguments of those calls: `up(x, skip, 32)` builds
        a Conv2DTranspose of 32 filters there and of 16 at the next call.
        """
        key = (id(layer), tuple(id(frame[1]) for frame in frames))
        if key not in self._specs:
            self._specs[key] = self._make_spec(layer, _bound(frames))
        return self._specs[key]

    def input_rank(self, layer: Layer) -> Optional[int]:
        spec = self.spec(layer)
        return input_rank(spec.kind, spec.args) if spec is not None else None

    def _make_spec(self, layer: Layer, bound: Optional[dict], depth: int = 0) -> Optional[LayerSpec]:
        if not layer.known or not isinstance(layer.call, cst.Call) or depth > 4:
            return None
        if layer.qualname is None or not layer.qualname.startswith("keras.layers."):
            return LayerSpec("Activation", {})  # tf.nn.softmax(x) and friends keep the shape
        kind = layer.kind
        accepted = keras_api.class_params("layers", kind, self.target)
        positional = POSITIONAL.get(kind, ())
        args: dict = {}
        for index, arg in enumerate(layer.call.args):
            if arg.star:
                return None
            if arg.keyword is None:
                if index >= len(positional):
                    return None
                name = positional[index]
            else:
                name = arg.keyword.value
                if accepted is not None and not accepted["accepts_any_keyword"] and name not in accepted["params"]:
                    return None  # a Keras 1 keyword or a typo: not the layer Keras would build
            args[name] = self._argument(name, arg.value, layer, bound, depth)
        if "data_format" not in args and self.data_format != "channels_last":
            args["data_format"] = self.data_format
        return LayerSpec(kind, args)

    def _argument(self, name: str, value: cst.BaseExpression, layer: Layer, bound: Optional[dict], depth: int):
        if name in ("layer", "backward_layer"):  # Bidirectional(LSTM(...)), TimeDistributed(Dense(...))
            inner = self.finder.layer_of(value, layer.scope, layer.order)
            return self._make_spec(inner, bound, depth + 1) or UNKNOWN
        if name in ("input_shape", "batch_input_shape", "batch_shape", "target_shape"):
            return self.dims(value, layer.scope, layer.order, bound)
        return evaluate(value, layer.scope, layer.order, bound=bound)

    def dims(self, expr: Optional[cst.BaseExpression], scope: Scope, order: int, bound: Optional[dict] = None):
        """A shape written in the script: `(28, 28, 1)`, `x_train.shape[1:]`, `(x.shape[1], 1)`."""
        if self.adapts_to_data_format and isinstance(expr, cst.Name) and _assigned_more_than_once(expr.value, scope, order):
            return UNKNOWN  # input_shape = (1, 28, 28) in one branch, (28, 28, 1) in the other
        value = evaluate(expr, scope, order, bound=bound)
        if expr is None or (value is not UNKNOWN and not (isinstance(value, (tuple, list)) and UNKNOWN in value)):
            return value
        found, scope, order = follow(expr, scope, order) if isinstance(expr, cst.Name) else (expr, scope, order)
        if isinstance(found, (cst.Tuple, cst.List)) and not any(isinstance(e, cst.StarredElement) for e in found.elements):
            items = tuple(self._dim(e.value, scope, order) for e in found.elements)
            return UNKNOWN if UNKNOWN in items else items
        array_dims = self._array_dims(found, scope, order)
        return array_dims if array_dims is not None else UNKNOWN

    def _dim(self, expr, scope: Scope, order: int):
        value = evaluate(expr, scope, order)
        if value is not UNKNOWN:
            return value
        found = self._array_dims(expr, scope, order)
        return found if isinstance(found, int) else UNKNOWN

    def _array_dims(self, expr, scope: Scope, order: int):
        """`x.shape[1:]` -> a tuple, `x.shape[1]` -> an int, from the array's known shape."""
        if not (isinstance(expr, cst.Subscript) and isinstance(expr.value, cst.Attribute) and expr.value.attr.value == "shape" and len(expr.slice) == 1):
            return None
        shape = self.arrays.shape_of(expr.value.value, scope, order)
        item = expr.slice[0].slice
        if shape is None:
            return None
        if isinstance(item, cst.Index):
            index = as_int(evaluate(item.value, scope, order))
            return shape[index] if index is not None and 0 < index < len(shape) and shape[index] is not None else None
        if isinstance(item, cst.Slice) and item.upper is None and item.step is None:
            lower = as_int(evaluate(item.lower, scope, order)) if item.lower is not None else 0
            if lower is not None and lower >= 1 and all(d is not None for d in shape[lower:]):
                return tuple(shape[lower:])
        return None

    # -- Sequential ---------------------------------------------------------------
    def _sequential(self, model: Model, shapes: ModelShapes) -> None:
        if not model.layers:
            return
        shape, source = self._declared_sequential(model)
        if shape is None:
            shape, source = self._from_data(model)
        shapes.input, shapes.source = shape, source
        for index, layer in enumerate(model.layers):
            shape = self._apply(shapes, layer, [shape], first=index == 0)
        shapes.outputs = [shape]

    def _declared_sequential(self, model: Model):
        if model.input is not None:
            call, scope, order = model.input
            found = self._input_call_shape(call, scope, order)
            if found is not None:
                return found, InputSource("declared", call)
        first = model.layers[0]
        if isinstance(first.call, cst.Call):
            found = self._declared_on_layer(first)
            if found is not None:
                return found
        return self._built(model)

    def _declared_on_layer(self, layer: Layer):
        """`Dense(64, input_shape=(10,))`, `Dense(64, input_dim=10)`, `LSTM(32, batch_input_shape=(...))`."""
        for keyword, batch in (("batch_input_shape", True), ("batch_shape", True), ("input_shape", False)):
            node = layer.argument(None, keyword)
            if node is not None:
                dims = self.dims(node, layer.scope, layer.order)
                shape = _shape(dims, batch)
                return (shape, InputSource("declared", node, f"{keyword}={_text(dims)}")) if shape is not None else None
        node = layer.argument(None, "input_dim")
        if node is not None:
            dim = as_int(evaluate(node, layer.scope, layer.order))
            if dim is None:
                return None
            length = layer.argument(None, "input_length")
            if length is not None and layer.kind != "Embedding":  # Keras 2 recurrent layers: (input_length, input_dim)
                steps = as_int(evaluate(length, layer.scope, layer.order))
                return ((None, steps, dim), InputSource("declared", node, f"input_dim={dim}")) if steps is not None else None
            if layer.kind == "Embedding":
                steps = as_int(evaluate(length, layer.scope, layer.order)) if length is not None else None
                return ((None, steps), InputSource("declared", length, f"input_length={steps}")) if steps is not None else None
            return (None, dim), InputSource("declared", node, f"input_dim={dim}")
        return None

    def _input_call_shape(self, call: cst.CSTNode, scope: Scope, order: int) -> Optional[Shape]:
        """keras.Input(shape=...) / Input(batch_shape=...) / InputLayer(input_shape=...)."""
        if not isinstance(call, cst.Call):
            return None
        for keyword, index, batch in (("batch_shape", None, True), ("batch_input_shape", None, True), ("shape", 0, False), ("input_shape", None, False)):
            node = argument(call, index, keyword)
            if node is not None:
                return _shape(self.dims(node, scope, order), batch)
        return None

    def _built(self, model: Model):
        """`model.build((None, 28, 28, 1))`."""
        for site in self.finder.c.calls:
            func = site.node.func
            if isinstance(func, cst.Attribute) and func.attr.value == "build" and site.node.args:
                if self.finder.model_of(func.value, site.scope, site.order) is model:
                    node = argument(site.node, 0, "input_shape")
                    shape = _shape(self.dims(node, site.scope, site.order), True)
                    if shape is not None:
                        return shape, InputSource("declared", node, f"build({_text(shape)})")
        return None, None

    def _from_data(self, model: Model):
        for call in model.data_calls("fit", "train_on_batch", "evaluate", "predict", "test_on_batch", "predict_on_batch"):
            shape = self.arrays.shape_of(call.x, call.scope, call.order)
            if shape is not None:
                return shape, InputSource("data", call.x, suffix=f" passed to {call.method}")
        return None, None

    # -- functional -------------------------------------------------------------
    def _functional(self, model: Model, shapes: ModelShapes) -> None:
        call = model.node
        inputs = argument(call, 0, "inputs") or argument(call, None, "input")
        if inputs is not None:
            found, scope, order = follow(inputs, model.scope, model.order)
            several = isinstance(found, (cst.List, cst.Tuple))
            shapes.single_input = not several or len(found.elements) == 1
            first = found.elements[0].value if several and found.elements else found
            first, f_scope, f_order = follow(first, scope, order)
            if isinstance(first, cst.Call) and self.finder.qualify(first.func) in _INPUTS:
                shapes.input = self._input_call_shape(first, f_scope, f_order)
                if shapes.input is not None:
                    shapes.source = InputSource("declared", first)
        outputs = argument(call, 1, "outputs") or argument(call, None, "output")
        found, scope, order = follow(outputs, model.scope, model.order)
        if isinstance(found, (cst.List, cst.Tuple)):
            exprs = [(e.value, scope, order) for e in found.elements]
        else:
            exprs = [(outputs, model.scope, model.order)]
        tensors = _Tensors(self, shapes, {})
        shapes.outputs = [tensors.shape(expr, scope, order, ()) for expr, scope, order in exprs]

    # -- subclassed -----------------------------------------------------------------
    def _subclass(self, model: Model, shapes: ModelShapes) -> None:
        """`call(self, inputs)`: the input shape is what build() or fit() give it."""
        class_scope = self.finder.c.classes.get(id(model.node))
        calls = [b for b in class_scope.bindings.get("call", []) if b.kind == "def"] if class_scope else []
        if not calls:
            return
        fn_scope = self.finder.c.functions[id(calls[-1].value)]
        params = calls[-1].value.params.params
        if len(params) < 2:
            return
        shape, source = self._built(model)
        if shape is None:
            shape, source = self._from_data(model)
        if shape is None:
            return
        shapes.input, shapes.source = shape, source
        tensors = _Tensors(self, shapes, {(id(fn_scope), params[1].name.value): shape})
        shapes.outputs = [tensors.shape(expr, fn_scope, order, ()) for expr, order in fn_scope.returns[-1:]]

    # -- one layer ------------------------------------------------------------------
    def _apply(self, shapes: ModelShapes, layer: Layer, inputs: list, first: bool = False, frames: tuple = ()) -> Optional[Shape]:
        spec = self.spec(layer, frames)
        result: Optional[Shape] = None
        if spec is not None and all(shape is not None for shape in inputs):
            rank = input_rank(spec.kind, spec.args)
            if rank is not None and len(inputs) == 1 and len(inputs[0]) != rank:
                record = self._record(shapes, layer, inputs, None, first)
                shapes.rank_errors.append(record)
                return None
            result = output_shape(spec, inputs)
        record = self._record(shapes, layer, inputs, result, first)
        if collapses(result):
            shapes.collapsed.append(record)
            return None  # nothing after it can be computed: Keras stops here
        return result

    @staticmethod
    def _record(shapes: ModelShapes, layer: Layer, inputs: list, output, first: bool) -> LayerShapes:
        known = shapes.layers.get(id(layer))
        if known is None:
            known = shapes.layers[id(layer)] = LayerShapes(layer, list(inputs), output, first=first)
        elif known.inputs != list(inputs) or known.output != output:
            known.varies = True
        return known

    # -- what the shapes suggest ------------------------------------------------------
    def channels_first_suspect(self, model: Model) -> Optional[LayerShapes]:
        """The first image convolution of a model whose input looks channels-first, `(3, 32, 32)`,
        while the convolution reads channels last (no data_format, no global setting)."""
        if self.data_format != "channels_last" or self.adapts_to_data_format:
            return None
        shapes = self.of_model(model)
        shape = shapes.input
        if shape is None or len(shape) not in (4, 5):
            return None
        if shape[1] not in (1, 3) or shape[-1] in (1, 3, 4) or any(d is None or d < 8 for d in shape[2:]):
            return None
        chain = model.layers if model.kind == "sequential" else (model.heads[0].chain if len(model.heads) == 1 else [])
        for layer in chain:
            record = shapes.of(layer)
            spec = self.spec(layer)
            if record is None or spec is None or record.inputs[0] != shape:
                return None
            if canonical(spec.kind) in _IMAGE_CONVOLUTIONS:
                kernel = spec.args.get("kernel_size")
                height = kernel[0] if isinstance(kernel, (tuple, list)) and kernel else kernel
                if spec.args.get("data_format", "channels_last") in (None, "channels_last") and isinstance(height, int) and height > 1:
                    return record
                return None
            if record.output != shape:
                return None
        return None

    # -- settings -------------------------------------------------------------------
    def _data_format_settings(self) -> tuple:
        """(the image data format: channels_last unless the script sets another, UNKNOWN if not a constant;
        whether the script asks Keras for it, `if K.image_data_format() == "channels_first": ...`,
        laying its data out for either format)."""
        found, asks = "channels_last", False
        for site in self.finder.c.calls:
            name = self.finder.qualify(site.node.func)
            if name in _DATA_FORMAT_SETTERS or name in _DIM_ORDERING_SETTERS:
                value = evaluate(site.node.args[0].value, site.scope, site.order) if site.node.args else UNKNOWN
                value = {"th": "channels_first", "tf": "channels_last"}.get(value, value) if name in _DIM_ORDERING_SETTERS else value
                found = value if value in ("channels_first", "channels_last") else UNKNOWN
            asks = asks or name in _DATA_FORMAT_QUERIES
        return found, asks


class _Tensors:
    """Shapes of the tensors of one functional graph (or one subclass's call)."""

    def __init__(self, flow: ShapeFlow, shapes: ModelShapes, roots: dict) -> None:
        self.flow = flow
        self.finder = flow.finder
        self.shapes = shapes
        self.roots = roots  # (id(function scope), parameter name) -> the shape it receives
        self._memo: dict = {}

    def shape(self, expr, scope: Scope, order: int, frames: tuple, depth: int = 0) -> Optional[Shape]:
        if expr is None or depth > 400:
            return None
        found, scope, order = follow(expr, scope, order)
        if isinstance(found, Binding):
            return self._parameter(found, frames, depth)
        key = (id(found), tuple(id(frame[1]) for frame in frames))
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = None  # cycles are unknown
        result = self._compute(found, scope, order, frames, depth)
        self._memo[key] = result
        return result

    def _parameter(self, binding: Binding, frames: tuple, depth: int) -> Optional[Shape]:
        if binding.kind != "param":
            return None
        root = self.roots.get((id(binding.scope), binding.name))
        if root is not None:
            return root
        passed = _passed_for(binding, frames)
        return self.shape(*passed, depth + 1) if passed is not None else None

    def _compute(self, found, scope: Scope, order: int, frames: tuple, depth: int) -> Optional[Shape]:
        if isinstance(found, cst.BinaryOperation) and isinstance(found.operator, _MERGING):
            left = self.shape(found.left, scope, order, frames, depth + 1)
            right = self.shape(found.right, scope, order, frames, depth + 1)
            return left if left is not None and left == right else None
        if not isinstance(found, cst.Call):
            return None
        func = found.func
        name = self.finder.qualify(func) if not isinstance(func, cst.Call) else None
        first = found.args[0].value if found.args and found.args[0].keyword is None else argument(found, None, "inputs")
        if name in _INPUTS:
            return self.flow._input_call_shape(found, scope, order)
        if name in _MERGE_FUNCTIONS and isinstance(first, (cst.List, cst.Tuple)):
            bound = _bound(frames)
            args = {arg.keyword.value: evaluate(arg.value, scope, order, bound=bound) for arg in found.args[1:] if arg.keyword is not None}
            inputs = [self.shape(e.value, scope, order, frames, depth + 1) for e in first.elements]
            return output_shape(LayerSpec(_MERGE_FUNCTIONS[name], args), inputs) if None not in inputs else None
        if semantics.activation_function(name) is not None:
            return self.shape(first, scope, order, frames, depth + 1)
        helper = self.finder._helper_function(found, scope, order)
        if helper is not None:
            expr, ret_order = helper.returns[-1]
            return self.shape(expr, helper, ret_order, frames + ((helper, found, scope, order),), depth + 1)
        layers = self.finder.layers_of(func, scope, order)
        if not layers or not all(layer.known for layer in layers) or first is None:
            return None
        if len(layers) > 1:
            sub_model = self.finder.model_of(func, scope, order)
            if sub_model is None or sub_model.kind != "sequential":
                return None  # a functional sub-model: its graph is not a chain
        if isinstance(first, (cst.List, cst.Tuple)):
            inputs = [self.shape(e.value, scope, order, frames, depth + 1) for e in first.elements]
        else:
            inputs = [self.shape(first, scope, order, frames, depth + 1)]
        fed_input = self._is_model_input(first, scope, order, frames)
        shape: Optional[Shape] = None
        for index, layer in enumerate(layers):
            shape = self.flow._apply(self.shapes, layer, inputs if index == 0 else [shape], fed_input and index == 0, frames)
        return shape

    def _is_model_input(self, expr, scope: Scope, order: int, frames: tuple) -> bool:
        found, _, _ = follow(expr, scope, order)
        if isinstance(found, Binding):
            if found.kind != "param":
                return False
            if (id(found.scope), found.name) in self.roots:
                return True
            passed = _passed_for(found, frames)
            return passed is not None and self._is_model_input(*passed)
        return isinstance(found, cst.Call) and self.finder.qualify(found.func) in _INPUTS


def _passed_for(param: Binding, frames: tuple) -> Optional[tuple]:
    """(argument expression, caller scope, caller order, outer frames) that the innermost helper call
    being walked through passes for `param`; None for a parameter of another function."""
    if not frames or frames[-1][0] is not param.scope:
        return None
    fn_scope, call, scope, order = frames[-1]
    passed = argument_for(call, fn_scope.node, param.name)
    return (passed, scope, order, frames[:-1]) if passed is not None else None


def _assigned_more_than_once(name: str, scope: Scope, order: int) -> bool:
    binding = scope.resolve(name, order)
    return binding is not None and sum(b.kind == "assign" for b in binding.scope.bindings.get(name, ())) > 1


def _bound(frames: tuple) -> Optional[dict]:
    """The arguments that the helper calls being walked through pass for each parameter (see values.evaluate)."""
    bound: dict = {}
    for fn_scope, call, scope, order in frames:
        function = fn_scope.node
        for param in (*function.params.posonly_params, *function.params.params, *function.params.kwonly_params):
            passed = argument_for(call, function, param.name.value)
            if passed is not None and passed is not param.default:  # a default is read where it is written
                bound[(id(fn_scope), param.name.value)] = (passed, scope, order)
    return bound or None


def _shape(dims, batch: bool) -> Optional[Shape]:
    """A declared shape as a tuple of int/None dims, with the batch axis first."""
    if isinstance(dims, list):
        dims = tuple(dims)
    if not isinstance(dims, tuple) or not all(d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in dims):
        return None
    if batch:
        return dims or None
    return (None, *dims)


def _text(dims) -> str:
    return format_shape(tuple(dims)) if isinstance(dims, (tuple, list)) else "?"


def _short(node: cst.CSTNode, limit: int = 50) -> str:
    text = " ".join(cst.Module([]).code_for_node(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
