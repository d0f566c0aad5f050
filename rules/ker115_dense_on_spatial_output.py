"""Dense output applied to a convolution's spatial output, with no Flatten.

## What it does
Reports a model whose output `Dense` layer is reached from a 2-D or 3-D
convolution or pooling layer with no `Flatten`, `GlobalAveragePooling2D`,
`GlobalMaxPooling2D` or `Reshape` in between.

## Why is this bad?
`Dense` acts on the last axis only: after `Conv2D` it is applied to every
pixel separately and the output keeps the height and width axes,
`(batch, h, w, classes)` instead of `(batch, classes)`. It cannot match one
label per image: Keras fails at the first batch with a shape error (or, with
some losses, broadcasts and trains on nonsense).

Sequence models (`Conv1D`, recurrent layers) that output one vector per time
step are not reported here (KER119 compares them with the labels), and
neither is a model whose labels are known to have the spatial axes too (a
PatchGAN discriminator scoring each patch, `np.ones((batch, 16, 16, 1))`).

## Fix safety
No automatic fix: `Flatten()` or global pooling are both reasonable.

## References
- https://keras.io/examples/vision/mnist_convnet/
"""

from kerlint.rulekit import Finding, Program, semantics

CODE = "KER115"
NAME = "dense-on-spatial-output"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras
    from tensorflow.keras import layers

    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),  # expect: KER115
    ])
    ''',
]

GOOD = [
    '''
    from tensorflow import keras
    from tensorflow.keras import layers

    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ])
    ''',
]

SPATIAL = frozenset(
    {
        f"{base}{dim}D"
        for dim in (2, 3)
        for base in (
            "Conv",
            "Convolution",
            "SeparableConv",
            "DepthwiseConv",
            "MaxPooling",
            "MaxPool",
            "AveragePooling",
            "AvgPool",
            "UpSampling",
            "ZeroPadding",
            "Cropping",
        )
    }
    | {"Conv2DTranspose", "Conv3DTranspose", "LocallyConnected2D"}
)
# Layers that keep the spatial axes of their input.
_KEEPS_AXES = semantics.PASS_THROUGH_LAYERS | {"Activation", "Dense", "BatchNormalization", "LayerNormalization"} | set(semantics.ACTIVATION_LAYERS)


def check(program: Program):
    # One label per position (a PatchGAN discriminator, a per-pixel classifier): the model's own
    # labels say so, and so the same output layer inside a larger model (the GAN) is left alone too.
    per_position = set()
    for model in program.models:
        labels, _ = program.target_shape(model)
        if labels is not None and len(labels) >= 3:
            per_position.update(id(head.output.layer) for head in model.heads)
    for model in program.models:
        for head in model.heads:
            output = head.output
            if output.layer is None or output.layer.kind != "Dense" or id(output.layer) in per_position:
                continue
            chain = head.chain
            start = chain.index(output.layer)
            for layer in reversed(chain[:start]):
                if layer.kind in SPATIAL:
                    yield Finding(
                        output.layer.call,
                        f"output {output.layer.describe()} is applied to the spatial output of {layer.kind} "
                        f"({program.where(layer.call)}) with no Flatten or global pooling in between: "
                        "the prediction keeps the height and width axes; add Flatten() or GlobalAveragePooling2D()",
                    )
                    break
                if layer.kind not in _KEEPS_AXES:
                    break
