"""K-fold loop that keeps training one model built outside the loop.

## What it does
Reports `fit` inside a K-fold loop (over `KFold(...).split(...)` and its
scikit-learn siblings, or a `range(k)` loop that slices the data with the
loop variable) on a model built before the loop and not rebuilt, cloned or
reset inside it.

## Why is this bad?
Each fold must start from fresh weights. Reusing the model means fold 2
starts from the weights fold 1 learned, including on what is now fold 2's
validation data: the validation scores are leaked, optimistic, and not
independent, which defeats the purpose of K-fold validation.

## Fix safety
No automatic fix: build the model inside the loop (`model = build_model()`).

## References
- Chollet, Deep Learning with Python, "Validating your approach using K-fold validation"
"""

import libcst as cst

from kerlint.analysis.values import follow
from kerlint.rulekit import Finding, Program

CODE = "KER204"
NAME = "kfold-model-reused"
SEVERITY = "E"

BAD = [
    '''
    from sklearn.model_selection import KFold
    from tensorflow import keras

    model = keras.Sequential([keras.Input(shape=(13,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    for train_index, val_index in KFold(n_splits=4, shuffle=True).split(x):
        model.fit(x[train_index], y[train_index], epochs=80, verbose=0)  # expect: KER204
        scores.append(model.evaluate(x[val_index], y[val_index], verbose=0))
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    def build_model():
        model = keras.Sequential([keras.Input(shape=(13,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
        model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
        return model

    k = 4
    num_val_samples = len(train_data) // k
    for i in range(k):
        val_data = train_data[i * num_val_samples: (i + 1) * num_val_samples]
        model = build_model()
        model.fit(partial_train_data, partial_train_targets, epochs=80, verbose=0)
    ''',
]

_SPLITTERS = frozenset(
    {"KFold", "StratifiedKFold", "GroupKFold", "RepeatedKFold", "RepeatedStratifiedKFold", "StratifiedGroupKFold", "ShuffleSplit", "StratifiedShuffleSplit"}
)
_RESETS = frozenset({"set_weights", "load_weights", "compile"})


def check(program: Program):
    collected = program.collected
    for loop in collected.loops:
        if not _is_kfold(program, loop):
            continue
        for model in program.models:
            for call in model.data_calls("fit"):
                receiver = call.call.func.value
                if not loop.contains(call.order) or not isinstance(receiver, cst.Name):
                    continue
                binding = call.scope.resolve(receiver.value, call.order)
                if binding is None or loop.contains(binding.order) or binding.kind == "param":
                    continue  # (re)built inside the loop, or not knowable
                if _reset_in_loop(program, loop, receiver.value, call.order):
                    continue
                yield Finding(call.call.func.attr, f"{receiver.value} is built before this K-fold loop ({program.where(binding.target)}) "
                              "and trained again in every fold: each fold starts from the weights of the previous ones, "
                              "which saw its validation data; build a fresh model inside the loop")


def _is_kfold(program: Program, loop) -> bool:
    it = loop.node.iter
    if isinstance(it, cst.Call) and isinstance(it.func, cst.Attribute) and it.func.attr.value == "split":
        splitter, _, _ = follow(it.func.value, loop.scope, loop.start) if isinstance(it.func.value, cst.Name) else (it.func.value, loop.scope, loop.start)
        name = program.qualify(splitter.func) if isinstance(splitter, cst.Call) else None
        return bool(name) and name.rsplit(".", 1)[-1] in _SPLITTERS
    if isinstance(it, cst.Call) and isinstance(it.func, cst.Name) and it.func.value == "range":
        variables = {n.value for n in _names(loop.node.target)}
        return any(_slices_with(s, variables) for s in _nodes_of(loop.node.body, cst.Subscript))
    return False


def _names(node):
    if isinstance(node, cst.Name):
        yield node
    elif isinstance(node, (cst.Tuple, cst.List)):
        for element in node.elements:
            yield from _names(element.value)


def _nodes_of(node, kind):
    """Every node of a type under `node` (itself included)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, kind):
            yield current
        stack.extend(current.children)


def _slices_with(subscript: cst.Subscript, variables: set) -> bool:
    for element in subscript.slice:
        if isinstance(element.slice, cst.Slice):
            bounds = [element.slice.lower, element.slice.upper]
            if any(b is not None and any(n.value in variables for n in _nodes_of(b, cst.Name)) for b in bounds):
                return True
    return False


def _reset_in_loop(program: Program, loop, name: str, before: int) -> bool:
    for site in program.collected.calls:
        func = site.node.func
        if not loop.contains(site.order) or site.order > before:
            continue
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == name and func.attr.value in ("set_weights", "load_weights"):
            return True
    return False
