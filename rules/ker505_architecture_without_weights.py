"""A model rebuilt from its architecture alone, used without loading weights.

## What it does
Reports `predict` / `evaluate` on a model created by `model_from_json`,
`model_from_config`, `Model.from_config` or `clone_model` when no
`load_weights`, `set_weights` or training call on it comes first.

## Why is this bad?
These functions rebuild the layers, not their weights: the new model is
freshly initialised. Its predictions are random and change from run to run,
while the code reads as if the trained model were being used.

## Fix safety
No automatic fix: the weights file is the author's to name.

## References
- https://keras.io/api/models/model_saving_apis/model_config_serialization/
"""

import libcst as cst

from kerlint.analysis.values import follow
from kerlint.rulekit import Finding, Program

CODE = "KER505"
NAME = "architecture-without-weights"
SEVERITY = "W"

BAD = [
    '''
    from tensorflow import keras

    with open("model.json") as f:
        restored = keras.models.model_from_json(f.read())
    predictions = restored.predict(x_test)  # expect: KER505
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    with open("model.json") as f:
        restored = keras.models.model_from_json(f.read())
    restored.load_weights("model.weights.h5")
    predictions = restored.predict(x_test)
    ''',
]

_REBUILDERS = frozenset({"keras.models.model_from_json", "keras.models.model_from_config", "keras.models.clone_model", "keras.models.model_from_yaml"})
_GIVES_WEIGHTS = frozenset({"load_weights", "set_weights", "fit", "fit_generator", "train_on_batch"})
_USES = frozenset({"predict", "evaluate", "predict_on_batch", "test_on_batch"})


def check(program: Program):
    weighted = set()  # id of the rebuilding call whose model got weights
    for site in program.collected.calls:
        func = site.node.func
        if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Name):
            continue
        origin = _rebuild_origin(program, func.value, site.scope, site.order)
        if origin is None:
            continue
        if func.attr.value in _GIVES_WEIGHTS:
            weighted.add(id(origin))
        elif func.attr.value in _USES and id(origin) not in weighted:
            yield Finding(func.attr, f"{func.value.value}.{func.attr.value}() on a model rebuilt by "
                          f"{program.source_of(origin.func)}() at {program.where(origin)}, which has fresh random weights; "
                          "call load_weights() or set_weights() first")


def _rebuild_origin(program: Program, name: cst.Name, scope, order):
    found, _, _ = follow(name, scope, order)
    if not isinstance(found, cst.Call):
        return None
    qualified = program.qualify(found.func)
    if qualified in _REBUILDERS:
        return found
    func = found.func
    if isinstance(func, cst.Attribute) and func.attr.value == "from_config" and program.qualify(func.value) in ("keras.Model", "keras.Sequential"):
        return found
    return None
