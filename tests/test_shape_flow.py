"""Shapes through whole models and the arrays fed to them (kerlint.analysis.shape_flow, array_shapes)."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from kerlint.analysis.program import Program


def program_of(code: str, target: str = "3") -> Program:
    return Program(cst.parse_module(textwrap.dedent(code)), target=target)


def layer_shapes(code: str, model_index: int = 0, target: str = "3") -> list:
    program = program_of(code, target)
    model = program.models[model_index]
    shapes = program.shapes_of(model)
    return [shapes.output_of(layer) for layer in model.heads[0].chain]


def model_shapes(code: str, model_index: int = 0):
    program = program_of(code)
    return program.shapes_of(program.models[model_index])


MNIST_CONVNET = """
    import keras
    from keras import layers

    model = keras.Sequential([
        {first}
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ])
"""
MNIST_SHAPES = [(None, 26, 26, 32), (None, 13, 13, 32), (None, 11, 11, 64), (None, 5, 5, 64), (None, 1600), (None, 1600), (None, 10)]


@pytest.mark.parametrize(
    "first",
    ["keras.Input(shape=(28, 28, 1)),", "keras.layers.InputLayer(input_shape=(28, 28, 1)),", "keras.Input(batch_shape=(None, 28, 28, 1)),"],
)
def test_sequential_with_a_declared_input(first):
    assert layer_shapes(MNIST_CONVNET.format(first=first)) == MNIST_SHAPES


def test_input_shape_on_the_first_layer():
    code = MNIST_CONVNET.format(first="").replace('activation="relu"),', 'activation="relu", input_shape=(28, 28, 1)),', 1)
    assert layer_shapes(code) == MNIST_SHAPES
    assert model_shapes(code).source.text == "input_shape=(28, 28, 1)"


def test_input_dim_and_batch_input_shape():
    assert layer_shapes("""
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential()
        model.add(Dense(64, input_dim=20, activation="relu"))
        model.add(Dense(1))
    """) == [(None, 64), (None, 1)]
    stateful = """
        from tensorflow.keras import layers, models
        model = models.Sequential([layers.LSTM(32, batch_input_shape=(16, 10, 8), stateful=True), layers.Dense(1)])
    """
    assert layer_shapes(stateful, target="2") == [(16, 32), (16, 1)]
    assert layer_shapes(stateful, target="3") == [None, None]  # Keras 3 has no batch_input_shape


def test_model_build_declares_the_input():
    assert layer_shapes("""
        import keras
        model = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(2)])
        model.build((None, 4))
    """) == [(None, 8), (None, 2)]


@pytest.mark.parametrize(
    "prepare, shape",
    [
        ("x_train = x_train.reshape(-1, 28, 28, 1) / 255.0", (None, 28, 28, 1)),
        ("x_train = x_train.reshape(x_train.shape[0], 28, 28, 1).astype('float32')", (None, 28, 28, 1)),
        ("x_train = x_train.reshape((60000, 784))", (None, 784)),
        ("x_train = x_train.reshape(len(x_train), -1)", (None, 784)),
        ("x_train = np.expand_dims(x_train, -1)", (None, 28, 28, 1)),
        ("x_train = x_train[..., np.newaxis]", (None, 28, 28, 1)),
        ("x_train = x_train[:, :, :, None]", (None, 28, 28, 1)),
        ("x_train = x_train[:1000]", (None, 28, 28)),
        ("x_train = x_train.astype('float32'); x_train /= 255", (None, 28, 28)),
        ("x_train = (x_train > 127).astype('float32')", (None, 28, 28)),
        ("x_train = x_train.reshape(-1, 1, 28, 28).transpose(0, 2, 3, 1)", (None, 28, 28, 1)),
    ],
)
def test_array_shapes_through_the_scripts_steps(prepare, shape):
    program = program_of(f"""
        import numpy as np
        import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        {prepare}
        model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(x_train, y_train)
    """)
    shapes = program.shapes_of(program.models[0])
    assert shapes.input == shape
    assert shapes.source.how == "data"


@pytest.mark.parametrize(
    "array, shape",
    [
        ("np.random.rand(1000, 20, 3)", (None, 20, 3)),
        ("np.random.rand(1000)", (None,)),
        ("np.zeros((500, 8))", (None, 8)),
        ("np.random.randint(0, 2, size=(500, 1))", (None, 1)),
        ("np.random.randint(0, 2, 500)", (None,)),
        ("np.random.normal(0, 1, (64, 10))", (None, 10)),
        ("np.random.rand(n, 5)", (None, 5)),  # the number of samples is never needed
        ("np.random.rand(*dims)", None),
        ("np.eye(24)[np.random.randint(0, 24, 100)]", (None, 24)),
        ("np.eye(10)[np.random.randint(0, 10, (100, 1))]", (None, 1, 10)),
        ("np.eye(10)[3]", None),
        ("np.eye(24, 1)", (None, 1)),
        ("np.identity(5)", (None, 5)),
    ],
)
def test_numpy_constructors(array, shape):
    program = program_of(f"""
        import numpy as np
        a = {array}
        b = a
    """)
    site = program.collected
    scope = site.module_scope
    assert program.shape_flow.arrays.shape_of(cst.Name("b"), scope, 10**6) == shape


def test_label_shapes():
    program = program_of("""
        import keras
        from sklearn.model_selection import train_test_split
        (x, y), _ = keras.datasets.cifar10.load_data()
        y_hot = keras.utils.to_categorical(y, 10)
        x_tr, x_va, y_tr, y_va = train_test_split(x, y_hot, test_size=0.2)
        model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
        model.compile(loss="categorical_crossentropy")
        model.fit(x_tr, y_tr)
        (xi, yi), _ = keras.datasets.imdb.load_data()
        xi = keras.utils.pad_sequences(xi, maxlen=200)
    """)
    model = program.models[0]
    assert program.target_shape(model)[0] == (None, 10)
    arrays = program.shape_flow.arrays
    site = program.collected.calls[-1]
    assert arrays.shape_of(cst.Name("y"), site.scope, site.order) == (None, 1)
    assert arrays.shape_of(cst.Name("xi"), site.scope, site.order + 1) == (None, 200)


def test_functional_graph_with_merges_and_helpers():
    code = """
        import keras
        from keras import layers

        def conv_block(x, filters):
            x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
            return layers.MaxPooling2D()(x)

        inputs = keras.Input(shape=(64, 64, 3))
        a = conv_block(inputs, 16)
        b = layers.Conv2D(8, 5, strides=2, padding="same")(inputs)
        x = layers.Concatenate()([a, b])
        x = layers.Add()([x, x])
        x = layers.concatenate([x, layers.multiply([x, x])], axis=-1)
        x = layers.GlobalAveragePooling2D()(x)
        outputs = layers.Dense(3, activation="softmax")(x)
        model = keras.Model(inputs=inputs, outputs=outputs)
    """
    shapes = model_shapes(code)
    assert shapes.input == (None, 64, 64, 3)
    assert shapes.outputs == [(None, 3)]
    kinds = {record.layer.kind: record.output for record in shapes.layers.values()}
    assert kinds["Concatenate"] == (None, 32, 32, 24)
    assert kinds["GlobalAveragePooling2D"] == (None, 48)


def test_multi_output_and_input_shape_from_the_data_array():
    shapes = model_shapes("""
        import numpy as np
        import keras
        from keras import layers
        X = np.zeros((100, 12))
        inputs = keras.Input(shape=X.shape[1:])
        h = layers.Dense(16, activation="relu")(inputs)
        price = layers.Dense(1, name="price")(h)
        kind = layers.Dense(4, activation="softmax", name="kind")(h)
        model = keras.Model(inputs, [price, kind])
    """)
    assert shapes.input == (None, 12)
    assert shapes.outputs == [(None, 1), (None, 4)]
    shapes = model_shapes("""
        import keras
        from keras import layers
        (x_train, y_train), _ = keras.datasets.boston_housing.load_data()
        inputs = keras.Input(shape=(x_train.shape[1],))
        h = layers.Dense(16, activation="relu")(inputs)
        model = keras.Model(inputs, [layers.Dense(1)(h), layers.Dense(4, activation="softmax")(h)])
    """)
    assert shapes.input == (None, 13)
    assert shapes.outputs == [(None, 1), (None, 4)]


def test_nested_sequential_in_a_functional_model():
    shapes = model_shapes("""
        import keras
        from keras import layers
        features = keras.Sequential([layers.Conv2D(8, 3), layers.GlobalMaxPooling2D()])
        inputs = keras.Input((32, 32, 3))
        outputs = layers.Dense(2, activation="softmax")(features(inputs))
        model = keras.Model(inputs, outputs)
    """, model_index=1)
    assert shapes.outputs == [(None, 2)]


def test_subclassed_model_takes_its_input_shape_from_fit():
    shapes = model_shapes("""
        import keras
        from keras import layers

        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.conv = layers.Conv2D(16, 3)
                self.pool = layers.GlobalAveragePooling2D()
                self.out = layers.Dense(10, activation="softmax")

            def call(self, inputs):
                return self.out(self.pool(self.conv(inputs)))

        (x_train, y_train), _ = keras.datasets.cifar10.load_data()
        net = Net()
        net.compile(loss="sparse_categorical_crossentropy")
        net.fit(x_train / 255.0, y_train)
    """)
    assert shapes.input == (None, 32, 32, 3)
    assert shapes.outputs == [(None, 10)]


def test_global_channels_first_setting_is_applied():
    code = """
        import keras
        from keras import backend as K
        K.set_image_data_format("channels_first")
        model = keras.Sequential([keras.Input((3, 32, 32)), keras.layers.Conv2D(16, 3), keras.layers.MaxPooling2D()])
    """
    assert layer_shapes(code) == [(None, 16, 30, 30), (None, 16, 15, 15)]
    unknown = code.replace('"channels_first"', "FORMAT")
    assert layer_shapes(unknown) == [None, None]


def test_unknown_layers_and_keras1_calls_stop_the_flow():
    assert layer_shapes("""
        from keras.models import Sequential
        from keras.layers import Convolution2D, Dense, Flatten, Lambda
        model = Sequential()
        model.add(Convolution2D(32, 3, 3, border_mode="same", input_shape=(28, 28, 1)))
        model.add(Flatten())
        model.add(Dense(10))
    """) == [None, None, None]
    assert layer_shapes("""
        import keras
        model = keras.Sequential([keras.Input((8,)), keras.layers.Lambda(lambda t: t * 2), keras.layers.Dense(2)])
    """)[-1] is None


def test_collapse_and_rank_errors_are_recorded():
    shapes = model_shapes("""
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((10, 10, 1)), layers.Conv2D(4, 5), layers.MaxPooling2D(4), layers.Conv2D(4, 3), layers.Flatten()])
    """)
    # 10 -> 6 (5x5 valid) -> 1 (pool 4) -> -1 (3x3 valid): Keras raises at that convolution
    assert [record.layer.kind for record in shapes.collapsed] == ["Conv2D"]
    assert shapes.collapsed[0].inputs == [(None, 1, 1, 4)] and shapes.collapsed[0].output == (None, -1, -1, 4)
    assert shapes.outputs == [None]
    shapes = model_shapes("""
        import keras
        model = keras.Sequential([keras.layers.Conv1D(8, 3, input_shape=(100,)), keras.layers.Flatten()])
    """)
    assert [(r.layer.kind, r.first) for r in shapes.rank_errors] == [("Conv1D", True)]


def test_nothing_declared_and_no_data_leaves_shapes_unknown():
    shapes = model_shapes("""
        import keras
        model = keras.Sequential([keras.layers.LSTM(32, return_sequences=True), keras.layers.Dense(1)])
    """)
    assert shapes.source is None and shapes.outputs == [None]


def test_inspect_shows_shapes():
    from kerlint.inspection import render

    text = render(cst.parse_module(textwrap.dedent(MNIST_CONVNET.format(first="keras.Input(shape=(28, 28, 1)),"))), "t.py")
    assert "input: (None, 28, 28, 1) (from keras.Input(shape=(28, 28, 1)), line 6)" in text
    assert "(None, 13, 13, 32)" in text and "(None, 1600)" in text


def test_a_shape_chosen_by_image_data_format_is_not_guessed():
    shapes = model_shapes("""
        from keras import backend as K
        from keras.models import Sequential
        from keras.layers import Conv2D, Flatten

        if K.image_data_format() == "channels_last":
            input_shape = (28, 28, 1)
        else:
            input_shape = (1, 28, 28)
        model = Sequential([Conv2D(32, (3, 3), input_shape=input_shape), Flatten()])
    """)
    assert shapes.input is None and shapes.collapsed == []


def test_inspect_lists_every_branch_of_a_functional_graph():
    from kerlint.inspection import render

    text = render(cst.parse_module(textwrap.dedent("""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(32, 32, 3))
        a = layers.Conv2D(16, 3, padding="same")(inputs)
        b = layers.Conv2D(8, 5, padding="same")(inputs)
        x = layers.Concatenate()([a, b])
        outputs = layers.Dense(10, activation="softmax")(layers.GlobalAveragePooling2D()(x))
        model = keras.Model(inputs, outputs)
    """)), "t.py")
    rows = [line.split() for line in text.splitlines() if line.startswith("    line")]
    assert [(row[1], row[-1]) for row in rows] == [("5", "16)"), ("6", "8)"), ("7", "24)"), ("8", "24)"), ("8", "10)")]


def test_values_of_self_attributes_int_and_tuple_concatenation():
    program = program_of("""
        import numpy as np

        class GAN:
            def __init__(self):
                self.rows = 256
                patch = int(self.rows / 2 ** 4)
                self.disc_patch = (patch, patch, 1)

            def train(self, batch_size):
                valid = np.ones((batch_size,) + self.disc_patch)
                return valid
    """)
    train = next(scope for scope in program.collected.functions.values() if scope.name == "train")
    expr, order = train.returns[-1]
    assert program.shape_flow.arrays.shape_of(expr, train, order + 1) == (None, 16, 16, 1)


def test_arrays_returned_by_the_scripts_own_helpers():
    shapes = model_shapes("""
        import numpy as np
        import keras
        from keras import layers

        def vectorize_sequences(sequences, dimension=10000):
            results = np.zeros((len(sequences), dimension))
            for i, sequence in enumerate(sequences):
                results[i, sequence] = 1.0
            return results

        (train_data, train_labels), (test_data, test_labels) = keras.datasets.imdb.load_data(num_words=10000)
        x_train = vectorize_sequences(train_data)
        x_test = vectorize_sequences(test_data)
        model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="rmsprop", loss="binary_crossentropy")
        model.fit(x_train[10000:], train_labels[10000:], epochs=4)
    """)
    assert shapes.input == (None, 10000) and shapes.outputs == [(None, 1)]
