"""Following an array from where it is loaded to where it is used.

`trace(expr)` answers: where does this array come from (a keras.datasets
split, and which part: inputs or labels, train or test), and which steps were
applied on the way (scaled, shifted, standardised by a scaler, sliced,
reshaped...), each with the node where it happened. Unknown origins stay
unknown: a rule that needs the origin stays silent then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from kerlint.analysis.collect import Binding, Scope
from kerlint.analysis.values import element_at, follow
from kerlint.knowledge.datasets import DATASETS, Dataset

# Kinds of step; SCALING are those that change the value range.
SCALING = frozenset({"divide", "multiply", "subtract", "scaler", "standardize", "rescale"})
_KEEPS = frozenset(
    {"numpy.array", "numpy.asarray", "numpy.float32", "numpy.expand_dims", "numpy.squeeze", "numpy.ravel", "numpy.reshape",
     "tensorflow.convert_to_tensor", "tensorflow.constant", "tensorflow.expand_dims", "tensorflow.cast", "numpy.copy"}
)
_KEEP_METHODS = frozenset({"astype", "reshape", "flatten", "ravel", "squeeze", "copy", "to_numpy", "values", "transpose"})
SCALERS = frozenset(
    {"sklearn.preprocessing.StandardScaler", "sklearn.preprocessing.MinMaxScaler", "sklearn.preprocessing.RobustScaler",
     "sklearn.preprocessing.MaxAbsScaler", "sklearn.preprocessing.Normalizer", "sklearn.preprocessing.QuantileTransformer",
     "sklearn.preprocessing.PowerTransformer", "keras.layers.Normalization"}
)


@dataclass(frozen=True)
class Origin:
    dataset: Dataset
    part: str  # x | y
    split: str  # train | test
    node: cst.CSTNode  # the load_data() call


@dataclass(frozen=True)
class Step:
    kind: str  # divide | multiply | subtract | add | scaler | slice | index | keep | onehot
    node: cst.CSTNode
    operand: Optional[cst.CSTNode] = None  # what was divided by / subtracted / the scaler


@dataclass(frozen=True)
class Trace:
    origin: Optional[Origin] = None
    steps: tuple = field(default_factory=tuple)

    @property
    def scaled(self) -> bool:
        return any(step.kind in SCALING for step in self.steps)

    def first(self, kinds) -> Optional[Step]:
        return next((step for step in self.steps if step.kind in kinds), None)


_NOTHING = Trace()


class DataTracer:
    def __init__(self, finder) -> None:
        self.finder = finder

    def qualify(self, node) -> Optional[str]:
        return self.finder.qualify(node)

    def trace(self, expr: Optional[cst.CSTNode], scope: Scope, order: int, depth: int = 0) -> Trace:
        if expr is None or depth > 40:
            return _NOTHING
        found, scope, order = follow(expr, scope, order) if isinstance(expr, cst.Name) else (expr, scope, order)
        if isinstance(found, Binding):
            return self._binding(found, depth)
        if isinstance(found, cst.Subscript):
            kind = "slice" if any(isinstance(e.slice, cst.Slice) for e in found.slice) else "index"
            return self._then(self.trace(found.value, scope, order, depth + 1), Step(kind, found))
        if isinstance(found, cst.BinaryOperation):
            kind = {cst.Divide: "divide", cst.FloorDivide: "divide", cst.Multiply: "multiply", cst.Subtract: "subtract", cst.Add: "add"}.get(type(found.operator))
            if kind is None:
                return _NOTHING
            left = self.trace(found.left, scope, order, depth + 1)
            return self._then(left, Step(kind, found, found.right))
        if isinstance(found, cst.Call):
            return self._call(found, scope, order, depth)
        return _NOTHING

    @staticmethod
    def _then(trace: Trace, step: Step) -> Trace:
        return Trace(trace.origin, trace.steps + (step,)) if trace.origin is not None else _NOTHING

    def _binding(self, binding: Binding, depth: int) -> Trace:
        if binding.kind == "aug":
            kind = {cst.DivideAssign: "divide", cst.MultiplyAssign: "multiply", cst.SubtractAssign: "subtract", cst.AddAssign: "add", cst.FloorDivideAssign: "divide"}.get(type(binding.op))
            previous = self.trace(cst.Name(binding.name), binding.scope, binding.order, depth + 1)
            return self._then(previous, Step(kind, binding.target, binding.value)) if kind else _NOTHING
        if binding.kind == "assign" and binding.path and isinstance(binding.value, cst.Call):
            return self._unpacked(binding)
        return _NOTHING

    def _unpacked(self, binding: Binding) -> Trace:
        """`(x_train, y_train), (x_test, y_test) = mnist.load_data()`."""
        call = binding.value
        name = self.qualify(call.func)
        if not (name and name.startswith("keras.datasets.") and name.endswith(".load_data")) or len(binding.path) != 2:
            return _NOTHING
        dataset = DATASETS.get(name.split(".")[2])
        if dataset is None or binding.path[0] not in (0, 1) or binding.path[1] not in (0, 1):
            return _NOTHING
        origin = Origin(dataset, "xy"[binding.path[1]], ("train", "test")[binding.path[0]], call)
        return Trace(origin, ())

    def _call(self, call: cst.Call, scope: Scope, order: int, depth: int) -> Trace:
        func = call.func
        name = self.qualify(func)
        first = call.args[0].value if call.args else None
        if name in _KEEPS:
            return self._then(self.trace(first, scope, order, depth + 1), Step("keep", call))
        if isinstance(func, cst.Attribute) and func.attr.value in _KEEP_METHODS:
            return self._then(self.trace(func.value, scope, order, depth + 1), Step("keep", call))
        if name in ("numpy.concatenate", "numpy.vstack", "numpy.hstack") and isinstance(first, (cst.List, cst.Tuple)) and first.elements:
            # pieces of one array put back together (Chollet's K-fold) keep its origin
            parts = [self.trace(e.value, scope, order, depth + 1) for e in first.elements]
            if all(p.origin is not None and p.origin == parts[0].origin for p in parts):
                return self._then(parts[0], Step("concat", call))
            return _NOTHING
        if name == "keras.utils.to_categorical":
            return self._then(self.trace(first, scope, order, depth + 1), Step("onehot", call))
        if isinstance(func, cst.Attribute) and func.attr.value in ("transform", "fit_transform") and self.scaler_of(func.value, scope, order):
            return self._then(self.trace(first, scope, order, depth + 1), Step("scaler", call, func.value))
        return _NOTHING

    def scaler_of(self, expr: cst.CSTNode, scope: Scope, order: int) -> Optional[str]:
        return scaler_of(self.finder, expr, scope, order)


def scaler_of(finder, expr: cst.CSTNode, scope: Scope, order: int) -> Optional[str]:
    """The scaler class an expression holds (`StandardScaler()` or a variable bound to one)."""
    found, _, _ = follow(expr, scope, order) if isinstance(expr, cst.Name) else (expr, scope, order)
    if isinstance(found, cst.Call):
        name = finder.qualify(found.func)
        if name in SCALERS:
            return name
    return None


# Methods that keep rows in order and come from the same data (pandas and numpy).
_ROW_KEEPING = frozenset(
    {"values", "to_numpy", "astype", "reshape", "copy", "drop", "dropna", "fillna", "filter", "iloc", "loc", "reset_index",
     "set_index", "sort_values", "sort_index", "interpolate", "ffill", "bfill", "rename", "select_dtypes", "apply", "map", "squeeze"}
)


def lineage(finder, expr, scope: Scope, order: int, limit: int = 60) -> list:
    """The expressions an array was derived from, nearest first, back to its origin.

    Follows names to their assignments, and through subscripts, attribute and
    method chains (`df[cols].values`, `df.drop(...).to_numpy()`), numpy
    wrappers, and a helper function's first argument
    (`X, y = make_windows(series, 24)`). Each item is (node, scope, order).
    """
    items: list = []
    pending = [(expr, scope, order)]
    seen: set = set()
    while pending and len(items) < limit:
        node, scope, order = pending.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, cst.Name):
            binding = scope.resolve(node.value, order)
            if binding is None or binding.value is None or binding.kind not in ("assign", "aug"):
                continue
            value = element_at(binding.value, binding.path) if binding.path else binding.value  # `a, b = [], []`
            items.append((binding.target, binding.scope, binding.order))
            pending.append((value if value is not None else binding.value, binding.scope, binding.order))
            if isinstance(value, cst.List):  # windows = [] ... windows.append(values[i:i + n])
                for site in finder.c.calls:
                    func = site.node.func
                    if (
                        site.scope is binding.scope
                        and isinstance(func, cst.Attribute)
                        and func.attr.value in ("append", "extend")
                        and isinstance(func.value, cst.Name)
                        and func.value.value == binding.name
                        and site.node.args
                    ):
                        pending.append((site.node.args[0].value, site.scope, site.order))
            if binding.kind == "aug":
                pending.append((cst.Name(binding.name), binding.scope, binding.order))
            continue
        items.append((node, scope, order))
        if isinstance(node, cst.Subscript):
            pending.append((node.value, scope, order))
        elif isinstance(node, cst.Attribute):
            pending.append((node.value, scope, order))
        elif isinstance(node, cst.Call):
            func = node.func
            if isinstance(func, cst.Attribute) and (func.attr.value in _ROW_KEEPING or func.attr.value in _KEEP_METHODS):
                pending.append((func.value, scope, order))
            elif finder.qualify(func) in _KEEPS or (isinstance(func, cst.Name) and node.args):
                pending.append((node.args[0].value, scope, order))  # np.array(x), or a helper's first argument
        elif isinstance(node, cst.BinaryOperation):
            pending.append((node.left, scope, order))
    return items
