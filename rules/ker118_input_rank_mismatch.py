"""Input rank inconsistent with the first layer.

## What it does
Compares the rank of the model's input with the rank its first layer
requires (`Conv2D`: height, width, channels; `Conv1D` and recurrent layers:
steps, features; and so on). Reports:
- a declared shape that includes the batch axis: `input_shape=(None, 64, 64, 3)`
  for `Conv2D` (Keras adds the batch axis itself);
- a declared shape without the channel axis: `input_shape=(28, 28)` for `Conv2D`;
- no declared shape, while the arrays passed to fit have the wrong rank
  (mnist's `(N, 28, 28)` into `Conv2D`).

A declared shape with the channel axis, `(28, 28, 1)`, fed arrays of shape
`(N, 28, 28)` is not reported: Keras 3 adds the missing axis of size 1 itself.

## Why is this bad?
Keras refuses the model when it is built or at the first batch
("expected min_ndim=4, found ndim=3"; for a batch axis inside the shape of a
convolution, "Kernel shape must have the same length as input").

## Fix safety
No automatic fix: the data may need a reshape too
(`x[..., None]` or `np.expand_dims(x, -1)`).

## References
- https://keras.io/guides/sequential_model/#specifying-the-input-shape-in-advance
"""

from kerlint.analysis.shape_flow import format_shape
from kerlint.rulekit import Finding, Program

CODE = "KER118"
NAME = "input-rank-mismatch"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras
    from tensorflow.keras import layers

    model = keras.Sequential([
        layers.Conv2D(32, (3, 3), activation="relu", input_shape=(None, 64, 64, 3)),  # expect: KER118
        layers.GlobalAveragePooling2D(),
        layers.Dense(1, activation="sigmoid"),
    ])
    ''',
    '''
    from tensorflow import keras
    from tensorflow.keras import layers

    model = keras.Sequential([
        layers.Conv2D(32, (3, 3), activation="relu", input_shape=(28, 28)),  # expect: KER118
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    ''',
    '''
    import keras
    from keras import layers

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train / 255.0
    model = keras.Sequential([
        layers.Conv2D(32, 3, activation="relu"),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x_train, y_train, epochs=5)  # expect: KER118
    ''',
]

GOOD = [
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
    '''
    import keras
    from keras import layers

    model = keras.Sequential([
        layers.LSTM(32, input_shape=(None, 8)),
        layers.Dense(1),
    ])
    ''',
]


def check(program: Program):
    for model in program.models:
        shapes = program.shapes_of(model)
        source = shapes.source
        if source is None or source.node is None:
            continue
        for record in shapes.rank_errors:
            if not record.first:
                continue
            given = record.inputs[0]
            wanted = program.shape_flow.input_rank(record.layer)
            layer = f"{record.layer.describe()} ({program.where(record.layer.call)})"
            if source.how == "data":
                message = (f"{source.text} has shape {format_shape(given)}, but the first layer {layer} needs inputs of rank "
                           f"{wanted} (batch included): {_hint(given, wanted)}")
            elif len(given) == wanted + 1 and given[1] is None:
                message = (f"{source.text} includes the batch axis: Keras adds it, so {layer} would get inputs of rank "
                           f"{len(given)} instead of {wanted}; leave the leading None out")
            else:
                message = f"{source.text} gives {layer} inputs of rank {len(given)} (batch included), it needs {wanted}: {_hint(given, wanted)}"
            yield Finding(source.node, message)


def _hint(given: tuple, wanted: int) -> str:
    if len(given) + 1 == wanted:
        return f"add the channel (feature) axis: shape {format_shape((*given[1:], 1))} and x[..., None] for the data"
    return "reshape the data or declare the input shape the layer expects"
