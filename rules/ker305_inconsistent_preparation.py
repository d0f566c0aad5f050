"""Training and test inputs prepared differently.

## What it does
Reports inputs passed to `evaluate`, `predict` or `validation_data` that come
from the same dataset as the training inputs but skipped the scaling the
training inputs received (for example `x_train / 255` but raw `x_test`).

## Why is this bad?
The model learned on scaled values and now sees values hundreds of times
larger: predictions saturate, and the test score measures the mismatch, not
the model. The error is silent; the evaluation just looks bad (or, worse,
predictions are shipped).

## Fix safety
No automatic fix: apply the same step, with the training statistics.

## References
- Chollet, Deep Learning with Python, "Data preprocessing for neural networks"
"""

from kerlint.analysis.collect import argument
from kerlint.rulekit import Finding, Program

import libcst as cst

CODE = "KER305"
NAME = "inconsistent-preparation"
SEVERITY = "W"

BAD = [
    '''
    from tensorflow import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
    x_train = x_train / 255.0
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5)
    model.evaluate(x_test, y_test)  # expect: KER305
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
    x_train, x_test = x_train / 255.0, x_test / 255.0
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5)
    model.evaluate(x_test, y_test)
    ''',
]


def check(program: Program):
    data = program.data
    for model in program.models:
        scaled = {}
        for call in model.data_calls("fit"):
            trace = data.trace(call.x, call.scope, call.order)
            if trace.origin is not None and trace.origin.part == "x" and trace.scaled:
                scaled[trace.origin.dataset.name] = trace.first(("divide", "multiply", "subtract", "scaler"))
            validation = argument(call.call, None, "validation_data")
            if isinstance(validation, (cst.Tuple, cst.List)) and validation.elements:
                yield from _compare(program, scaled, validation.elements[0].value, call, "validation_data")
        for call in model.data_calls("evaluate", "predict"):
            if call.x is not None:
                yield from _compare(program, scaled, call.x, call, call.method)


def _compare(program: Program, scaled: dict, expr, call, where: str):
    trace = program.data.trace(expr, call.scope, call.order)
    origin = trace.origin
    if origin is None or origin.part != "x" or origin.dataset.name not in scaled or trace.scaled:
        return
    step = scaled[origin.dataset.name]
    yield Finding(expr, f"{program.source_of(expr)} goes to {where} without the scaling the training inputs got "
                  f"({program.source_of(step.node)} at {program.where(step.node)}): apply the same step to it")
