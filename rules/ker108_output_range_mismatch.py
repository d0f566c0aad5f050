"""The output activation cannot reach the targets.

## What it does
Reports a regression model whose output activation bounds its predictions
(`sigmoid` to [0, 1], `tanh` to [-1, 1], `relu` to [0, inf), ...) while its
targets are known to lie outside that range, for example the house prices of
`boston_housing` (5 to 50) with a sigmoid output.

## Why is this bad?
No weight setting can produce a prediction outside the activation's range, so
the error never falls below the distance between the range and the targets.
The loss plateaus early and the predictions pile up at the range's edge.
Regression outputs normally have no activation.

Targets that the script rescales (for example `y / 50`) have no known range
and are not reported.

## Fix safety
No automatic fix.

## References
- Chollet, Deep Learning with Python, "Predicting house prices: a regression example"
"""

from kerlint.rulekit import Finding, Program, describe_output, semantics

CODE = "KER108"
NAME = "output-range-excludes-targets"
SEVERITY = "W"

BAD = [
    '''
    from tensorflow import keras
    from tensorflow.keras.datasets import boston_housing

    (x_train, y_train), (x_test, y_test) = boston_housing.load_data()
    x_train = (x_train - x_train.mean(axis=0)) / x_train.std(axis=0)
    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu", input_shape=(13,)),
        keras.layers.Dense(1, activation="sigmoid"),  # expect: KER108
    ])
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    model.fit(x_train, y_train, epochs=80)
    ''',
]

GOOD = [
    '''
    from tensorflow import keras
    from tensorflow.keras.datasets import boston_housing

    (x_train, y_train), (x_test, y_test) = boston_housing.load_data()
    x_train = (x_train - x_train.mean(axis=0)) / x_train.std(axis=0)
    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu", input_shape=(13,)),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    model.fit(x_train, y_train, epochs=80)
    ''',
]


def _fmt(value: float) -> str:
    return "inf" if value == float("inf") else f"{value:g}"


def check(program: Program):
    for training in program.trainings():
        output, loss, labels = training.head.output, training.loss, training.labels
        if loss.name not in semantics.REGRESSION_LOSSES or output.layer is None:
            continue
        bounds = semantics.ACTIVATION_RANGE.get(output.activation or "")
        targets = labels.value_range
        if bounds is None or targets is None:
            continue
        low, high = bounds
        if targets[0] >= low and targets[1] <= high:
            continue
        yield Finding(
            output.activation_node or output.layer.call,
            f"{describe_output(output)} ranges over [{_fmt(low)}, {_fmt(high)}] but the targets span "
            f"[{_fmt(targets[0])}, {_fmt(targets[1])}] ({program.cite_all(labels.cause)}); remove the output activation",
        )
