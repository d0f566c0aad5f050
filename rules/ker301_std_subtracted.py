"""Standard deviation subtracted instead of divided.

## What it does
Reports `x -= x.std(...)`, `x = x - x.std(...)` and the same with a variable
that holds a standard deviation (`std = x.std(axis=0)` ... `x -= std`), or with
`np.std(x)`, `tf.math.reduce_std(x)`.

## Why is this bad?
Feature-wise normalisation is `(x - mean) / std`. Subtracting the standard
deviation shifts the data instead of scaling it: features keep their
original, wildly different ranges, which is the problem normalisation was
meant to solve. Training is slower and less stable, and nothing fails.

## Fix safety
`--fix` turns the subtraction into a division (`-=` -> `/=`, `x - std` ->
`x / std`). It is safe: the statement only makes sense as a division.

## References
- Chollet, Deep Learning with Python, "Preparing the data" (Boston housing)
"""

import libcst as cst

from kerlint.analysis.values import follow
from kerlint.rulekit import Finding, Program

CODE = "KER301"
NAME = "std-subtracted"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow.keras.datasets import boston_housing

    (train_data, train_targets), (test_data, test_targets) = boston_housing.load_data()
    mean = train_data.mean(axis=0)
    train_data -= mean
    std = train_data.std(axis=0)
    train_data -= std  # expect: KER301
    test_data = (test_data - mean) - std  # expect: KER301
    ''',
]

GOOD = [
    '''
    from tensorflow.keras.datasets import boston_housing

    (train_data, train_targets), (test_data, test_targets) = boston_housing.load_data()
    mean = train_data.mean(axis=0)
    train_data -= mean
    std = train_data.std(axis=0)
    train_data /= std
    test_data = (test_data - mean) / std
    ''',
]

_STD_FUNCTIONS = frozenset({"tensorflow.math.reduce_std", "keras.ops.std"})


def check(program: Program):
    collected = program.collected
    for binding in collected.all_bindings:
        if binding.kind == "aug" and isinstance(binding.op, cst.SubtractAssign) and _is_std(program, binding.value, binding.scope, binding.order):
            op = binding.op
            yield Finding(binding.value, f"{program.source_of(binding.value)} is a standard deviation: subtracting it shifts "
                          "the data instead of scaling it; divide (/=)", ((op, "/="),))
    for site_expr, scope, order in _subtractions(program):
        yield Finding(site_expr.right, f"{program.source_of(site_expr.right)} is a standard deviation: subtracting it "
                      "shifts the data instead of scaling it; divide by it (/)", ((site_expr.operator, "/"),))


def _subtractions(program: Program):
    """`a - std` expressions on the right of assignments."""
    for binding in program.collected.all_bindings:
        if binding.kind != "assign" or binding.path or binding.value is None:
            continue
        pending = [binding.value]
        while pending:
            expr = pending.pop()
            if isinstance(expr, cst.BinaryOperation):
                if isinstance(expr.operator, cst.Subtract) and _is_std(program, expr.right, binding.scope, binding.order):
                    yield expr, binding.scope, binding.order
                pending.extend((expr.left, expr.right))


def _is_std(program: Program, expr, scope, order) -> bool:
    found, scope, order = follow(expr, scope, order) if isinstance(expr, cst.Name) else (expr, scope, order)
    if not isinstance(found, cst.Call):
        return False
    func = found.func
    if isinstance(func, cst.Attribute) and func.attr.value in ("std", "nanstd"):
        return True  # x.std(axis=0), np.std(...), df.std()
    return program.qualify(func) in _STD_FUNCTIONS
