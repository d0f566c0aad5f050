"""A layer size or shape computed with `/`, which gives a float where Keras needs an int.

## What it does
Reports an argument that must be a whole number (units, filters,
kernel_size, strides, pool_size, output_dim, the dims of `Reshape` or of an
input shape...) of a Keras layer or `keras.Input` whose value is computed
with true division `/`, directly (`Dense(n / 2)`,
`Reshape((28 / 4, 28 / 4, 8))`) or through a variable (`half = n / 2`).

## Why is this bad?
In Python 3, `/` always returns a float (`64 / 2 == 32.0`). Keras wants
integers for sizes, and where it notices depends on the layer (Keras 3.15):
`Dense`, `Embedding`, `GRU`, `SimpleRNN` and the pooling layers raise when
they are created ("expected a positive integer"); `Conv2D(64 / 2, 3)` and
`LSTM(64 / 2)` only when the model is built ("Cannot convert (3, 3, 1,
32.0) to a shape"); `Reshape((28 / 4, 28 / 4, 8))` builds with unknown axes
and fails at the first fit. None of these messages points at the division.

Keras 2 (tf.keras) rounds `Dense(units)` and the `filters` of a convolution
down to an int itself (and rejects the other sizes): with
`--target-keras 2` those two are not reported.

## Fix safety
Where the argument (or an item of its tuple) is the division itself,
`Dense(n / 2)`, `/` is replaced by `//`: for the positive sizes Keras takes
this is the value Keras 2 built by rounding down. A division inside a larger
expression (`n / 3 * 2`) is only reported: `n // 3 * 2` is another number.
So is one in another statement: the variable may be used elsewhere as a
float.

## References
- https://docs.python.org/3/reference/expressions.html#binary-arithmetic-operations
"""

import libcst as cst

from kerlint.analysis.collect import Binding
from kerlint.analysis.shapes import POSITIONAL
from kerlint.analysis.values import follow
from kerlint.rulekit import Finding, Program

CODE = "KER122"
NAME = "float-layer-size"
SEVERITY = "E"

BAD = [
    '''
    import keras
    from keras import layers

    n_hidden = 128
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(n_hidden, activation="relu"),
        layers.Dense(n_hidden / 2, activation="relu"),  # expect: KER122
        layers.Dense(10, activation="softmax"),
    ])
    ''',
    '''
    import keras
    from keras import layers

    side = 28 / 4
    model = keras.Sequential([
        keras.Input(shape=(100,)),
        layers.Dense(7 * 7 * 8, activation="relu"),
        layers.Reshape((side, side, 8)),  # expect: KER122
    ])
    ''',
]

GOOD = [
    '''
    import keras
    from keras import layers

    n_hidden = 128
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(n_hidden, activation="relu"),
        layers.Dense(n_hidden // 2, activation="relu"),
        layers.Dense(int(n_hidden / 4), activation="relu"),
        layers.Dropout(0.5 / 2),
        layers.Dense(10, activation="softmax"),
    ])
    ''',
]

# Constructor arguments that must be whole numbers (or tuples of them).
INTEGER_ARGUMENTS = frozenset(
    {"units", "filters", "kernel_size", "strides", "pool_size", "size", "output_dim", "input_dim", "n", "target_shape",
     "dims", "cropping", "dilation_rate", "input_length", "num_heads", "key_dim", "value_dim", "depth_multiplier",
     "output_padding", "input_shape", "batch_input_shape", "shape", "batch_shape", "height", "width", "groups",
     "num_tokens", "max_tokens", "output_sequence_length", "output_size", "sequence_length"}
)
# What Keras 2 rounds down to an int itself: (class-name test, argument).
_KERAS2_ROUNDS = ((lambda kind: kind == "Dense", "units"), (lambda kind: "Conv" in kind, "filters"))
# ZeroPadding/Cropping take sizes as `padding`; for convolutions it is a string.
_INTEGER_PADDING = ("ZeroPadding", "Cropping")
_INPUTS = ("keras.Input", "keras.layers.InputLayer")


def check(program: Program):
    for site in program.collected.calls:
        call = site.node
        kind = program.finder.layer_class(call.func)
        if kind is None and program.qualify(call.func) in _INPUTS:
            kind = "Input"
        if kind is None:
            continue
        positional = POSITIONAL.get(kind, ("shape",) if kind == "Input" else ())
        for index, arg in enumerate(call.args):
            name = arg.keyword.value if arg.keyword is not None else (positional[index] if index < len(positional) and not arg.star else None)
            if name not in INTEGER_ARGUMENTS and not (name == "padding" and kind.startswith(_INTEGER_PADDING)):
                continue
            if program.target == "2" and any(matches(kind) and name == argument for matches, argument in _KERAS2_ROUNDS):
                continue
            division = _true_division(arg.value, site.scope, site.order)
            if division is None:
                continue
            where = "" if _contains(arg.value, division) else f" (computed at {program.where(division)})"
            yield Finding(
                arg.value,
                f"{name}={program.source_of(arg.value)} of {kind} is computed with '/', a float{where}: Keras needs "
                f"whole numbers here; use '//' (floor division) or int()",
                ((division.operator, "//"),) if _is_the_value(arg.value, division) else (),
            )


def _true_division(expr, scope, order, depth: int = 0):
    """The `a / b` that makes `expr` a float: in it, in a tuple of it, or in the variable it names."""
    if depth > 20:
        return None
    found, scope, order = follow(expr, scope, order) if isinstance(expr, cst.Name) else (expr, scope, order)
    if isinstance(found, Binding) or found is None:
        return None
    if isinstance(found, cst.BinaryOperation):
        if isinstance(found.operator, cst.Divide):
            return found
        if isinstance(found.operator, (cst.Add, cst.Subtract, cst.Multiply)):
            return _true_division(found.left, scope, order, depth + 1) or _true_division(found.right, scope, order, depth + 1)
        return None
    if isinstance(found, cst.UnaryOperation):
        return _true_division(found.expression, scope, order, depth + 1)
    if isinstance(found, (cst.Tuple, cst.List)):
        for element in found.elements:
            division = _true_division(element.value, scope, order, depth + 1)
            if division is not None:
                return division
    return None


def _is_the_value(value: cst.CSTNode, division: cst.BinaryOperation) -> bool:
    """`n / 2` or `(h / 4, w / 4, 8)`: the division is the whole size, so `//` gives what Keras 2 rounded to."""
    if value is division:
        return True
    return isinstance(value, (cst.Tuple, cst.List)) and any(element.value is division for element in value.elements)


def _contains(root: cst.CSTNode, node: cst.CSTNode) -> bool:
    pending = [root]
    while pending:
        current = pending.pop()
        if current is node:
            return True
        if isinstance(current, cst.BinaryOperation):
            pending.extend((current.left, current.right))
        elif isinstance(current, cst.UnaryOperation):
            pending.append(current.expression)
        elif isinstance(current, (cst.Tuple, cst.List)):
            pending.extend(e.value for e in current.elements)
    return False
