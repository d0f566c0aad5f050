"""Arrays passed to fit, evaluate or predict whose feature axis does not match the model's input.

## What it does
Compares the known shape of the arrays a model is given (a `keras.datasets`
split or a numpy constructor, after the script's reshapes, see
`kerlint inspect`) with the input shape the model declares
(`keras.Input(shape=...)`, `input_shape=`, `input_dim=`). Reports a last
(feature or channel) axis of another size, when the first layer builds its
weights on that axis (`Dense`, convolutions, recurrent layers,
normalisation): `x.reshape(-1, 28, 28)` fed to `Input(shape=(784,))`, or
channels-first images `(N, 3, 32, 32)` fed to `Input(shape=(32, 32, 3))`.

A missing or extra trailing axis of size 1 is not reported (Keras 3 adds or
drops it: `(N, 28, 28)` into `Input(shape=(28, 28, 1))` works), and neither
are other axes of another size (a recurrent layer takes any number of steps,
a fully convolutional network any image size).

## Why is this bad?
The first layer's weights were built for the declared size: Keras fails when
the arrays reach it ("expected axis -1 of input shape to have value 784"),
after whatever ran before the call.

## Fix safety
No automatic fix: reshape the arrays to the declared input, or declare the
input the arrays have.

## References
- https://keras.io/guides/functional_api/
"""

from kerlint.analysis.shape_flow import format_shape
from kerlint.analysis.shapes import canonical
from kerlint.rulekit import Finding, Program

CODE = "KER123"
NAME = "data-input-mismatch"
SEVERITY = "E"

BAD = [
    '''
    import keras
    from keras import layers

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train / 255.0
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(128, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x_train, y_train, epochs=5)  # expect: KER123
    ''',
]

GOOD = [
    '''
    import keras
    from keras import layers

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train.reshape(-1, 784) / 255.0
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(128, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x_train, y_train, epochs=5)
    ''',
    '''
    import keras
    from keras import layers

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train / 255.0
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x_train, y_train, epochs=5)
    ''',
]

# First layers whose weights are built on the last axis of their input (channels last).
_BUILT_ON_LAST_AXIS = frozenset(
    {"Dense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "SeparableConv1D",
     "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D", "SimpleRNN", "LSTM", "GRU", "Bidirectional",
     "BatchNormalization", "LayerNormalization"}
)
_DATA_METHODS = ("fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch")


def check(program: Program):
    flow = program.shape_flow
    for model in program.models:
        shapes = program.shapes_of(model)
        declared = shapes.input
        if shapes.source is None or shapes.source.how != "declared" or declared is None or not shapes.single_input:
            continue
        first = _first_layer(flow, shapes)
        if first is None:
            continue
        for call in model.data_calls(*_DATA_METHODS):
            data = flow.arrays.shape_of(call.x, call.scope, call.order)
            if data is None or not _last_axis_differs(data, declared):
                continue
            yield Finding(
                call.x,
                f"{program.source_of(call.x)} passed to {call.method} has shape {format_shape(data)}, but the model input is "
                f"{format_shape(declared)} ({shapes.source.text}, {program.where(shapes.source.node)}) and "
                f"{first.layer.describe()} builds its weights for a last axis of {declared[-1]}, not {data[-1]}: "
                "reshape the data or declare the input shape it has",
            )
            break  # one finding per model: later calls repeat it


def _first_layer(flow, shapes):
    """The layer fed the model's input, when its weights depend on the input's last axis."""
    firsts = [record for record in shapes.layers.values() if record.first]
    if len(firsts) != 1 or firsts[0] in shapes.rank_errors:
        return None  # KER118 reports an input the first layer cannot take at all
    spec = flow.spec(firsts[0].layer)
    if spec is None or canonical(spec.kind) not in _BUILT_ON_LAST_AXIS or spec.args.get("data_format") == "channels_first":
        return None
    return firsts[0]


def _last_axis_differs(data: tuple, declared: tuple) -> bool:
    """After Keras 3's own fix-up of a trailing axis of size 1 (added or dropped)."""
    if len(data) == len(declared) - 1 and declared[-1] == 1:
        data = (*data, 1)
    elif len(data) == len(declared) + 1 and data[-1] == 1:
        data = data[:-1]
    return data[-1] is not None and declared[-1] is not None and data[-1] != declared[-1]
