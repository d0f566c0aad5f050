"""Constant kernel initializer on a hidden layer.

## What it does
Reports `kernel_initializer="zeros"`, `"ones"`, `"constant"` or
`keras.initializers.Zeros()` / `Ones()` / `Constant(...)` on a layer that feeds
other layers (a hidden layer). Bias initializers are not concerned, and
neither is the output layer (a zero-initialised linear model is fine).

## Why is this bad?
Every unit of the layer starts as the same function of the input: 128 units
compute one value 128 times. They drift apart only as far as the random
weights of the next layer push them (and not at all if that layer is constant
too), so most of the layer's width is wasted. With zeros and ReLU no gradient
reaches the layer's weights at all: it never learns. Random initialisation is
what breaks this symmetry.

## Fix safety
No automatic fix: use the default (`glorot_uniform`) or `he_normal`.

## References
- https://keras.io/api/layers/initializers/
"""

from kerlint.analysis.values import evaluate
from kerlint.rulekit import Finding, Program

CODE = "KER405"
NAME = "constant-kernel-initializer"
SEVERITY = "W"

BAD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        keras.layers.Dense(128, activation="relu", kernel_initializer="zeros"),  # expect: KER405
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    hidden = keras.Sequential([
        keras.Input(shape=(20,)),
        keras.layers.Dense(128, activation="relu", kernel_initializer="he_normal", bias_initializer="zeros"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    linear = keras.Sequential([keras.Input(shape=(20,)), keras.layers.Dense(1, kernel_initializer="zeros")])
    ''',
]

_CONSTANT_NAMES = frozenset({"zeros", "ones", "constant", "zero", "one"})
_CONSTANT_CLASSES = frozenset({"Zeros", "Ones", "Constant"})


def check(program: Program):
    reported = set()
    for model in program.models:
        for head in model.heads:
            for layer in head.chain:
                if layer is head.output.layer or id(layer) in reported:
                    continue
                node = layer.argument(None, "kernel_initializer")
                if node is None or not _is_constant(program, node, layer):
                    continue
                if head.chain.index(layer) == len(head.chain) - 1:
                    continue  # nothing follows it: not a hidden layer
                reported.add(id(layer))
                yield Finding(node, f"{layer.describe()} starts every unit with the same weights "
                              f"({program.source_of(node)}): its units compute the same thing and only drift apart by chance "
                              "(with zeros and relu they never learn); use a random initializer (the default glorot_uniform, or he_normal)")


def _is_constant(program: Program, node, layer) -> bool:
    value = evaluate(node, layer.scope, layer.order)
    if isinstance(value, str):
        return value.lower() in _CONSTANT_NAMES
    target = node.func if hasattr(node, "func") else node
    name = program.qualify(target)
    return bool(name) and name.startswith("keras.initializers.") and name.rsplit(".", 1)[1] in _CONSTANT_CLASSES
