"""Whole models: kerlint's static shapes against the shapes the real Keras gives each layer.

tests/test_shapes_tensorflow.py checks one layer at a time; this checks the
flow through models as scripts write them (Sequential with .add and lists,
functional graphs with merges and helper functions, wrappers, channels_first).
The snippets are this test's own code, built here with Keras; kerlint reads
the same text without running it.
"""

from __future__ import annotations

import os
import textwrap

import libcst as cst
import pytest

from kerlint.analysis.program import Program

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras", reason="TensorFlow/Keras not installed: shapes not checked against Keras")

pytestmark = pytest.mark.tensorflow

MODELS = {
    "mnist_convnet": """
        import keras
        from keras import layers
        model = keras.Sequential([
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(10, activation="softmax"),
        ])
    """,
    "added_cifar_vgg": """
        from keras.models import Sequential
        from keras.layers import Conv2D, MaxPooling2D, Dropout, Flatten, Dense, BatchNormalization
        model = Sequential()
        model.add(Conv2D(32, (3, 3), padding="same", activation="relu", input_shape=(32, 32, 3)))
        model.add(BatchNormalization())
        model.add(Conv2D(32, (3, 3), activation="relu"))
        model.add(MaxPooling2D(pool_size=(2, 2)))
        model.add(Dropout(0.25))
        model.add(Conv2D(64, (3, 3), strides=2, padding="same", activation="relu"))
        model.add(Conv2D(64, (3, 3), dilation_rate=2, activation="relu"))
        model.add(Flatten())
        model.add(Dense(512, activation="relu"))
        model.add(Dense(10, activation="softmax"))
    """,
    "imdb_bidirectional": """
        import keras
        from keras import layers
        maxlen = 200
        model = keras.Sequential([
            keras.Input(shape=(maxlen,)),
            layers.Embedding(20000, 128),
            layers.Bidirectional(layers.LSTM(64, return_sequences=True)),
            layers.Bidirectional(layers.GRU(32), merge_mode="sum"),
            layers.Dense(1, activation="sigmoid"),
        ])
    """,
    "text_conv1d": """
        import keras
        from keras import layers
        model = keras.Sequential([
            keras.Input(shape=(400,)),
            layers.Embedding(5000, 50),
            layers.Conv1D(250, 3, padding="valid", activation="relu", strides=1),
            layers.MaxPooling1D(5),
            layers.Conv1D(128, 5, padding="causal"),
            layers.GlobalMaxPooling1D(),
            layers.Dense(250),
            layers.Dense(1, activation="sigmoid"),
        ])
    """,
    "seq2seq_repeat_timedistributed": """
        import keras
        from keras import layers
        model = keras.Sequential([
            keras.Input(shape=(7, 12)),
            layers.LSTM(128),
            layers.RepeatVector(4),
            layers.LSTM(128, return_sequences=True),
            layers.TimeDistributed(layers.Dense(12, activation="softmax")),
        ])
    """,
    "conv_autoencoder": """
        import keras
        from keras import layers
        inputs = keras.Input(shape=(28, 28, 1))
        x = layers.Conv2D(32, 3, activation="relu", padding="same")(inputs)
        x = layers.MaxPooling2D(2, padding="same")(x)
        x = layers.Conv2D(16, 3, activation="relu", padding="same")(x)
        x = layers.MaxPooling2D(2, padding="same")(x)
        x = layers.Conv2DTranspose(16, 3, strides=2, activation="relu", padding="same")(x)
        x = layers.UpSampling2D(2)(x)
        x = layers.ZeroPadding2D(((1, 1), (2, 2)))(x)
        x = layers.Cropping2D(((1, 1), (2, 2)))(x)
        outputs = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)
        model = keras.Model(inputs, outputs)
    """,
    "unet_helpers": """
        import keras
        from keras import layers

        def down(x, filters):
            x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
            skip = x
            return layers.MaxPooling2D()(x)

        def up(x, skip, filters):
            x = layers.Conv2DTranspose(filters, 2, strides=2, padding="same")(x)
            x = layers.Concatenate()([x, skip])
            return layers.Conv2D(filters, 3, padding="same", activation="relu")(x)

        inputs = keras.Input((64, 64, 3))
        c1 = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
        p1 = layers.MaxPooling2D()(c1)
        c2 = layers.Conv2D(32, 3, padding="same", activation="relu")(p1)
        p2 = down(c2, 64)
        u1 = up(p2, c2, 32)
        u2 = up(layers.Conv2D(16, 1)(u1), c1, 16)
        outputs = layers.Conv2D(1, 1, activation="sigmoid")(u2)
        model = keras.Model(inputs=[inputs], outputs=[outputs])
    """,
    "channels_first_reshape_permute": """
        import keras
        from keras import layers
        model = keras.Sequential([
            keras.Input((3, 32, 32)),
            layers.Conv2D(8, 5, data_format="channels_first"),
            layers.AveragePooling2D(2, data_format="channels_first"),
            layers.Permute((2, 3, 1)),
            layers.Reshape((-1, 8)),
            layers.SimpleRNN(16),
            layers.Dense(4),
        ])
    """,
    "two_inputs_concatenate": """
        import keras
        from keras import layers
        title = keras.Input(shape=(None,))
        numbers = keras.Input(shape=(6,))
        t = layers.Embedding(1000, 16)(title)
        t = layers.LSTM(8)(t)
        n = layers.Dense(8, activation="relu")(numbers)
        x = layers.concatenate([t, n])
        x = layers.Multiply()([x, layers.add([layers.Dense(16)(x), x])])
        priority = layers.Dense(1, name="priority")(x)
        department = layers.Dense(4, activation="softmax", name="department")(x)
        model = keras.Model([title, numbers], [priority, department])
    """,
}


def keras_model(code: str):
    namespace: dict = {}
    exec(compile(textwrap.dedent(code), "<snippet>", "exec"), namespace)  # our own snippet, not linted code
    return namespace["model"]


def kerlint_model(code: str):
    program = Program(cst.parse_module(textwrap.dedent(code)))
    model = program.models[-1]
    return model, program.shapes_of(model)


def as_tuple(shape) -> tuple:
    return tuple(shape)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_model_shapes_match_keras(name):
    code = MODELS[name]
    real = keras_model(code)
    model, shapes = kerlint_model(code)
    real_outputs = [as_tuple(t.shape) for t in (real.outputs if isinstance(real.outputs, list) else [real.outputs])]
    assert shapes.outputs == real_outputs
    assert all(output is not None for output in shapes.outputs)
    if model.kind == "sequential":
        static = [shapes.output_of(layer) for layer in model.layers]
        assert static == [as_tuple(layer.output.shape) for layer in real.layers]
    # every layer kerlint computed matches the Keras layer built from the same call
    by_line = {}
    for record in shapes.layers.values():
        if not record.varies and record.output is not None:
            by_line.setdefault(record.layer.kind, []).append(record.output)
    real_by_kind: dict = {}
    for layer in real.layers:
        if not isinstance(layer, keras.layers.InputLayer):
            real_by_kind.setdefault(type(layer).__name__, []).append(as_tuple(layer.output.shape))
    for kind, outputs in by_line.items():
        for output in outputs:
            assert output in real_by_kind[kind], (kind, output, real_by_kind[kind])
