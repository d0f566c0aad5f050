"""`summary()` of a Sequential model that has no input shape yet.

## What it does
Reports `model.summary()` on a `Sequential` model whose first layer declares
no input shape (no `keras.Input(...)`, `input_shape=` or `input_dim=`) and
that has not been built, fitted or called before the summary.

## Why is this bad?
A Sequential model without an input shape is built only when it first sees
data. Before that, Keras 2 raises `This model has not yet been built`, and
Keras 3 prints a table of `?` shapes and `0 (unbuilt)` parameters: the summary
the author wanted to read (or paste in a report) says nothing.

## Fix safety
No automatic fix: the input shape is the author's to state.

## References
- https://keras.io/guides/sequential_model/#specifying-the-input-shape-in-advance
"""

import libcst as cst

from kerlint.rulekit import Finding, Program

CODE = "KER507"
NAME = "summary-of-unbuilt-model"
SEVERITY = "W"

BAD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.summary()  # expect: KER507
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([
        keras.Input(shape=(13,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.summary()
    other = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
    other.build(input_shape=(None, 13))
    other.summary()
    ''',
]

_SHAPE_KEYWORDS = ("input_shape", "input_dim", "batch_input_shape", "batch_shape")
_BUILDS = frozenset({"build", "fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch", "fit_generator", "load_weights"})


def check(program: Program):
    finder = program.finder
    for model in program.models:
        if model.kind != "sequential" or model.declares_input or not model.layers or _declares_input(model.layers[0], program):
            continue
        built_at = None
        for site in program.collected.calls:
            func = site.node.func
            target = func.value if isinstance(func, cst.Attribute) else func
            if finder.model_of(target, site.scope, site.order) is not model:
                continue
            if isinstance(func, cst.Attribute) and func.attr.value == "summary":
                if built_at is None:
                    yield Finding(func.attr, "summary() of a Sequential model with no input shape: it is not built yet "
                                  "(Keras 2 raises, Keras 3 prints no shapes and 0 parameters); start the model with keras.Input(shape=...)")
            elif not isinstance(func, cst.Attribute) or func.attr.value in _BUILDS:
                built_at = site.order  # model(x), model.build(...), model.fit(...)


def _declares_input(first, program: Program) -> bool:
    if not first.known:
        return True  # a nested model (a pretrained base...) has its own input
    return any(first.argument(None, keyword) is not None for keyword in _SHAPE_KEYWORDS)
