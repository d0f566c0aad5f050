"""Constants and simple expressions, evaluated without running anything.

`NUM_CLASSES = 46`, `len(class_names)`, `n // 2`, `loss = 'mse'`: enough to
know a layer's width or a loss name. Anything else is UNKNOWN, never a guess.
"""

from __future__ import annotations

import operator
from typing import Any, Optional

import libcst as cst

from kerlint.analysis.collect import Binding, Scope, argument_for

UNKNOWN: Any = type("Unknown", (), {"__repr__": lambda self: "UNKNOWN", "__bool__": lambda self: False})()

_MAX_DEPTH = 25

_BINARY = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.FloorDivide: operator.floordiv,
    cst.Divide: operator.truediv,
    cst.Modulo: operator.mod,
    cst.Power: operator.pow,
}


def follow(expr: cst.BaseExpression, scope: Scope, order: int, depth: int = 0):
    """Follow plain `name = expr` assignments to the expression that defines a value.

    Returns (expr, scope, order) of the defining expression, or the Binding
    itself (as the first item) when the name comes from something other than a
    plain assignment (a parameter, a loop, tuple unpacking of a call...).
    """
    while isinstance(expr, cst.Name) and depth < _MAX_DEPTH:
        binding = scope.resolve(expr.value, order)
        if binding is None:
            return expr, scope, order
        if binding.kind != "assign" or binding.value is None:
            return binding, binding.scope, binding.order
        if binding.path:
            element = element_at(binding.value, binding.path)
            if element is None:
                return binding, binding.scope, binding.order
            expr = element
        else:
            expr = binding.value
        scope, order = binding.scope, binding.order
        depth += 1
    return expr, scope, order


def element_at(value: cst.CSTNode, path: tuple) -> Optional[cst.BaseExpression]:
    """`a, b = 1, 2`: the literal element for the path, when the value is a literal tuple."""
    for index in path:
        if not isinstance(value, (cst.Tuple, cst.List)) or index == "*":
            return None
        elements = value.elements
        if index >= len(elements) or isinstance(elements[index], cst.StarredElement):
            return None
        value = elements[index].value
    return value  # type: ignore[return-value]


