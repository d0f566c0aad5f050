"""Dropout rate outside [0, 1).

## What it does
Reports a dropout rate that is not in [0, 1): `Dropout(1.0)`, `Dropout(50)`,
`SpatialDropout2D(-0.1)`, and the `dropout=` / `recurrent_dropout=` of
recurrent layers.

## Why is this bad?
The rate is the fraction of units dropped. At 1.0 every unit is zeroed during
training: the layers after it see only zeros, and the model learns nothing
while the loss looks merely stuck. Above 1 or below 0 `Dropout` raises, but a
recurrent layer accepts the value and fails (or misbehaves) only in training.
A percentage (`Dropout(50)`) was usually meant as 0.5.

## Fix safety
No automatic fix: 50 may mean 0.5, or something else.

## References
- https://keras.io/api/layers/regularization_layers/dropout/
"""

from kerlint.analysis.values import evaluate
from kerlint.rulekit import Finding, Program

CODE = "KER401"
NAME = "dropout-rate-out-of-range"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([
        keras.Input(shape=(100, 32)),
        keras.layers.LSTM(64, dropout=20),  # expect: KER401
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dropout(1.0),  # expect: KER401
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([
        keras.Input(shape=(100, 32)),
        keras.layers.LSTM(64, dropout=0.2, recurrent_dropout=0.0),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    ''',
]

_RATE_LAYERS = frozenset({"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "AlphaDropout", "GaussianDropout"})
_RECURRENT = frozenset({"LSTM", "GRU", "SimpleRNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "LSTMCell", "GRUCell", "SimpleRNNCell"})


def check(program: Program):
    for layer in program.layer_calls():
        if layer.kind in _RATE_LAYERS:
            arguments = [(layer.argument(0, "rate"), "rate")]
        elif layer.kind in _RECURRENT:
            arguments = [(layer.argument(None, "dropout"), "dropout"), (layer.argument(None, "recurrent_dropout"), "recurrent_dropout")]
        else:
            continue
        for node, name in arguments:
            if node is None:
                continue
            value = evaluate(node, layer.scope, layer.order)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and not 0 <= value < 1:
                hint = f"; a percentage? use {value / 100:g}" if 1 < value <= 100 else ""
                what = "drops every unit in training" if value == 1 else "is not a fraction"
                yield Finding(node, f"{layer.kind}({name}={value:g}) {what}: the rate must be in [0, 1){hint}")
