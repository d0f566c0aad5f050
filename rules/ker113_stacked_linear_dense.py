"""Dense layers in a row without an activation between them.

## What it does
Reports a `Dense` layer with no activation that feeds straight into another
`Dense` layer (only Dropout or noise layers in between).

A run of several linear layers is reported once, at its first layer.

## Why is this bad?
The composition of two linear maps is one linear map: `Dense(64)` followed by
`Dense(10)` computes nothing that a single `Dense(10)` could not, however many
such layers are stacked. The extra layer adds parameters and training time but
no capacity; usually `activation="relu"` was forgotten.

A linear *final* layer after activated hidden layers is normal (regression, or
logits with `from_logits=True`) and is not reported.

## Fix safety
No automatic fix.

## References
- Chollet, Deep Learning with Python, "What are activation functions, and why are they necessary?"
"""

from kerlint.rulekit import Finding, Program, semantics

CODE = "KER113"
NAME = "stacked-linear-dense"
SEVERITY = "W"

BAD = [
    '''
    from tensorflow import keras
    from tensorflow.keras import layers

    model = keras.Sequential([
        layers.Dense(128, input_shape=(784,)),  # expect: KER113
        layers.Dropout(0.2),
        layers.Dense(10, activation="softmax"),
    ])
    ''',
    '''
    import tensorflow as tf

    inputs = tf.keras.Input(shape=(54,))
    x = tf.keras.layers.Dense(256)(inputs)  # expect: KER113
    x = tf.keras.layers.Dense(128)(x)
    x = tf.keras.layers.Dense(64)(x)
    outputs = tf.keras.layers.Dense(7, activation="softmax")(x)
    model = tf.keras.Model(inputs, outputs)
    ''',
]

GOOD = [
    '''
    from tensorflow import keras
    from tensorflow.keras import layers

    model = keras.Sequential([
        layers.Dense(128, input_shape=(784,)),
        layers.LeakyReLU(),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),
    ])
    ''',
]


def check(program: Program):
    for model in program.models:
        for head in model.heads:
            chain = [layer for layer in head.chain if layer.kind not in semantics.PASS_THROUGH_LAYERS]
            for index, layer in enumerate(chain[:-1]):
                if not _linear_dense(layer):
                    continue
                following = chain[index + 1]
                if index > 0 and _linear_dense(chain[index - 1]):
                    continue  # one finding per run of linear layers, at its first
                if following.kind == "Dense":
                    yield Finding(
                        layer.call,
                        f"{layer.describe()} has no activation and feeds {following.describe()} ("
                        f"{program.where(following.call)}) directly: two linear layers collapse into one; "
                        "add activation='relu' (or another non-linearity)",
                    )


def _linear_dense(layer) -> bool:
    return layer.kind == "Dense" and layer.activation == "linear"
