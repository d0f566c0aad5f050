"""Softmax output trained with binary_crossentropy.

## What it does
Reports a model whose output layer applies softmax over more than one unit and
that is compiled with `binary_crossentropy` (or `BinaryCrossentropy()`,
`binary_focal_crossentropy`).

## Why is this bad?
Softmax makes the outputs of one sample compete and sum to 1: it models one
label among N. Binary crossentropy scores each unit as an independent yes/no
question. The pairing trains, but on the wrong objective, and the "accuracy"
Keras reports with it is binary accuracy over every unit, which looks excellent
(with 46 classes, predicting "no" everywhere scores about 98%) while the model
learns little.

For single-label classes, use `categorical_crossentropy` with one-hot labels
or `sparse_categorical_crossentropy` with integer labels. For multilabel
problems (several labels can be on at once), keep binary crossentropy and use
a sigmoid output.

A softmax over exactly two units with one-hot labels is not reported: there,
binary crossentropy and its binary accuracy are equal to categorical
crossentropy and categorical accuracy (a common, harmless idiom).

## Fix safety
No automatic fix: which loss is right depends on how the labels are encoded.

## References
- Chollet, Deep Learning with Python, "Choosing the right last-layer activation and loss function"
- https://keras.io/api/losses/probabilistic_losses/
"""

from kerlint.rulekit import Finding, Program, classification_loss, describe_output, semantics

CODE = "KER101"
NAME = "softmax-with-binary-crossentropy"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras
    from tensorflow.keras import layers
    from tensorflow.keras.datasets import reuters
    from tensorflow.keras.utils import to_categorical

    (train_data, train_labels), (test_data, test_labels) = reuters.load_data(num_words=10000)
    y_train = to_categorical(train_labels)

    model = keras.Sequential([
        layers.Dense(64, activation="relu"),
        layers.Dense(46, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])  # expect: KER101
    ''',
]

GOOD = [
    '''
    from tensorflow import keras
    from tensorflow.keras import layers
    from tensorflow.keras.datasets import reuters
    from tensorflow.keras.utils import to_categorical

    (train_data, train_labels), (test_data, test_labels) = reuters.load_data(num_words=10000)
    y_train = to_categorical(train_labels)

    model = keras.Sequential([
        layers.Dense(64, activation="relu"),
        layers.Dense(46, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    ''',
    '''
    from tensorflow import keras

    model = keras.Sequential([
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    ''',
    '''
    from tensorflow import keras

    # Two-way softmax on one-hot labels: the same as categorical crossentropy.
    model = keras.Sequential([
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(2, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    ''',
    '''
    from tensorflow import keras

    # Multilabel: five independent tags per sample.
    model = keras.Sequential([
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(5, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy())
    ''',
]


def check(program: Program):
    for training in program.trainings():
        output = training.head.output
        loss = training.loss
        if output.activation != "softmax" or loss.name not in semantics.BINARY_CROSSENTROPY:
            continue
        if output.units == 1:  # softmax over one unit is KER102's finding
            continue
        task, labels = training.task, training.labels
        if output.units == 2 and labels.encoding != "integer":
            continue  # equal to categorical crossentropy on one-hot labels
        classes = output.units if output.units is not None else task.n_classes
        use = classification_loss(task, labels, classes) if labels.is_classes else (
            "categorical_crossentropy (one-hot labels) or sparse_categorical_crossentropy (integer labels)"
        )
        if use == "binary_crossentropy":
            use = "categorical_crossentropy"
        what = f"for {classes} single-label classes" if classes else "for single-label classes"
        evidence = f" ({program.cite_all(labels.cause)})" if labels.known else ""
        yield Finding(
            loss.node,
            f"{describe_output(output)} trained with {loss.name}; {what}{evidence} use {use}, "
            "or a sigmoid output if several labels can be on at once",
        )
