"""Image-to-image model whose output is smaller or larger than its target.

## What it does
For a model that outputs images (an autoencoder, a U-Net, a denoiser),
compares the height and width of its output with those of the targets
passed to fit (for `fit(x, x)`, the inputs themselves). Without a known
target, an encoder-decoder (it both pools or strides down and up-samples)
whose output size differs from its input size is reported too. Channels are
not compared.

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
from kerlint.analysis.shapes import canonical
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
    '''
    import keras
    from keras import layers

    inputs = keras.Input(shape=(64, 64, 3))
    c1 = layers.Conv2D(16, 3, activation="relu")(inputs)
    p1 = layers.MaxPooling2D()(c1)
    c2 = layers.Conv2D(32, 3, activation="relu")(p1)
    u1 = layers.UpSampling2D()(c2)
    outputs = layers.Conv2D(1, 1, activation="sigmoid")(u1)  # expect: KER120
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(train_ds, epochs=20)
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
]

_DOWN = frozenset({"MaxPooling2D", "AveragePooling2D", "MaxPooling3D", "AveragePooling3D"})
_UP = frozenset({"UpSampling2D", "UpSampling3D", "Conv2DTranspose", "Conv3DTranspose"})


def check(program: Program):
    reported = set()
    for training in program.trainings():
        model, head = training.model, training.head
        output = program.output_shape(model, head)
        final = head.output.layer
        if output is None or len(output) < 4 or final is None or final.kind == "Dense" or id(final.call) in reported:
            continue
        target, fit = program.target_shape(model, training.compile)
        if target is not None:
            compared, what = target, f"the targets {program.source_of(fit.y)} ({program.where(fit.call)})"
        elif _encoder_decoder(program, head):
            compared, what = program.shapes_of(model).input, "the input"
        else:
            continue
        if compared is None or len(compared) != len(output) or not _sizes_differ(output, compared):
            continue
        reported.add(id(final.call))
        yield Finding(
            final.call,
            f"the model outputs images of {_size(output)} {format_shape(output)} but {what} are {_size(compared)} "
            f"{format_shape(compared)}: use padding='same' in the convolutions, or match the down- and up-sampling steps",
        )


def _sizes_differ(output: tuple, target: tuple) -> bool:
    spatial = list(zip(output[1:-1], target[1:-1]))
    return all(a is not None and b is not None for a, b in spatial) and any(a != b for a, b in spatial)


def _size(shape: tuple) -> str:
    return "x".join(str(d) for d in shape[1:-1])


def _encoder_decoder(program: Program, head) -> bool:
    """Pools or strides down, then up-samples: the model means to give back its input's size."""
    kinds = set()
    for layer in head.chain:
        spec = program.shape_flow.spec(layer)
        if spec is None:
            continue
        kind = canonical(spec.kind)
        strides = spec.args.get("strides")
        if kind in _DOWN or (kind in ("Conv2D", "Conv3D") and strides not in (None, 1, (1, 1), (1, 1, 1))):
            kinds.add("down")
        elif kind in _UP and "down" in kinds:
            kinds.add("up")
    return kinds == {"down", "up"}
