"""The shape of the arrays a script feeds to fit, without running anything.

From the known shape of a `keras.datasets` split (mnist's `(N, 28, 28)`,
cifar10's labels `(N, 1)`) or of a numpy constructor (`np.random.rand(1000, 20)`,
`np.zeros((n, 10))`) through the script's own steps: reshape, expand_dims,
`x[..., None]`, transpose, astype, scaling, slicing of rows, to_categorical,
pad_sequences, train_test_split. The first axis is the sample axis and is
always None. Anything else is unknown (None), never a guess.
"""

from __future__ import annotations

from math import prod
from typing import Optional

import libcst as cst

from kerlint.analysis.collect import Binding, Scope, argument
from kerlint.analysis.data import scaler_of
from kerlint.analysis.values import as_int, evaluate, follow
from kerlint.knowledge.datasets import DATASETS

Shape = tuple

# Calls that return their first argument's shape.
_SAME_SHAPE = frozenset(
    {"numpy.array", "numpy.asarray", "numpy.float32", "numpy.copy", "numpy.ascontiguousarray",
     "tensorflow.convert_to_tensor", "tensorflow.constant", "tensorflow.cast", "keras.ops.convert_to_tensor", "keras.ops.cast"}
)
_SAME_SHAPE_METHODS = frozenset({"astype", "copy", "to_numpy", "numpy"})
_EXPAND_DIMS = frozenset({"numpy.expand_dims", "tensorflow.expand_dims", "keras.ops.expand_dims"})
_RESHAPE = frozenset({"numpy.reshape", "tensorflow.reshape", "keras.ops.reshape"})
_TRANSPOSE = frozenset({"numpy.transpose", "tensorflow.transpose", "keras.ops.transpose"})
_NEWAXIS = frozenset({"numpy.newaxis"})
# Constructors that take the shape: as their first argument, as separate
# dimensions, or as `size=` after the distribution's parameters.
_SHAPE_FIRST = frozenset({"numpy.zeros", "numpy.ones", "numpy.empty", "numpy.full", "numpy.random.random", "numpy.random.random_sample",
                          "numpy.random.sample", "numpy.random.ranf"})
_SHAPE_AS_DIMS = frozenset({"numpy.random.rand", "numpy.random.randn"})
_SHAPE_AS_SIZE = {"numpy.random.randint": 2, "numpy.random.uniform": 2, "numpy.random.normal": 2, "numpy.random.binomial": 2,
                  "numpy.random.choice": 1, "numpy.random.poisson": 1}
_ARITHMETIC = (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.FloorDivide, cst.Power)
_MAX_DEPTH = 40


