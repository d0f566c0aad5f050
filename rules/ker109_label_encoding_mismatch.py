"""Label encoding does not match the loss.

## What it does
Reports `sparse_categorical_crossentropy` trained on one-hot labels (from
`to_categorical`, `get_dummies`, ...), and `categorical_crossentropy` trained on
integer labels (for example the raw labels of `mnist.load_data()`).

## Why is this bad?
`sparse_categorical_crossentropy` expects one integer class index per sample;
`categorical_crossentropy` expects one one-hot row per sample. Mixed up, Keras
fails at the first batch with a shape error (logits and labels must have the
same shape, or received a label value outside the valid range), which in a
long script surfaces only after the data preparation has run.

## Fix safety
No automatic fix: change the loss, or the label encoding.

## References
- https://keras.io/api/losses/probabilistic_losses/
"""

from kerlint.rulekit import Finding, Program, semantics

CODE = "KER109"
NAME = "label-encoding-mismatch"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras
    from tensorflow.keras.datasets import mnist
    from tensorflow.keras.utils import to_categorical

    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    x_train = x_train.reshape((60000, 28 * 28)).astype("float32") / 255
    y_train = to_categorical(y_train)

    model = keras.Sequential([
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])  # expect: KER109
    model.fit(x_train, y_train, epochs=5, batch_size=128)
    ''',
]

GOOD = [
    '''
    from tensorflow import keras
    from tensorflow.keras.datasets import mnist

    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    x_train = x_train.reshape((60000, 28 * 28)).astype("float32") / 255

    model = keras.Sequential([
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5, batch_size=128)
    ''',
]


def check(program: Program):
    for training in program.trainings():
        loss, labels, output = training.loss, training.labels, training.head.output
        if output.units == 1:  # one output unit: KER103 / KER110 say what is wrong
            continue
        # Evidence is cited (which costs the position pass) only when reporting.
        if loss.name in semantics.SPARSE_CROSSENTROPY and labels.encoding == "onehot":
            yield Finding(
                loss.node,
                f"{loss.name} expects integer labels but the model is fitted on {program.cite_all(labels.cause)}; "
                "use categorical_crossentropy, or keep the integer labels",
            )
        elif loss.name in semantics.CATEGORICAL_CROSSENTROPY and labels.encoding == "integer":
            yield Finding(
                loss.node,
                f"{loss.name} expects one-hot labels but the model is fitted on {program.cite_all(labels.cause)}; "
                "use sparse_categorical_crossentropy, or one-hot encode them with to_categorical",
            )
