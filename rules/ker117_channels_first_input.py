"""Channels-first input to a channels-last convolution.

## What it does
Reports a model whose input shape reads channels first, `(3, 32, 32)` or
`(1, 28, 28)` (a first axis of 1 or 3 followed by image-sized axes), fed to a
2-D or 3-D convolution that reads channels last: no `data_format=` on the
layer and no `keras.config.set_image_data_format("channels_first")` (or
Keras 1's `set_image_dim_ordering("th")`) in the file.

## Why is this bad?
Keras's default is `channels_last`: it takes the last axis (32) for the
channels and convolves over a 3-pixel-high, 32-pixel-wide "image". A 3x3
kernel leaves one row, the next pooling or convolution collapses it, and if
the model still builds it learns from channel values as if they were
pixels. Data exported from PyTorch or old Theano code is laid out this way.

A script that asks Keras for its format (`K.image_data_format()`) and lays
its data out accordingly is not reported. A data format set in
`~/.keras/keras.json` cannot be seen from the script.

## Fix safety
No automatic fix: transpose the data to `(32, 32, 3)`
(`x.transpose(0, 2, 3, 1)`), or pass `data_format="channels_first"` to every
image layer.

## References
- https://keras.io/api/layers/convolution_layers/convolution2d/
"""

from kerlint.analysis.shape_flow import format_shape
from kerlint.rulekit import Finding, Program

CODE = "KER117"
NAME = "channels-first-input"
SEVERITY = "E"

BAD = [
    '''
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(3, 32, 32)),  # expect: KER117
        layers.Conv2D(32, (3, 3), activation="relu"),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    ''',
]

GOOD = [
    '''
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(3, 32, 32)),
        layers.Conv2D(32, (3, 3), activation="relu", data_format="channels_first"),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    ''',
    '''
    import keras
    from keras import layers

    keras.config.set_image_data_format("channels_first")
    model = keras.Sequential([
        keras.Input(shape=(3, 32, 32)),
        layers.Conv2D(32, (3, 3), activation="relu"),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    ''',
    '''
    from keras import backend as K
    from keras.models import Sequential
    from keras.layers import Conv2D, Flatten, Dense

    if K.image_data_format() == "channels_last":
        input_shape = (28, 28, 1)
    else:
        input_shape = (1, 28, 28)
    model = Sequential([Conv2D(32, (3, 3), activation="relu", input_shape=input_shape), Flatten(), Dense(10, activation="softmax")])
    ''',
    '''
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(32, 32, 3)),
        layers.Conv2D(32, (3, 3), activation="relu"),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    ''',
]


def check(program: Program):
    for model in program.models:
        record = program.shape_flow.channels_first_suspect(model)
        if record is None:
            continue
        shapes = program.shapes_of(model)
        shape = shapes.input
        yield Finding(
            shapes.source.node,
            f"input {format_shape(shape)} ({shapes.source.text}) looks channels-first, but {record.layer.describe()} "
            f"({program.where(record.layer.call)}) reads channels last: it takes the {shape[-1]} as channels and convolves "
            f"over {shape[1]}x{shape[2]}; pass data_format='channels_first' or transpose the data to "
            f"{format_shape((None, *shape[2:], shape[1]))}",
        )
