"""Output units differ from the number of classes in the labels.

## What it does
Reports a classifier whose output layer has a different number of units than
the labels have classes, when that number is known: `to_categorical(y, n)`,
`to_categorical(y, len(class_names))`, or a dataset from `keras.datasets`
(mnist: 10, reuters: 46, cifar100: 100 ...).

## Why is this bad?
With one-hot labels, Keras stops at the first batch with a shape mismatch.
With integer labels and too few units, labels beyond the last unit are out of
range: an error on CPU, and on some GPUs silently NaN or wrong losses. Too many
units waste capacity on classes that never occur and skew the probabilities.
Binary labels may use one sigmoid unit or two softmax units.

## Fix safety
No automatic fix.

## References
- https://keras.io/api/utils/python_utils/#to_categorical-function
"""

from kerlint.rulekit import Finding, Program

CODE = "KER110"
NAME = "units-classes-mismatch"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras
    from tensorflow.keras.datasets import cifar100

    (x_train, y_train), (x_test, y_test) = cifar100.load_data()
    x_train = x_train / 255.0

    model = keras.Sequential([
        keras.layers.Flatten(input_shape=(32, 32, 3)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),  # expect: KER110
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=10)
    ''',
]

GOOD = [
    '''
    from tensorflow import keras
    from tensorflow.keras.datasets import cifar100

    (x_train, y_train), (x_test, y_test) = cifar100.load_data(label_mode="coarse")
    x_train = x_train / 255.0

    model = keras.Sequential([
        keras.layers.Flatten(input_shape=(32, 32, 3)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(20, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=10)
    ''',
]


def check(program: Program):
    for model in program.models:
        if len(model.heads) != 1:
            continue
        head = model.heads[0]
        labels = program.labels_of_model(model)
        output = head.output
        n, units = labels.n_classes, output.units
        if not labels.is_classes or n is None or units is None or output.layer is None or output.layer.kind != "Dense":
            continue
        if labels.encoding == "integer" and n == 2 and units in (1, 2):
            continue
        if units == n:
            continue
        yield Finding(
            output.layer.units_node or output.layer.call,
            f"{output.layer.describe()} has {units} output unit{'s' if units != 1 else ''} but the labels have {n} classes "
            f"({program.cite_all(labels.cause)}); use {n} units",
        )