def evaluate(expr: Optional[cst.CSTNode], scope: Scope, order: int, depth: int = 0, bound: Optional[dict] = None) -> Any:
    """The Python value of a constant expression, or UNKNOWN.

    `bound` gives the parameters of the functions being walked through
    (a helper called as `up(x, skip, 32)`): (id(function scope), name) ->
    (argument expression, caller scope, caller order). Other parameters take
    the value all call sites agree on.
    """
    if expr is None or depth > _MAX_DEPTH:
        return UNKNOWN
    if isinstance(expr, cst.Name):
        if expr.value in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[expr.value]
        found, scope2, order2 = follow(expr, scope, order, depth)
        if isinstance(found, Binding) and found.kind == "param":
            passed = bound.get((id(found.scope), found.name)) if bound else None
            if passed is not None:
                return evaluate(*passed, depth + 1, bound)
            return _parameter_value(found, depth)
        if isinstance(found, Binding) or isinstance(found, cst.Name):
            return UNKNOWN
        return evaluate(found, scope2, order2, depth + 1, bound)
    if isinstance(expr, cst.Integer):
        try:
            return int(expr.value, 0)
        except ValueError:
            return UNKNOWN
    if isinstance(expr, cst.Float):
        return float(expr.value.replace("_", ""))
    if isinstance(expr, cst.SimpleString):
        try:
            value = expr.evaluated_value
        except Exception:  # noqa: BLE001 - odd prefixes: not a constant we need
            return UNKNOWN
        return value if isinstance(value, str) else UNKNOWN
    if isinstance(expr, cst.ConcatenatedString):
        left = evaluate(expr.left, scope, order, depth + 1, bound)
        right = evaluate(expr.right, scope, order, depth + 1, bound)
        return left + right if isinstance(left, str) and isinstance(right, str) else UNKNOWN
    if isinstance(expr, (cst.Tuple, cst.List)):
        if any(isinstance(e, cst.StarredElement) for e in expr.elements):
            return UNKNOWN
        items = tuple(evaluate(e.value, scope, order, depth + 1, bound) for e in expr.elements)
        return items if isinstance(expr, cst.Tuple) else list(items)
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
        value = evaluate(expr.expression, scope, order, depth + 1, bound)
        return -value if _is_number(value) else UNKNOWN
    if isinstance(expr, cst.BinaryOperation):
        fn = _BINARY.get(type(expr.operator))
        left = evaluate(expr.left, scope, order, depth + 1, bound)
        right = evaluate(expr.right, scope, order, depth + 1, bound)
        if isinstance(expr.operator, cst.Add) and type(left) is type(right) and isinstance(left, (tuple, list)):
            return left + right  # (batch_size,) + self.disc_patch
        if fn and _is_number(left) and _is_number(right):
            try:
                result = fn(left, right)
            except (ArithmeticError, ValueError):
                return UNKNOWN
            if isinstance(result, (int, float)) and abs(result) < 1e12:
                return result
        return UNKNOWN
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and len(expr.args) == 1 and not expr.args[0].keyword:
        if expr.func.value == "len":
            return length_of(expr.args[0].value, scope, order, depth + 1)
        if expr.func.value in ("int", "round") and scope.resolve(expr.func.value, order) is None:  # the builtins
            value = evaluate(expr.args[0].value, scope, order, depth + 1, bound)
            return (int(value) if expr.func.value == "int" else round(value)) if _is_number(value) and abs(value) < 1e12 else UNKNOWN
    if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name) and expr.value.value == "self":
        klass = scope.enclosing_class  # self.img_rows = 28 in __init__, read in another method
        attrs = klass.attributes.get(expr.attr.value) if klass is not None else None
        if attrs and len(attrs) == 1 and attrs[0].value is not None and not attrs[0].path and attrs[0].kind == "assign":
            return evaluate(attrs[0].value, attrs[0].scope, attrs[0].order, depth + 1, bound)
    return UNKNOWN


def _parameter_value(param: Binding, depth: int) -> Any:
    """`def build_model(n_classes=10)` called as `build_model(46)`: the value every call agrees on.

    With no call in the file the default holds; calls that disagree (or pass
    something unknown) make the value UNKNOWN.
    """
    function = param.scope
    if not isinstance(function.node, cst.FunctionDef):
        return UNKNOWN
    if not function.call_sites:
        return evaluate(param.value, function.parent, param.order, depth + 1) if param.value is not None else UNKNOWN
    values = set()
    for site in function.call_sites:
        passed = argument_for(site.node, function.node, param.name)
        value = evaluate(passed, site.scope, site.order, depth + 1)
        if value is UNKNOWN or isinstance(value, list):
            return UNKNOWN
        values.add(value)
    return values.pop() if len(values) == 1 else UNKNOWN


def length_of(expr: cst.BaseExpression, scope: Scope, order: int, depth: int = 0) -> Any:
    """`len(class_names)` where class_names is a literal list (its items need not be constants)."""
    found, scope2, order2 = follow(expr, scope, order, depth)
    if isinstance(found, (cst.List, cst.Tuple, cst.Set)):
        if any(isinstance(e, cst.StarredElement) for e in found.elements):
            return UNKNOWN
        return len(found.elements)
    if isinstance(found, cst.Dict):
        if any(isinstance(e, cst.StarredDictElement) for e in found.elements):
            return UNKNOWN
        return len(found.elements)
    if isinstance(found, cst.SimpleString):
        value = evaluate(found, scope2, order2, depth + 1)
        return len(value) if isinstance(value, str) else UNKNOWN
    return UNKNOWN


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def as_int(value: Any) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
