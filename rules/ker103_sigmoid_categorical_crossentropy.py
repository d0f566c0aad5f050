"""Sigmoid output trained with categorical or sparse categorical crossentropy.

## What it does
Reports a model whose output applies `sigmoid` and whose loss is
`categorical_crossentropy` or `sparse_categorical_crossentropy`.

## Why is this bad?
The categorical crossentropies expect a probability distribution over classes
(a softmax output). Keras normalises the predictions by their sum over the last
axis: over a single sigmoid unit that sum is the unit itself, so the
prediction becomes 1.0 and the loss is identically 0. The model reports a
perfect loss and learns nothing. Over several sigmoid units the loss ignores
how the units are scaled, which is not what a multilabel model needs.

Binary and multilabel outputs (sigmoid) go with `binary_crossentropy`;
single-label multiclass outputs use `softmax` with a categorical crossentropy.

## Fix safety
No automatic fix: pick the loss (or the activation) that matches the task.

## References
- Chollet, Deep Learning with Python, "Choosing the right last-layer activation and loss function"
"""

from kerlint.rulekit import Finding, Program, describe_output, semantics

CODE = "KER103"
NAME = "sigmoid-with-categorical-crossentropy"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras
    from tensorflow.keras import layers

    model = keras.Sequential([
        layers.Dense(16, activation="relu", input_shape=(10000,)),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])  # expect: KER103
    ''',
]

GOOD = [
    '''
    from tensorflow import keras
    from tensorflow.keras import layers

    model = keras.Sequential([
        layers.Dense(16, activation="relu", input_shape=(10000,)),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    ''',
    '''
    from tensorflow import keras
    from tensorflow.keras import layers

    model = keras.Sequential([
        layers.Dense(64, activation="relu", input_shape=(784,)),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    ''',
]

_CATEGORICAL = semantics.CATEGORICAL_CROSSENTROPY | semantics.SPARSE_CROSSENTROPY


def check(program: Program):
    for training in program.trainings():
        output, loss = training.head.output, training.loss
        if output.activation != "sigmoid" or output.layer is None or loss.name not in _CATEGORICAL:
            continue
        if output.units == 1:
            why = "over one unit the prediction is normalised to 1.0 and the loss is always 0"
            fix = "use binary_crossentropy"
        else:
            why = "it expects a softmax distribution over classes"
            fix = "use binary_crossentropy for multilabel outputs, or a softmax output for single-label classes"
        yield Finding(loss.node, f"{describe_output(output)} trained with {loss.name}: {why}; {fix}")
