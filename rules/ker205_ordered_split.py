"""Data assembled in a systematic order, split without shuffling.

## What it does
Reports `fit(validation_split=...)` (and a fixed slice of the training
inputs used as validation data) on arrays assembled class by class (via
`np.concatenate`, `np.vstack` or `np.append` of several arrays, or a list
appended to inside a loop over class folders) when nothing shuffles them in
between (`np.random.shuffle`, a permutation, `sklearn.utils.shuffle`,
`train_test_split`). Data from `keras.datasets` is already shuffled and not
concerned; time-ordered data must not be shuffled (KER201).

## Why is this bad?
`validation_split` takes the last fraction of the arrays as they are, before
any shuffling that `fit` does. On data stacked class after class, the
validation set is then made of the last class (or two) only: the model is
validated on classes it never trains on, and the training set lacks them.
Scores are meaningless and training looks broken.

## Fix safety
No automatic fix: shuffle inputs and labels together before splitting.

## References
- https://keras.io/api/models/model_training_apis/#fit-method (validation_split)
"""

import libcst as cst

from kerlint.analysis.collect import argument
from kerlint.analysis.data import lineage
from kerlint.rulekit import Finding, Program

CODE = "KER205"
NAME = "ordered-data-split"
SEVERITY = "W"

BAD = [
    '''
    import numpy as np
    from tensorflow import keras

    cats = np.load("cats.npy")
    dogs = np.load("dogs.npy")
    x = np.concatenate([cats, dogs])
    y = np.concatenate([np.zeros(len(cats)), np.ones(len(dogs))])
    model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, y, epochs=10, validation_split=0.2)  # expect: KER205
    ''',
]

GOOD = [
    '''
    import numpy as np
    from tensorflow import keras

    cats = np.load("cats.npy")
    dogs = np.load("dogs.npy")
    x = np.concatenate([cats, dogs])
    y = np.concatenate([np.zeros(len(cats)), np.ones(len(dogs))])
    order = np.random.permutation(len(x))
    x, y = x[order], y[order]
    model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, y, epochs=10, validation_split=0.2)
    ''',
]

_STACKING = frozenset({"numpy.concatenate", "numpy.vstack", "numpy.hstack", "numpy.append", "numpy.row_stack", "numpy.r_"})
_SHUFFLING = frozenset({"sklearn.utils.shuffle", "sklearn.model_selection.train_test_split", "numpy.random.permutation", "random.shuffle", "numpy.random.shuffle"})


def check(program: Program):
    for model in program.models:
        for call in model.data_calls("fit"):
            split = argument(call.call, None, "validation_split")
            if split is None or call.x is None:
                continue
            ordered = _ordered_origin(program, call)
            if ordered is not None:
                yield Finding(split, f"validation_split takes the last samples of {program.source_of(call.x)}, which is assembled "
                              f"class by class ({program.source_of(ordered).splitlines()[0][:60]} at {program.where(ordered)}) and never "
                              "shuffled: the validation set holds only the last class(es); shuffle x and y together first")


def _ordered_origin(program: Program, call):
    chain = lineage(program.finder, call.x, call.scope, call.order)
    names = {node.value for node, _, _ in chain if isinstance(node, cst.Name)}
    for node, scope, order in chain:
        if isinstance(node, cst.Subscript) and _is_index_array(node):
            return None  # x[perm]: reordered
        if isinstance(node, cst.Call):
            qualified = program.qualify(node.func)
            if qualified in _SHUFFLING:
                return None
            if qualified == "keras.datasets" or (qualified or "").startswith("keras.datasets."):
                return None
            if qualified in _STACKING and node.args and isinstance(node.args[0].value, (cst.List, cst.Tuple)) and len(node.args[0].value.elements) > 1:
                return node if not _shuffled_in_place(program, names, order, call.order) else None
    return None


def _is_index_array(node: cst.Subscript) -> bool:
    return len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) and isinstance(node.slice[0].slice.value, cst.Name)


def _shuffled_in_place(program: Program, names: set, start: int, end: int) -> bool:
    for site in program.collected.calls:
        if start < site.order < end and program.qualify(site.node.func) in _SHUFFLING:
            if any(isinstance(a.value, cst.Name) and a.value.value in names for a in site.node.args):
                return True
    return False
