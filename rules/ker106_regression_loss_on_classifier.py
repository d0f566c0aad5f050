"""Regression loss (MAE, MSE, ...) used to train a classifier.

## What it does
Reports a regression loss (`mae`, `mse`, `msle`, `mape`, `huber`, `log_cosh`)
on a model that classifies: a softmax output, or a sigmoid output whose labels
are classes (from `to_categorical`, the integer labels of a known dataset such
as imdb or mnist, or an accuracy metric).

## Why is this bad?
A classifier outputs probabilities, and crossentropy is the loss that matches
them: its gradient stays large when the model is confidently wrong. The
gradient of MSE through a sigmoid or softmax vanishes exactly there, and MAE
gives the same push whatever the error: training is slow and often stalls on
a poor model. Regression losses are for real-valued targets.

A sigmoid output trained with MSE on targets that are values in [0, 1]
(not classes) is a legitimate regression and is not reported. When the only
sign of classes is an accuracy metric, the message says both readings: a
classifier needs a crossentropy, a regression needs another metric.

## Fix safety
No automatic fix: the right crossentropy depends on the label encoding.

## References
- Chollet, Deep Learning with Python, "Choosing the right last-layer activation and loss function"
"""

from kerlint.rulekit import Finding, Program, classification_loss, describe_output, semantics
from kerlint.analysis.task import has_class_metric

CODE = "KER106"
NAME = "regression-loss-on-classifier"
SEVERITY = "W"

BAD = [
    '''
    from keras.datasets import imdb
    from keras import models, layers

    (train_data, train_labels), (test_data, test_labels) = imdb.load_data(num_words=10000)

    model = models.Sequential()
    model.add(layers.Dense(16, activation="relu", input_shape=(10000,)))
    model.add(layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="rmsprop", loss="mae", metrics=["accuracy"])  # expect: KER106
    model.fit(train_data, train_labels, epochs=4)
    ''',
    '''
    from keras import models, layers

    model = models.Sequential([layers.Dense(8, activation="relu", input_shape=(4,)), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])  # expect: KER106
    ''',
]

GOOD = [
    '''
    from keras import models, layers

    # A score in [0, 1] measured with accuracy: the message says both readings.
    model = models.Sequential([layers.Dense(8, activation="relu", input_shape=(4,)), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    ''',
    '''
    from keras.datasets import imdb
    from keras import models, layers

    (train_data, train_labels), (test_data, test_labels) = imdb.load_data(num_words=10000)

    model = models.Sequential()
    model.add(layers.Dense(16, activation="relu", input_shape=(10000,)))
    model.add(layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(train_data, train_labels, epochs=4)
    ''',
    '''
    from keras import models, layers

    # Regression to [0, 1]: predicting a normalised score.
    model = models.Sequential()
    model.add(layers.Dense(32, activation="relu", input_shape=(8,)))
    model.add(layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    ''',
]


def check(program: Program):
    for training in program.trainings():
        output, loss, labels, task = training.head.output, training.loss, training.labels, training.task
        if loss.name not in semantics.REGRESSION_LOSSES or output.layer is None:
            continue
        if _is_reconstruction(training, program):
            continue
        if output.activation == "softmax" and output.units != 1:
            evidence = f"{describe_output(output)}"
        elif output.activation == "sigmoid" and (
            labels.is_classes
            # an accuracy metric alone marks a classifier only on a Dense head: an image
            # output (Conv2D...) with accuracy is a (denoising) autoencoder
            or (has_class_metric(training.compile) and output.layer.kind == "Dense")
        ):
            if labels.is_classes:
                evidence = f"{describe_output(output)}, {program.cite_all(labels.cause)}"
            else:
                # An accuracy metric alone does not tell a classifier from a
                # regression measured by the wrong metric: say both.
                metric = next(m for m in training.compile.metrics if m.name in semantics.ACCURACY_METRICS)
                yield Finding(
                    loss.node,
                    f"{describe_output(output)} trained with {loss.name} but measured by {metric.name} "
                    f"({program.where(metric.node)}): if the targets are classes, use {_loss_for_sigmoid(output)}; "
                    "if they are values in [0, 1], accuracy is meaningless there, use metrics=['mae']",
                )
                continue
        else:
            continue
        use = _loss_for_sigmoid(output) if output.activation == "sigmoid" and labels.encoding != "onehot" else classification_loss(task, labels, output.units)
        yield Finding(loss.node, f"{loss.name} is a regression loss but this model is a classifier ({evidence}); use {use}")


def _loss_for_sigmoid(output) -> str:
    return "binary_crossentropy" if output.units in (1, None) else "binary_crossentropy (multilabel) or a softmax output with categorical_crossentropy (single-label)"


def _is_reconstruction(training, program: Program) -> bool:
    """An autoencoder fitted as fit(x, x) regresses its inputs: not a classifier."""
    for call in training.model.data_calls("fit"):
        if call.x is not None and call.y is not None and program.source_of(call.x) == program.source_of(call.y):
            return True
    return False
