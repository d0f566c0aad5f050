"""Inputs with a large range fed to fit without scaling.

## What it does
Reports `fit` on inputs that come straight from a dataset whose values are
known to be large: the uint8 images of mnist, fashion_mnist, cifar10 and
cifar100 (0 to 255) or the raw features of boston_housing (up to about 700),
with no scaling step on the way (`/ 255`, `- mean`, `/ std`, a scikit-learn
scaler) and no `Rescaling` / `Normalization` layer at the start of the model.

## Why is this bad?
Large, heterogeneous inputs make the first layer's pre-activations huge:
gradients explode or saturate, the learning rate that would suit scaled data
diverges, and the model trains far worse (or not at all). Scaling to small
values, feature-wise for tabular data, is the first step of data preparation.

## Fix safety
No automatic fix: divide images by 255, standardise features with
training statistics.

## References
- Chollet, Deep Learning with Python, "Data preprocessing for neural networks"
"""

from kerlint.rulekit import Finding, Program

CODE = "KER304"
NAME = "unscaled-inputs"
SEVERITY = "W"

BAD = [
    '''
    from tensorflow import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train.reshape((60000, 784))
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5)  # expect: KER304
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train.reshape((60000, 784)).astype("float32") / 255
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5)
    ''',
    '''
    from tensorflow import keras

    (x_train, y_train), _ = keras.datasets.cifar10.load_data()
    model = keras.Sequential([keras.Input(shape=(32, 32, 3)), keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x_train, y_train, epochs=5)
    ''',
]

_LARGE = frozenset({"mnist", "fashion_mnist", "cifar10", "cifar100", "boston_housing", "california_housing"})
# Layers that scale their input, or hide what is done to it.
_SCALING_LAYERS = frozenset({"Rescaling", "Normalization", "BatchNormalization", "LayerNormalization", "Lambda", "UnitNormalization"})
_WEIGHTED = frozenset({"Dense", "Conv1D", "Conv2D", "Conv3D", "LSTM", "GRU", "SimpleRNN", "SeparableConv2D", "DepthwiseConv2D", "Conv2DTranspose"})


def check(program: Program):
    for model in program.models:
        if len(model.heads) != 1 or _scales_inside(model.heads[0].chain):
            continue
        for call in model.data_calls("fit"):
            trace = program.data.trace(call.x, call.scope, call.order)
            origin = trace.origin
            if origin is None or origin.part != "x" or origin.dataset.name not in _LARGE or trace.scaled:
                continue
            low, high = origin.dataset.x_range
            yield Finding(call.x, f"{program.source_of(call.x)} holds the raw inputs of {origin.dataset.name} "
                          f"(values {low:g} to {high:g}, from load_data at {program.where(origin.node)}) with no scaling before fit: "
                          + ("divide by 255" if high == 255 else "standardise each feature with the training mean and std"))


def _scales_inside(chain) -> bool:
    """A scaling (or unknown) layer before the first layer with weights."""
    for layer in chain:
        if layer.kind in _SCALING_LAYERS or not layer.known:
            return True
        if layer.kind in _WEIGHTED:
            return False
    return False
