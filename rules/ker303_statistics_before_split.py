"""Statistics computed on all the data before it is split.

## What it does
Reports a scaler fitted (`fit`, `fit_transform`) or a mean/std computed on an
array that is split afterwards into training and test parts
(`train_test_split`, or fitting on a slice of it).

## Why is this bad?
The test part's values then shape the normalisation the model trains with:
information from the test set leaks into training, and the test score is
optimistic. Split first, then fit the scaler (or compute the statistics) on
the training part only and apply them to both.

## Fix safety
No automatic fix.

## References
- https://scikit-learn.org/stable/common_pitfalls.html#data-leakage
- Chollet, Deep Learning with Python, "Data preprocessing for neural networks"
"""

import libcst as cst

from kerlint.analysis.values import follow
from kerlint.rulekit import Finding, Program

CODE = "KER303"
NAME = "statistics-before-split"
SEVERITY = "W"

BAD = [
    '''
    import pandas as pd
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler
    from tensorflow import keras

    data = pd.read_csv("diabetes.csv")
    X = data.drop(columns=["Outcome"]).values
    y = data["Outcome"].values
    X = StandardScaler().fit_transform(X)  # expect: KER303
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
    ''',
    '''
    import numpy as np
    from sklearn.model_selection import train_test_split
    from tensorflow import keras

    X = np.load("features.npy")
    X = (X - X.mean(axis=0)) / X.std(axis=0)  # expect: KER303
    X_train, X_test = train_test_split(X, test_size=0.2)
    ''',
]

GOOD = [
    '''
    import numpy as np
    from sklearn.model_selection import train_test_split
    from tensorflow import keras

    X = np.load("features.npy")
    print("feature means", X.mean(axis=0))
    X_train, X_test = train_test_split(X, test_size=0.2)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    ''',
    '''
    import pandas as pd
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler
    from tensorflow import keras

    data = pd.read_csv("diabetes.csv")
    X = data.drop(columns=["Outcome"]).values
    y = data["Outcome"].values
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    ''',
]

_STATISTICS = frozenset({"mean", "std"})
_SPLITTERS = frozenset({"sklearn.model_selection.train_test_split"})


def check(program: Program):
    data = program.data
    learned = []  # (array name, node that learns statistics on it, order, scope)
    for site in program.collected.calls:
        func = site.node.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("fit", "fit_transform") and site.node.args:
            if data.scaler_of(func.value, site.scope, site.order) and isinstance(site.node.args[0].value, cst.Name):
                learned.append((site.node.args[0].value.value, site.node, site.order, site.scope))

    # Statistics applied to the array they come from: `X = (X - X.mean(0)) / X.std(0)`, `X -= X.mean(0)`
    # (a mean printed for information is not a normalisation). Only statements
    # that call `<name>.mean/std` on the name they assign are searched.
    statements = set()
    for site in program.collected.calls:
        func = site.node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _STATISTICS and isinstance(func.value, cst.Name):
            statements.add((id(site.scope), site.order, func.value.value))
    for binding in program.collected.all_bindings if statements else ():
        if (
            binding.kind in ("assign", "aug")
            and not binding.path
            and binding.value is not None
            and (id(binding.scope), binding.order, binding.name) in statements
        ):
            call = next(_statistics_of(binding.value, binding.name), None)  # one finding per statement
            if call is not None:
                learned.append((binding.name, call, binding.order, binding.scope))
    if not learned:
        return
    reported = set()
    for site in program.collected.calls:
        if program.qualify(site.node.func) not in _SPLITTERS or not site.node.args:
            continue
        split = site.node.args[0].value
        if not isinstance(split, cst.Name):
            continue
        for name, node, order, scope in learned:
            if order < site.order and id(node) not in reported and _same_array(program, split, name, node, site):
                reported.add(id(node))
                yield Finding(node, f"{program.source_of(node)} learns its statistics on all of {name}, which is split into "
                              f"training and test data afterwards ({program.where(site.node)}): the test part leaks into the "
                              "normalisation; split first, then fit on the training part")


def _same_array(program: Program, split: cst.Name, name: str, node, site) -> bool:
    """Is the array being split the one the statistics were learned on (or its normalised version)?"""
    if split.value != name:
        found, _, _ = follow(split, site.scope, site.order)
        return found is node or (isinstance(found, cst.Call) and node in (found, getattr(found.func, "value", None)))
    binding = site.scope.resolve(split.value, site.order)
    if binding is None:
        return False
    statistic_order = program.collected.scope_of.get(id(node), (None, 0))[1]
    # the split sees the array the statistics were computed on, or its normalised rebinding
    return binding.order <= statistic_order or _mentions(binding.value, node)


def _statistics_of(value, name: str):
    stack = [value]
    while stack:
        current = stack.pop()
        if (
            isinstance(current, cst.Call)
            and isinstance(current.func, cst.Attribute)
            and current.func.attr.value in _STATISTICS
            and isinstance(current.func.value, cst.Name)
            and current.func.value.value == name
        ):
            yield current
        stack.extend(current.children)


def _mentions(value, node) -> bool:
    stack = [value] if value is not None else []
    while stack:
        current = stack.pop()
        if current is node:
            return True
        stack.extend(getattr(current, "children", ()))
    return False
