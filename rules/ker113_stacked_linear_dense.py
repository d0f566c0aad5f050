"""Dense layers in a row without an activation between them.

## What it does
Reports a `Dense` layer with no activation that feeds straight into another
`Dense` layer (only Dropout or noise layers in between).

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
            chain = head.chain
            for index, layer in enumerate(chain):
                if layer.kind != "Dense" or layer.activation != "linear":
                    continue
                following = next((l for l in chain[index + 1:] if l.kind not in semantics.PASS_THROUGH_LAYERS), None)
                if following is not None and following.kind == "Dense":
                    yield Finding(
                        layer.call,
                        f"{layer.describe()} has no activation and feeds {following.describe()} (line "
                        f"{program.line_of(following.call)}) directly: two linear layers collapse into one; "
                        "add activation='relu' (or another non-linearity)",
                    )
