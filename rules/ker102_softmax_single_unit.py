"""Softmax over a single unit: the output is the constant 1.0.

## What it does
Reports softmax applied over a last axis of size one: `Dense(1, activation="softmax")`,
a one-filter convolution with softmax, or `Dense(1)` followed by
`Activation("softmax")` / `Softmax()`.

## Why is this bad?
Softmax divides each value by the sum over the last axis. Over one unit that
is x / x: every prediction is exactly 1.0 whatever the input, no gradient
reaches the layers below, and the model cannot learn. Binary classifiers want
a single unit with `sigmoid`.

## Fix safety
No automatic fix: `sigmoid` is almost always meant, but the loss may need to
change with it.

## References
- https://keras.io/api/layers/activations/#softmax-function
"""

from kerlint.rulekit import Finding, Program

CODE = "KER102"
NAME = "softmax-over-one-unit"
SEVERITY = "E"

BAD = [
    '''
    import keras
    from keras import layers

    model = keras.Sequential([
        layers.Input(shape=(20,)),
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="softmax"),  # expect: KER102
    ])
    ''',
    '''
    import tensorflow as tf

    inputs = tf.keras.Input(shape=(8,))
    x = tf.keras.layers.Dense(1)(inputs)
    outputs = tf.keras.layers.Activation("softmax")(x)  # expect: KER102
    model = tf.keras.Model(inputs, outputs)
    ''',
]

GOOD = [
    '''
    import keras
    from keras import layers

    model = keras.Sequential([
        layers.Input(shape=(20,)),
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ])
    ''',
    '''
    import tensorflow as tf

    # Attention weights: softmax over the time axis, not over the single unit.
    inputs = tf.keras.Input(shape=(50, 32))
    scores = tf.keras.layers.Dense(1, activation="tanh")(inputs)
    weights = tf.keras.layers.Softmax(axis=1)(scores)
    ''',
]


def check(program: Program):
    for layer in program.layer_calls():
        if layer.units == 1 and layer.activation == "softmax":
            yield Finding(layer.activation_node or layer.call, _message(layer.describe()))
    for model in program.models:
        for head in model.heads:
            output = head.output
            act_layer = output.activation_layer
            if output.units != 1 or output.activation != "softmax" or act_layer is output.layer:
                continue
            if act_layer is not None and act_layer.kind == "Softmax" and _axis_is_not_last(act_layer, program):
                continue
            yield Finding(act_layer.call if act_layer is not None else output.activation_node, _message(output.layer.describe() + " followed by softmax"))


def _axis_is_not_last(layer, program) -> bool:
    from kerlint.analysis.values import evaluate

    axis = layer.argument(0, "axis")
    return axis is not None and evaluate(axis, layer.scope, layer.order) != -1


def _message(what: str) -> str:
    return (f"{what}: softmax over a single unit always outputs 1.0 and cannot learn; use activation='sigmoid' "
            "for a binary output (or no activation for a regression)")
