"""Information bottleneck: a hidden layer narrower than the number of classes.

## What it does
Reports a hidden `Dense` layer with fewer units than the number of classes of a
single-label multiclass output, on the path from the input to that output
(for example `Dense(4)` before `Dense(46, activation="softmax")`).

## Why is this bad?
Everything the output knows passes through the narrowest layer before it. To
separate 46 classes, a 4-dimensional representation has to cram them into a
space too small to keep them apart: information is lost for good and the
validation accuracy drops (Chollet measures about 8 points on Reuters).
Intermediate layers should be at least as wide as the number of classes.

## Fix safety
No automatic fix.

## References
- Chollet, Deep Learning with Python, "The importance of having sufficiently large intermediate layers"
"""

from kerlint.analysis.task import MULTICLASS
from kerlint.rulekit import Finding, Program

CODE = "KER112"
NAME = "bottleneck-before-output"
SEVERITY = "W"

BAD = [
    '''
    from keras import models, layers

    model = models.Sequential()
    model.add(layers.Dense(64, activation="relu", input_shape=(10000,)))
    model.add(layers.Dense(4, activation="relu"))  # expect: KER112
    model.add(layers.Dense(46, activation="softmax"))
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    ''',
]

GOOD = [
    '''
    from keras import models, layers

    model = models.Sequential()
    model.add(layers.Dense(64, activation="relu", input_shape=(10000,)))
    model.add(layers.Dense(64, activation="relu"))
    model.add(layers.Dense(46, activation="softmax"))
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    ''',
    '''
    from keras import models, layers

    # Binary output: a narrow hidden layer is fine.
    model = models.Sequential()
    model.add(layers.Dense(16, activation="relu", input_shape=(10000,)))
    model.add(layers.Dense(4, activation="relu"))
    model.add(layers.Dense(1, activation="sigmoid"))
    ''',
]


def check(program: Program):
    for model in program.models:
        for head in model.heads:
            output = head.output
            if output.layer is None or output.activation != "softmax":
                continue
            task = program.task_of(model, head)
            if task.kind != MULTICLASS:
                continue
            classes = output.units or task.n_classes
            if not classes or classes <= 2:
                continue
            for layer in head.chain:
                if layer is output.layer:
                    break
                if layer.kind == "Dense" and layer.units is not None and layer.units < classes:
                    yield Finding(
                        layer.units_node or layer.call,
                        f"{layer.describe()} is narrower than the {classes} classes of the output "
                        f"{output.layer.describe()} ({program.where(output.layer.call)}): it drops information "
                        f"the classes need; use at least {classes} units",
                    )
