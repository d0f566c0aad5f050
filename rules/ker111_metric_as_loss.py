"""A non-differentiable metric used as the loss.

## What it does
Reports `loss="accuracy"`, `loss="auc"`, `loss=keras.metrics.AUC()`,
`loss=keras.metrics.Precision()` and other metrics that are not losses.

## Why is this bad?
Training follows the gradient of the loss. Accuracy, AUC, precision and recall
are computed from thresholded or ranked predictions: they are piecewise
constant, with no useful gradient, and Keras either rejects them as losses or
cannot train on them. Train on a crossentropy and report these as metrics.

## Fix safety
No automatic fix.

## References
- Chollet, Deep Learning with Python, "Choosing a measure of success"
"""

from kerlint.rulekit import Finding, Program

CODE = "KER111"
NAME = "metric-as-loss"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([
        keras.layers.Dense(32, activation="relu", input_shape=(20,)),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss=keras.metrics.AUC())  # expect: KER111
    ''',
    '''
    from tensorflow import keras

    model = keras.Sequential([
        keras.layers.Dense(32, activation="relu", input_shape=(20,)),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="accuracy")  # expect: KER111
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([
        keras.layers.Dense(32, activation="relu", input_shape=(20,)),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy", keras.metrics.AUC()])
    ''',
]


def check(program: Program):
    for compile_ in program.compile_calls():
        for spec in compile_.loss_specs():
            if spec.is_metric:
                name = program.source_of(spec.node) if spec.form == "string" else spec.name
                yield Finding(
                    spec.node,
                    f"{name} is a metric, not a loss: it has no useful gradient to train on; "
                    f"train on a crossentropy loss and pass {name} in metrics=[...]",
                )
