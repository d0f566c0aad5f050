"""Validation data that overlaps the training data.

## What it does
Reports `validation_data=` built from the very arrays passed to `fit` as
training data, or from a constant slice that overlaps the training slice of
the same array (`x[:2000]` against `x[1000:]`), and a "test" score computed by
`evaluate` on the training arrays (`test_loss, test_acc = model.evaluate(x_train, y_train)`).

## Why is this bad?
The model has seen those samples: the validation (or test) score measures
memorisation, not generalisation, so overfitting looks like progress and
early stopping or model selection trusts the wrong numbers. Disjoint slices
(`x[:10000]` and `x[10000:]`) are the right way, and are not reported.

## Fix safety
No automatic fix.

## References
- Chollet, Deep Learning with Python, "Training, validation and test sets"
"""

import libcst as cst

from kerlint.analysis.collect import argument
from kerlint.analysis.values import evaluate
from kerlint.rulekit import Finding, Program

CODE = "KER202"
NAME = "validation-overlaps-training"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([keras.Input(shape=(10000,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    x_val = x_train[:12000]
    y_val = y_train[:12000]
    model.fit(x_train[10000:], y_train[10000:], epochs=20, validation_data=(x_val, y_val))  # expect: KER202
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([keras.Input(shape=(10000,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    x_val = x_train[:10000]
    partial_x_train = x_train[10000:]
    y_val = y_train[:10000]
    partial_y_train = y_train[10000:]
    model.fit(partial_x_train, partial_y_train, epochs=20, validation_data=(x_val, y_val))
    train_loss, train_acc = model.evaluate(partial_x_train, partial_y_train)
    ''',
]


def check(program: Program):
    for model in program.models:
        fits = model.data_calls("fit")
        for call in fits:
            validation = argument(call.call, None, "validation_data")
            if not isinstance(validation, (cst.Tuple, cst.List)) or not validation.elements or call.x is None:
                continue
            x_val = validation.elements[0].value
            overlap = _overlap(program, call.x, x_val, call)
            if overlap:
                yield Finding(validation, f"validation_data {overlap} the training inputs ({program.source_of(call.x)}): "
                              "the model is validated on samples it trains on; hold out disjoint data")
        trained = {_base(program, f.x, f) for f in fits if f.x is not None}
        for call in model.data_calls("evaluate"):
            if call.x is None or _base(program, call.x, call) not in trained:
                continue
            names = _assigned_names(program, call.call)
            if any("test" in n.lower() for n in names):
                yield Finding(call.x, f"the score stored as {', '.join(names)} is computed on the training inputs "
                              f"({program.source_of(call.x)}): evaluate on the held-out test data")


def _key(program: Program, expr, call):
    """What an expression refers to: the binding of a name, or its text."""
    if isinstance(expr, cst.Name):
        binding = call.scope.resolve(expr.value, call.order)
        return ("binding", id(binding)) if binding is not None else ("name", expr.value)
    return ("text", program.source_of(expr))


def _base(program: Program, expr, call):
    """An array and its constant slice: (key of the array, (start, stop) or None for all of it)."""
    from kerlint.analysis.values import follow

    found, scope, order = follow(expr, call.scope, call.order) if isinstance(expr, cst.Name) else (expr, call.scope, call.order)
    if isinstance(found, cst.Subscript) and len(found.slice) == 1 and isinstance(found.slice[0].slice, cst.Slice):
        piece = found.slice[0].slice
        low = evaluate(piece.lower, scope, order) if piece.lower is not None else 0
        high = evaluate(piece.upper, scope, order) if piece.upper is not None else float("inf")
        if piece.step is None and isinstance(low, int) and isinstance(high, (int, float)):
            inner = type("Site", (), {"scope": scope, "order": order})
            return (_key(program, found.value, inner), (low, high))
        return None
    return (_key(program, expr, call), None)


def _overlap(program: Program, train, val, call):
    a, b = _base(program, train, call), _base(program, val, call)
    if a is None or b is None or a[0] != b[0]:
        return None
    if a[1] is None and b[1] is None:
        return "is the same array as"
    if a[1] is None or b[1] is None:
        return "is a slice of"
    (lo1, hi1), (lo2, hi2) = a[1], b[1]
    return "overlaps" if max(lo1, lo2) < min(hi1, hi2) else None


def _assigned_names(program: Program, call) -> list:
    for binding in program.collected.all_bindings:
        if binding.value is call and binding.kind == "assign":
            return [b.name for b in program.collected.all_bindings if b.value is call]
    return []
