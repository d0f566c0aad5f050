"""Image-to-image model whose output is smaller or larger than its target.

## What it does
For a model that outputs images (an autoencoder, a U-Net, a denoiser),
compares the height and width of its output with those of the targets
passed to fit (for `fit(x, x)`, the inputs themselves), when kerlint knows
their shape. Channels are not compared. Without known targets nothing is
reported: an output smaller or larger than the input can be the point
(super-resolution, inpainting a centre patch, quarter-resolution heatmaps).

## Why is this bad?
Valid convolutions take pixels off each side, and each pooling must be
undone by one `UpSampling2D` or strided `Conv2DTranspose`: a decoder that
returns 24x24 for 28x28 images, or 32x32 after one up-sampling too many,
cannot be compared with its target. Keras fails at the first batch with
incompatible shapes.

## Fix safety
No automatic fix: use `padding="same"`, add or remove an up-sampling step,
or crop / pad the output (`Cropping2D`, `ZeroPadding2D`).

## References
- https://blog.keras.io/building-autoencoders-in-keras.html
"""

from kerlint.analysis.shape_flow import format_shape
from kerlint.rulekit import Finding, Program

CODE = "KER120"
NAME = "image-output-size-mismatch"
SEVERITY = "E"

BAD = [
    '''
    import keras
    from keras import layers

    (x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
    x_train = x_train.astype("float32")[..., None] / 255.0
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(16, 3, activation="relu")(inputs)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(8, 3, activation="relu")(x)
    x = layers.UpSampling2D(2)(x)
    outputs = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)  # expect: KER120
    autoencoder = keras.Model(inputs, outputs)
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
    autoencoder.fit(x_train, x_train, epochs=10)
    ''',
]

GOOD = [
    '''
    import keras
    from keras import layers

    (x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
    x_train = x_train.astype("float32")[..., None] / 255.0
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(8, 3, activation="relu", padding="same")(x)
    x = layers.UpSampling2D(2)(x)
    outputs = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)
    autoencoder = keras.Model(inputs, outputs)
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
    autoencoder.fit(x_train, x_train, epochs=10)
    ''',
    '''
    import keras
    from keras import layers

    # super-resolution: twice the input's size is the point
    inputs = keras.Input(shape=(32, 32, 3))
    x = layers.Conv2D(64, 5, padding="same", activation="relu")(inputs)
    x = layers.UpSampling2D(2)(x)
    outputs = layers.Conv2D(3, 3, padding="same")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    model.fit(low_res_ds, epochs=20)
    ''',
    '''
    import keras
    from keras import layers

    # keypoint heatmaps at a quarter of the input resolution, trained on a dataset
    inputs = keras.Input(shape=(128, 128, 3))
    x = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(inputs)
    x = layers.Conv2D(64, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Conv2DTranspose(64, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D()(x)
    outputs = layers.Conv2D(17, 1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    model.fit(heatmap_ds, epochs=20)
    ''',
]

def check(program: Program):
    reported = set()
    for training in program.trainings():
        model, head = training.model, training.head
        output = program.output_shape(model, head)
        final = head.output.layer
        if output is None or len(output) < 4 or final is None or final.kind == "Dense" or id(final.call) in reported:
            continue
        target, fit = program.target_shape(model, training.compile)
        if target is None or len(target) != len(output) or not _sizes_differ(output, target):
            continue
        reported.add(id(final.call))
        yield Finding(
            final.call,
            f"the model outputs images of {_size(output)} {format_shape(output)} but the targets {program.source_of(fit.y)} "
            f"({program.where(fit.call)}) are {_size(target)} {format_shape(target)}: use padding='same' in the "
            "convolutions, or match the down- and up-sampling steps",
        )


def _sizes_differ(output: tuple, target: tuple) -> bool:
    spatial = list(zip(output[1:-1], target[1:-1]))
    return all(a is not None and b is not None for a, b in spatial) and any(a != b for a, b in spatial)


def _size(shape: tuple) -> str:
    return "x".join(str(d) for d in shape[1:-1])
