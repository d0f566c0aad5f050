"""A spatial axis shrinks to zero or below through valid convolutions and poolings.

## What it does
Follows the shape of the model's input (its `Input`, `input_shape=`, or the
known shape of the arrays passed to fit) through every layer, as
`model.summary()` would, and reports the layer at which a spatial or time
axis reaches 0 or less: each `padding="valid"` convolution takes
`kernel_size - 1` off it, each pooling or stride divides it.

## Why is this bad?
The model cannot be built: Keras raises "Computed output size would be zero
or negative" at that layer, when the model is constructed (with an `Input`)
or at the first fit (without one), after whatever ran before it. It usually
comes from a network copied from larger images (224x224) to small ones
(28x28), or one block too many.

## Fix safety
No automatic fix: use `padding="same"`, remove a pooling layer, or feed
larger inputs.

## References
- https://keras.io/api/layers/convolution_layers/convolution2d/
"""

from kerlint.analysis.shape_flow import format_shape
from kerlint.rulekit import Finding, Program

CODE = "KER116"
NAME = "spatial-axis-collapses"
SEVERITY = "E"

BAD = [
    '''
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(128, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(256, 3, activation="relu"),  # expect: KER116
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
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(128, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(256, 3, padding="same", activation="relu"),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    ''',
]


def check(program: Program):
    reported = set()
    for model in program.models:
        shapes = program.shapes_of(model)
        if program.shape_flow.channels_first_suspect(model) is not None:
            continue  # KER117 explains the collapse: the channels were taken for an image axis
        for record in shapes.collapsed:
            if id(record.layer.call) in reported:
                continue
            reported.add(id(record.layer.call))
            source = f" (model input {format_shape(shapes.input)} from {shapes.source.text})" if shapes.source else ""
            yield Finding(
                record.layer.call,
                f"{record.layer.describe()} turns {format_shape(record.inputs[0])} into {format_shape(record.output)}{source}: "
                "an axis shrinks to zero or below and the model cannot be built; use padding='same', "
                "fewer pooling steps, or larger inputs",
            )
