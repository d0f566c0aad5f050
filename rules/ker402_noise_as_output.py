"""Dropout (or another noise layer) as the model's final layer.

## What it does
Reports a model whose last layer is `Dropout`, `GaussianNoise`,
`GaussianDropout`, `AlphaDropout` or a spatial dropout.

## Why is this bad?
During training the predictions themselves are randomly zeroed (or noised)
and rescaled: a zeroed probability meets the loss as "certainly not this
class", so the loss and its gradients are noise on top of the signal. At
inference the layer does nothing, so the model is evaluated differently from
how it was trained. Dropout belongs before the output layer.

## Fix safety
No automatic fix: move the layer before the output layer.

## References
- https://keras.io/api/layers/regularization_layers/dropout/
"""

from kerlint.rulekit import Finding, Program, semantics

CODE = "KER402"
NAME = "noise-layer-as-output"
SEVERITY = "W"

BAD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
        keras.layers.Dropout(0.3),  # expect: KER402
    ])
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(10, activation="softmax"),
    ])
    ''',
]


def check(program: Program):
    for model in program.models:
        for head in model.heads:
            if head.chain and head.chain[-1].kind in semantics.PASS_THROUGH_LAYERS and head.chain[-1].kind != "ActivityRegularization":
                last = head.chain[-1]
                yield Finding(last.call, f"{last.kind} is the final layer: the predictions themselves are randomly "
                              "dropped in training and left alone at inference; put it before the output layer")
