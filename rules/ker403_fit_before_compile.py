"""fit / evaluate on a model that is not compiled first.

## What it does
Reports `fit`, `evaluate`, `train_on_batch` and `test_on_batch` called on a
model built in the file when no `compile` of that model comes before the
call. `predict` needs no compile and is not reported; models loaded from
disk (already compiled) are not concerned.

## Why is this bad?
Training and evaluation need a loss and an optimizer: Keras raises
`You must call compile() before using the model`, often after a long data
preparation. A compile placed after the fit (or forgotten in one branch of a
notebook) is the usual cause.

## Fix safety
No automatic fix.

## References
- https://keras.io/api/models/model_training_apis/
"""

import libcst as cst

from kerlint.rulekit import Finding, Program

CODE = "KER403"
NAME = "fit-before-compile"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
    model.fit(x_train, y_train, epochs=10)  # expect: KER403
    model.compile(optimizer="adam", loss="mse")
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    def build_model():
        model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        return model

    model = build_model()
    model.fit(x_train, y_train, epochs=10)
    encoder = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(4)])
    codes = encoder.predict(x_train)
    ''',
]

_NEEDS_COMPILE = frozenset({"fit", "evaluate", "train_on_batch", "test_on_batch", "fit_generator", "evaluate_generator"})


def check(program: Program):
    for model in program.models:
        for call in model.calls:
            if call.method not in _NEEDS_COMPILE:
                continue
            if any(_compiled_before(program, compile_, call) for compile_ in model.compiles):
                continue
            if model.kind == "subclass" and program.finder.defines_method(call.call.func.value, call.scope, call.order, "compile"):
                continue
            yield Finding(call.call.func.attr, f"{call.method}() on a model that is not compiled before it "
                          f"({model.name}, built at {program.where(model.node if not isinstance(model.node, cst.ClassDef) else model.node.name)}): "
                          "call model.compile(optimizer=..., loss=...) first")


def _compiled_before(program: Program, compile_, call) -> bool:
    """A compile in another function than the call may run first whatever its place in the file."""
    compile_scope = program.collected.scope_of.get(id(compile_.call), (None, 0))[0]
    if compile_scope is not call.scope:
        return True
    return compile_.order < call.order
