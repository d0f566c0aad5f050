"""Crossentropy loss on an output activation that is not a probability.

## What it does
Reports a crossentropy loss (binary, categorical, sparse categorical, focal)
used without `from_logits=True` on a model whose output activation is not a
probability: `relu`, `tanh`, `elu`, `selu`, `softplus`, `leaky_relu`,
`gelu`, `swish`, `log_softmax`... A linear output is KER104's.

## Why is this bad?
A crossentropy without `from_logits=True` reads the output as probabilities.
Binary and sparse categorical crossentropy clip it into (0, 1) before the
logarithm: a `tanh` unit below 0 or a `relu` unit at 0 sits on the clip
(a loss of 16.1 with a gradient of exactly 0), and so does a `relu` unit
above 1. Categorical crossentropy first divides each row by its sum: only
the ratios between scores count, a true class at 0 gets no gradient, and a
row of zeros (all `relu` units off) gives NaN. The model trains on a
distorted loss or not at all, with no error.

## Fix safety
No automatic fix: end the model with `softmax` (one label per sample) or
`sigmoid` (binary, multilabel), or keep the scores and pass
`from_logits=True`.

## References
- https://keras.io/api/losses/probabilistic_losses/
"""

from kerlint.rulekit import Finding, Program, describe_output, semantics

CODE = "KER121"
NAME = "crossentropy-on-non-probability"
SEVERITY = "E"

BAD = [
    '''
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(5, activation="relu"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])  # expect: KER121
    ''',
    '''
    import keras
    from keras import layers

    inputs = keras.Input(shape=(20,))
    x = layers.Dense(32, activation="relu")(inputs)
    outputs = layers.Dense(1, activation="tanh")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam",
                  loss=keras.losses.BinaryCrossentropy(),  # expect: KER121
                  metrics=["accuracy"])
    ''',
]

GOOD = [
    '''
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(5, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    ''',
    '''
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(1, activation="tanh"),
    ])
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
    ''',
    '''
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(1, activation="relu"),
    ])
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    ''',
]

# What each activation outputs, for the message; every one of them leaves (0, 1).
NOT_PROBABILITY = {
    "relu": "[0, inf)",
    "relu6": "[0, 6]",
    "elu": "(-1, inf)",
    "selu": "(-1.76, inf)",
    "celu": "(-1, inf)",
    "tanh": "(-1, 1)",
    "hard_tanh": "[-1, 1]",
    "softsign": "(-1, 1)",
    "softplus": "(0, inf)",
    "exponential": "(0, inf)",
    "leaky_relu": "(-inf, inf)",
    "prelu": "(-inf, inf)",
    "gelu": "[-0.17, inf)",
    "silu": "[-0.28, inf)",
    "swish": "[-0.28, inf)",
    "hard_silu": "[-0.38, inf)",
    "hard_swish": "[-0.38, inf)",
    "mish": "[-0.31, inf)",
    "log_softmax": "(-inf, 0]",
    "log_sigmoid": "(-inf, 0)",
    "squareplus": "(0, inf)",
    "sparse_plus": "[0, inf)",
}


_CLIPPED = "values outside (0, 1) are clipped and get no gradient"
# categorical crossentropy normalises each row by its sum before clipping
_MECHANISM = {
    name: "Keras divides each row by its sum, so only ratios count, a class at 0 gets no gradient and a row of zeros gives NaN"
    for name in semantics.CATEGORICAL_CROSSENTROPY
}


def check(program: Program):
    for training in program.trainings():
        output, loss = training.head.output, training.loss
        activation = output.activation
        if output.layer is None or activation not in NOT_PROBABILITY:
            continue
        if loss.name not in semantics.CROSSENTROPY or loss.from_logits is not False:
            continue
        wanted = "sigmoid" if loss.name in semantics.BINARY_CROSSENTROPY or output.units == 1 else "softmax"
        yield Finding(
            loss.node,
            f"{describe_output(output)} is not a probability ({activation} outputs {NOT_PROBABILITY[activation]}) but "
            f"{loss.name} expects probabilities: {_MECHANISM.get(loss.name, _CLIPPED)}; "
            f"use activation='{wanted}', or from_logits=True if the outputs are scores",
        )
