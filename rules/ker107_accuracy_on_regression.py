"""Accuracy used as the metric of a regression model.

## What it does
Reports an accuracy metric (`"accuracy"`, `"acc"`, `binary_accuracy`, ...) on a
model trained as a regression: a regression loss (`mse`, `mae`, ...) on an
output that is not a probability (no activation, or `relu`, `softplus`, ...).
Sigmoid and softmax outputs with a regression loss are KER106's concern.

## Why is this bad?
Accuracy counts predictions that exactly equal the target. Real-valued
predictions almost never do, so the metric sits near 0 whatever the model
learns (or, depending on how Keras resolves it, measures something else
entirely) and says nothing about the regression. The mean absolute error is
the usual metric: it reads in the units of the target.

## Fix safety
No automatic fix.

## References
- Chollet, Deep Learning with Python, "Predicting house prices: a regression example"
"""

from kerlint.rulekit import Finding, Program, semantics

CODE = "KER107"
NAME = "accuracy-on-regression"
SEVERITY = "W"

BAD = [
    '''
    from tensorflow import keras
    from tensorflow.keras.datasets import boston_housing

    (train_data, train_targets), (test_data, test_targets) = boston_housing.load_data()
    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer="rmsprop", loss="mse", metrics=["accuracy"])  # expect: KER107
    ''',
]

GOOD = [
    '''
    from tensorflow import keras
    from tensorflow.keras.datasets import boston_housing

    (train_data, train_targets), (test_data, test_targets) = boston_housing.load_data()
    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    ''',
]


def check(program: Program):
    for training in program.trainings():
        output, loss, labels = training.head.output, training.loss, training.labels
        if loss.name not in semantics.REGRESSION_LOSSES or output.layer is None:
            continue
        if output.activation is None or output.activation in ("sigmoid", "softmax", "hard_sigmoid"):
            continue
        if labels.is_classes:  # class labels with a linear output: KER106/KER110 territory
            continue
        for metric in training.compile.metrics:
            if metric.name in semantics.ACCURACY_METRICS:
                yield Finding(
                    metric.node,
                    f"{metric.name} on a regression model ({loss.name} loss, {output.activation} output) counts exact matches of "
                    "real-valued predictions and stays near 0; use metrics=['mae']",
                )
