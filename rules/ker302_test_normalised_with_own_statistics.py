"""Test data normalised with statistics computed on the test data.

## What it does
Reports test inputs normalised with their own statistics:
`x_test -= x_test.mean(axis=0)`, `x_test = (x_test - x_test.mean()) / x_test.std()`,
`scaler.fit(x_test)`, `scaler.fit_transform(x_test)`, `norm.adapt(x_test)`.
An array counts as test data when it comes from the test split of a
`keras.datasets` loader, is passed to `evaluate`, or (as a tie-breaker) is
named like one.

## Why is this bad?
Normalisation is part of the model: test data must go through the same
transformation, with the statistics learned on the training data. Statistics
of the test set itself leak information about it into the evaluation and
shift its inputs differently from what the model was trained on, so the test
score is wrong in both directions.

## Fix safety
No automatic fix: reuse the training mean and std (or `scaler.transform`).

## References
- Chollet, Deep Learning with Python, "Preparing the data" (Boston housing)
"""

import libcst as cst

from kerlint.analysis.values import follow
from kerlint.rulekit import Finding, Program

CODE = "KER302"
NAME = "test-normalised-with-own-statistics"
SEVERITY = "E"

BAD = [
    '''
    from sklearn.preprocessing import StandardScaler
    from tensorflow.keras.datasets import boston_housing

    (train_data, train_targets), (test_data, test_targets) = boston_housing.load_data()
    train_data = (train_data - train_data.mean(axis=0)) / train_data.std(axis=0)
    test_data -= test_data.mean(axis=0)  # expect: KER302
    scaler = StandardScaler()
    x_test_scaled = scaler.fit_transform(test_data)  # expect: KER302
    ''',
]

GOOD = [
    '''
    from sklearn.preprocessing import StandardScaler
    from tensorflow.keras.datasets import boston_housing

    (train_data, train_targets), (test_data, test_targets) = boston_housing.load_data()
    mean = train_data.mean(axis=0)
    std = train_data.std(axis=0)
    train_data = (train_data - mean) / std
    test_data = (test_data - mean) / std
    scaler = StandardScaler().fit(train_data)
    x_test_scaled = scaler.transform(test_data)
    ''',
]

_STATISTICS = frozenset({"mean", "std", "var", "min", "max", "nanmean", "nanstd", "median"})


def check(program: Program):
    tests = _test_names(program)
    for binding in program.collected.all_bindings:
        if binding.kind not in ("aug", "assign") or binding.value is None or binding.path:
            continue
        for call in _statistics_calls(program, binding):
            subject = _subject(program, call)
            if subject is not None and _is_test(program, subject, binding.scope, binding.order, tests):
                yield Finding(call, f"{program.source_of(call)} is computed on the test data and used to normalise it: "
                              "normalise test data with the training statistics")
    for site in program.collected.calls:
        func = site.node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in ("fit", "fit_transform", "adapt") and site.node.args):
            continue
        if program.data.scaler_of(func.value, site.scope, site.order) is None:
            continue
        data = site.node.args[0].value
        if _is_test(program, data, site.scope, site.order, tests):
            yield Finding(site.node, f"{func.attr.value}() learns its statistics on the test data ({program.source_of(data)}): "
                          "fit the scaler on the training data and only transform the test data")


def _statistics_calls(program: Program, binding):
    """Statistics calls subtracted from or dividing the assigned array, directly or through a name."""
    pending = [binding.value]
    if binding.kind == "aug":
        if not isinstance(binding.op, (cst.SubtractAssign, cst.DivideAssign)):
            return
        pending = [binding.value]
    while pending:
        expr = pending.pop()
        found, _, _ = follow(expr, binding.scope, binding.order) if isinstance(expr, cst.Name) else (expr, binding.scope, binding.order)
        if isinstance(found, cst.Call) and _is_statistic(program, found):
            if _subject_name(program, found) == binding.name:
                yield found
        elif isinstance(found, cst.BinaryOperation) and expr is found:
            pending.extend((found.left, found.right))


def _is_statistic(program: Program, call: cst.Call) -> bool:
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value in _STATISTICS:
        return True
    name = program.qualify(func)
    return bool(name) and name.startswith("numpy.") and name.rsplit(".", 1)[1] in _STATISTICS


def _subject(program: Program, call: cst.Call):
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value in _STATISTICS and not (program.qualify(func) or "").startswith("numpy."):
        return func.value
    return call.args[0].value if call.args else None


def _subject_name(program: Program, call: cst.Call):
    subject = _subject(program, call)
    return subject.value if isinstance(subject, cst.Name) else None


def _test_names(program: Program) -> set:
    names = set()
    for model in program.models:
        for call in model.data_calls("evaluate"):
            if isinstance(call.x, cst.Name):
                names.add(call.x.value)
    return names


def _is_test(program: Program, expr, scope, order, evaluated: set) -> bool:
    if not isinstance(expr, cst.Name):
        return False
    trace = program.data.trace(expr, scope, order)
    if trace.origin is not None:
        return trace.origin.split == "test"
    return expr.value in evaluated or "test" in expr.value.lower()