class ArrayShapes:
    def __init__(self, finder) -> None:
        self.finder = finder
        self._cache: dict = {}

    def shape_of(self, expr: Optional[cst.CSTNode], scope: Scope, order: int, depth: int = 0) -> Optional[Shape]:
        if expr is None or depth > _MAX_DEPTH:
            return None
        key = (id(expr), id(scope), order)
        if key not in self._cache:  # the node is kept with its answer, so that its id is never reused
            self._cache[key] = (expr, None)  # a cycle through the same expression is unknown
            self._cache[key] = (expr, self._shape(expr, scope, order, depth))
        return self._cache[key][1]

    def _shape(self, expr, scope: Scope, order: int, depth: int) -> Optional[Shape]:
        found, scope, order = follow(expr, scope, order) if isinstance(expr, cst.Name) else (expr, scope, order)
        if isinstance(found, Binding):
            return self._binding(found, depth)
        if isinstance(found, cst.Subscript):
            one_hot = self._eye_rows(found, scope, order)
            if one_hot is not None:
                return one_hot
            return _subscripted(self.shape_of(found.value, scope, order, depth + 1), found, self.finder)
        if isinstance(found, cst.BinaryOperation) and isinstance(found.operator, _ARITHMETIC):
            left = self.shape_of(found.left, scope, order, depth + 1)
            right = self.shape_of(found.right, scope, order, depth + 1)
            if left is not None and right is not None:
                return left if left == right else None
            # an array with a scalar or with its statistics (`(x - mean) / std`)
            return left or right
        if isinstance(found, cst.Comparison) and len(found.comparisons) == 1:  # a mask: (x > 0.5)
            return self.shape_of(found.left, scope, order, depth + 1)
        if isinstance(found, cst.Call):
            return self._call(found, scope, order, depth)
        return None

    def _binding(self, binding: Binding, depth: int) -> Optional[Shape]:
        if binding.kind == "aug":  # x /= 255: the shape of x before
            return self.shape_of(cst.Name(binding.name), binding.scope, binding.order, depth + 1)
        if binding.kind != "assign" or not binding.path or not isinstance(binding.value, cst.Call):
            return None
        call = binding.value
        name = self.finder.qualify(call.func)
        if name and name.startswith("keras.datasets.") and name.endswith(".load_data") and len(binding.path) == 2:
            dataset = DATASETS.get(name.split(".")[2])
            split, part = binding.path
            if dataset is None or split not in (0, 1) or part not in (0, 1):
                return None
            if part == 0:
                return (None, *dataset.x_shape) if dataset.x_shape is not None else None
            return (None, *dataset.y_shape)
        if name == "sklearn.model_selection.train_test_split" and len(binding.path) == 1 and binding.path[0] != "*":
            arrays = [a.value for a in call.args if a.keyword is None]
            index = binding.path[0] // 2
            if index < len(arrays) and not any(a.star for a in call.args):
                return self.shape_of(arrays[index], binding.scope, binding.order, depth + 1)
        return None

    def _call(self, call: cst.Call, scope: Scope, order: int, depth: int) -> Optional[Shape]:
        func = call.func
        name = self.finder.qualify(func)
        first = call.args[0].value if call.args and call.args[0].keyword is None else None
        if isinstance(func, cst.Attribute) and name is None:  # a method of the array
            method = func.attr.value
            source = lambda: self.shape_of(func.value, scope, order, depth + 1)  # noqa: E731
            if method in _SAME_SHAPE_METHODS:
                return source()
            if method == "reshape" and call.args:
                target = evaluate(call.args[0].value, scope, order) if len(call.args) == 1 else tuple(evaluate(a.value, scope, order) for a in call.args)
                return _reshaped(source(), target)
            if method == "transpose" and call.args:
                axes = evaluate(call.args[0].value, scope, order) if len(call.args) == 1 else tuple(evaluate(a.value, scope, order) for a in call.args)
                return _transposed(source(), axes)
            # a StandardScaler and friends keep the shape; a vectoriser's transform does not
            if method in ("transform", "fit_transform") and scaler_of(self.finder, func.value, scope, order):
                return self.shape_of(first, scope, order, depth + 1)
            return None
        if isinstance(func, cst.Name) and name is None:
            return self._returned(func, scope, order, depth)
        if name in _SAME_SHAPE:
            return self.shape_of(first, scope, order, depth + 1)
        if name in _EXPAND_DIMS:
            axis = as_int(evaluate(argument(call, 1, "axis"), scope, order))
            return _expanded(self.shape_of(first, scope, order, depth + 1), axis)
        if name in _RESHAPE:
            return _reshaped(self.shape_of(first, scope, order, depth + 1), evaluate(argument(call, 1, "newshape") or argument(call, 1, "shape"), scope, order))
        if name in _TRANSPOSE:
            return _transposed(self.shape_of(first, scope, order, depth + 1), evaluate(argument(call, 1, "axes") or argument(call, 1, "perm"), scope, order))
        if name in _SHAPE_FIRST:
            return _created(evaluate(argument(call, 0, "shape") or argument(call, 0, "size"), scope, order))
        if name in ("numpy.eye", "numpy.identity") and call.args and not any(a.star for a in call.args):
            columns = argument(call, 1, "M") if name == "numpy.eye" else None
            return _created((None, evaluate(columns or call.args[0].value, scope, order)))
        if name in _SHAPE_AS_DIMS and not any(a.keyword or a.star for a in call.args):
            return _created(tuple(evaluate(a.value, scope, order) for a in call.args))
        if name in _SHAPE_AS_SIZE:
            return _created(evaluate(argument(call, _SHAPE_AS_SIZE[name], "size"), scope, order))
        if name == "keras.utils.to_categorical":
            return _one_hot(self.shape_of(first, scope, order, depth + 1), as_int(evaluate(argument(call, 1, "num_classes"), scope, order)))
        if name in ("keras.utils.pad_sequences", "keras.preprocessing.sequence.pad_sequences"):
            maxlen = as_int(evaluate(argument(call, None, "maxlen"), scope, order))
            return (None, maxlen)
        return None

    def _returned(self, func: cst.Name, scope: Scope, order: int, depth: int) -> Optional[Shape]:
        """A helper of the script's own (Chollet's `vectorize_sequences`): the shape of the array it returns.

        Its parameters take the value all its calls agree on (see values.evaluate)."""
        binding = scope.resolve(func.value, order)
        if binding is None or binding.kind != "def":
            return None
        function = self.finder.c.functions.get(id(binding.value))
        if function is None or not function.returns:
            return None
        shapes = {self.shape_of(expr, function, ret_order + 1, depth + 1) for expr, ret_order in function.returns}
        return shapes.pop() if len(shapes) == 1 else None

    def _eye_rows(self, node: cst.Subscript, scope: Scope, order: int) -> Optional[Shape]:
        """`np.eye(10)[y]`: a one-hot row of 10 for each label of y (cifar's (N, 1) labels give (N, 1, 10))."""
        value = node.value
        if not (isinstance(value, cst.Call) and self.finder.qualify(value.func) in ("numpy.eye", "numpy.identity") and value.args):
            return None
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index) or len(value.args) > 1:
            return None
        labels = self.shape_of(node.slice[0].slice.value, scope, order)
        if labels is None:
            return None  # np.eye(10)[3] is one row; unknown labels give unknown rows
        return (*labels, as_int(evaluate(value.args[0].value, scope, order)))


def _created(dims) -> Optional[Shape]:
    """np.zeros((1000, 20)) / np.random.rand(1000, 20): the first axis is the samples."""
    if isinstance(dims, int) and not isinstance(dims, bool):
        dims = (dims,)
    if not isinstance(dims, (tuple, list)) or not dims or not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in dims[1:]):
        return None
    return (None, *dims[1:])


def _subscripted(shape: Optional[Shape], node: cst.Subscript, finder) -> Optional[Shape]:
    """`x[:1000]`, `x[..., None]`, `x[:, :, :, np.newaxis]`: rows kept, axes added; anything else unknown."""
    if shape is None:
        return None
    items = [element.slice for element in node.slice]
    if len(items) == 1 and isinstance(items[0], cst.Slice):
        return shape  # rows selected: the sample axis is None already
    result: list = []
    axis = 0
    for index, item in enumerate(items):
        value = item.value if isinstance(item, cst.Index) else None
        if isinstance(value, cst.Ellipsis):
            remaining = sum(1 for other in items[index + 1 :] if not _is_new_axis(other, finder))
            keep = len(shape) - axis - remaining
            if keep < 0:
                return None
            result.extend(shape[axis : axis + keep])
            axis += keep
        elif value is not None and _is_new_axis(item, finder):
            result.append(1)
        elif isinstance(item, cst.Slice) and item.lower is None and item.upper is None and item.step is None and axis < len(shape):
            result.append(shape[axis])
            axis += 1
        elif isinstance(item, cst.Slice) and axis == 0:
            result.append(None)
            axis += 1
        else:
            return None
    if axis > len(shape):
        return None
    return (*result, *shape[axis:])


def _is_new_axis(item, finder) -> bool:
    value = item.value if isinstance(item, cst.Index) else None
    if isinstance(value, cst.Name) and value.value == "None":
        return True
    return isinstance(value, (cst.Name, cst.Attribute)) and finder.qualify(value) in _NEWAXIS


def _reshaped(shape: Optional[Shape], target) -> Optional[Shape]:
    """reshape(-1, 28, 28, 1) / reshape(len(x), 784) / reshape((60000, 28, 28, 1)): the first axis is the samples."""
    if isinstance(target, (tuple, list)) and len(target) == 1 and isinstance(target[0], (tuple, list)):
        target = target[0]
    if not isinstance(target, (tuple, list)) or len(target) < 1:
        return None
    rest = [as_int(d) if not isinstance(d, (tuple, list)) else None for d in target[1:]]
    if None in rest or any(d == 0 or d < -1 for d in rest) or rest.count(-1) > 1:
        return None
    if -1 in rest:
        if shape is None or any(d is None for d in shape[1:]):
            return None
        known = prod(d for d in rest if d != -1)
        total = prod(shape[1:])
        if known == 0 or total % known:
            return None
        rest[rest.index(-1)] = total // known
    return (None, *rest)


def _transposed(shape: Optional[Shape], axes) -> Optional[Shape]:
    if shape is None or not isinstance(axes, (tuple, list)) or sorted(a for a in axes if isinstance(a, int)) != list(range(len(shape))):
        return None
    if axes[0] != 0:
        return None  # the samples no longer come first
    return tuple(shape[a] for a in axes)


def _expanded(shape: Optional[Shape], axis: Optional[int]) -> Optional[Shape]:
    if shape is None or axis is None or not -len(shape) - 1 <= axis <= len(shape) or axis == 0:
        return None
    position = axis if axis >= 0 else len(shape) + 1 + axis
    return (*shape[:position], 1, *shape[position:])


def _one_hot(shape: Optional[Shape], classes: Optional[int]) -> Optional[Shape]:
    """to_categorical drops a trailing axis of size 1 (cifar's (N, 1)) and adds one of `classes`."""
    if shape is None:
        return None
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    return (*shape, classes)
