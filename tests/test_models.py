"""The Program finds models in every style and reads their output, compile and task."""

from __future__ import annotations

import textwrap

import libcst as cst

from kerlint.analysis.program import Program


def program(code: str) -> Program:
    return Program(cst.parse_module(textwrap.dedent(code)))


def layers(model) -> list:
    return [layer.describe() for layer in model.heads[0].chain]


def test_sequential_list_and_add():
    p = program(
        """
        from tensorflow import keras
        from tensorflow.keras import layers
        a = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
        b = keras.models.Sequential()
        b.add(layers.Dense(32, activation="relu"))
        b.add(layers.Dropout(0.5))
        b.add(layers.Dense(1, activation="sigmoid"))
        """
    )
    a, b = p.models
    assert layers(a) == ["Dense(64, activation='relu')", "Dense(10, activation='softmax')"]
    assert layers(b) == ["Dense(32, activation='relu')", "Dropout()", "Dense(1, activation='sigmoid')"]
    assert b.heads[0].output.units == 1 and b.heads[0].output.activation == "sigmoid"


def test_layer_list_in_a_variable_and_constants():
    p = program(
        """
        import keras
        NUM_CLASSES = 46
        HIDDEN = NUM_CLASSES * 2
        class_names = ["a", "b", "c"]
        act = "softmax"
        stack = [keras.layers.Dense(HIDDEN, activation="relu"), keras.layers.Dense(NUM_CLASSES, activation=act)]
        m = keras.Sequential(stack)
        n = keras.Sequential([keras.layers.Dense(len(class_names))])
        """
    )
    m, n = p.models
    assert layers(m) == ["Dense(92, activation='relu')", "Dense(46, activation='softmax')"]
    assert n.heads[0].output.units == 3 and n.heads[0].output.activation == "linear"


def test_functional_with_activation_layer_and_tensor_function():
    p = program(
        """
        import tensorflow as tf
        from tensorflow.keras import layers
        inputs = tf.keras.Input(shape=(784,))
        x = layers.Dense(64, activation="relu")(inputs)
        x = layers.Dropout(0.2)(x)
        logits = layers.Dense(10)(x)
        probs = tf.nn.softmax(logits)
        model = tf.keras.Model(inputs=inputs, outputs=probs)
        other = tf.keras.Model(inputs, layers.Activation("sigmoid")(layers.Dense(1)(x)))
        """
    )
    model, other = p.models
    out = model.heads[0].output
    assert (out.layer.kind, out.units, out.activation) == ("Dense", 10, "softmax")
    assert [l.kind for l in model.heads[0].chain] == ["Dense", "Dropout", "Dense", "Activation"]
    out2 = other.heads[0].output
    assert (out2.units, out2.activation) == (1, "sigmoid")


def test_shared_layer_instance_and_merge():
    p = program(
        """
        from keras import Input, Model, layers
        a = Input((4,))
        b = Input((4,))
        dense = layers.Dense(8, activation="relu")
        merged = layers.Concatenate()([dense(a), dense(b)])
        out = layers.Dense(3, activation="softmax")(merged)
        model = Model([a, b], out)
        """
    )
    (model,) = p.models
    assert [l.kind for l in model.heads[0].chain] == ["Concatenate", "Dense"]
    assert model.heads[0].output.units == 3


def test_subclassed_model():
    p = program(
        """
        import keras
        from keras import layers

        class Classifier(keras.Model):
            def __init__(self, n):
                super().__init__()
                self.hidden = layers.Dense(64, activation="relu")
                self.out = layers.Dense(5, activation="softmax")

            def call(self, inputs):
                x = self.hidden(inputs)
                return self.out(x)

        model = Classifier(5)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    )
    (model,) = p.models
    assert model.kind == "subclass"
    assert layers(model) == ["Dense(64, activation='relu')", "Dense(5, activation='softmax')"]
    assert model.compiles and model.compiles[0].loss.name == "binary_crossentropy"


def test_factory_function_and_several_models():
    p = program(
        """
        from tensorflow import keras

        def build_model():
            model = keras.Sequential()
            model.add(keras.layers.Dense(64, activation="relu"))
            model.add(keras.layers.Dense(1))
            model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
            return model

        def build_classifier():
            net = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            return net

        for fold in range(4):
            model = build_model()
            model.fit(x, y, epochs=10)
        clf = build_classifier()
        clf.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=False), optimizer="adam")
        """
    )
    regressor, classifier = p.models
    assert [c.method for c in regressor.calls] == ["fit"]
    assert regressor.compiles[0].loss.name == "mean_squared_error"
    assert [m.name for m in regressor.compiles[0].metrics] == ["mean_absolute_error"]
    loss = classifier.compiles[0].loss
    assert (loss.name, loss.form, loss.from_logits) == ("categorical_crossentropy", "instance", False)


def test_loss_in_a_variable_and_function_reference():
    p = program(
        """
        import tensorflow as tf
        LOSS = tf.keras.losses.binary_crossentropy
        m = tf.keras.Sequential([tf.keras.layers.Dense(1, activation=tf.nn.sigmoid)])
        m.compile(loss=LOSS, optimizer="adam")
        """
    )
    (m,) = p.models
    assert m.heads[0].output.activation == "sigmoid"
    assert (m.compiles[0].loss.name, m.compiles[0].loss.form) == ("binary_crossentropy", "function")


def test_multi_output_dict_loss():
    p = program(
        """
        from tensorflow import keras
        from tensorflow.keras import layers
        inp = keras.Input((16,))
        h = layers.Dense(32, activation="relu")(inp)
        kind = layers.Dense(4, activation="softmax", name="kind")(h)
        price = layers.Dense(1, name="price")(h)
        model = keras.Model(inp, [kind, price])
        model.compile(optimizer="adam", loss={"kind": "categorical_crossentropy", "price": "mse"})
        """
    )
    (model,) = p.models
    pairs = [(head.name, loss.name) for head, _, loss in model.trainings()]
    assert pairs == [("kind", "categorical_crossentropy"), ("price", "mean_squared_error")]


def test_task_inference_with_evidence():
    p = program(
        """
        from tensorflow.keras.datasets import reuters
        from tensorflow.keras.utils import to_categorical
        from tensorflow import keras
        (x_train, y_train), _ = reuters.load_data(num_words=10000)
        y = to_categorical(y_train)
        model = keras.Sequential([keras.layers.Dense(46, activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer="rmsprop")
        model.fit(x_train, y[1000:])
        """
    )
    (training,) = list(p.trainings())
    assert training.labels.encoding == "onehot" and training.labels.n_classes == 46
    assert training.task.kind == "multiclass" and training.task.n_classes == 46
    assert "to_categorical at line 6" in p.cite_all(training.labels.cause)


def test_regression_tasks():
    p = program(
        """
        from tensorflow import keras
        from tensorflow.keras.datasets import boston_housing
        (x, y), _ = boston_housing.load_data()
        a = keras.Sequential([keras.layers.Dense(1)])
        a.compile(loss="mse", optimizer="rmsprop")
        a.fit(x, y)
        b = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        b.compile(loss="mse", optimizer="adam", metrics=["mae"])
        """
    )
    a, b = (t.task.kind for t in p.trainings())
    assert a == "regression"
    assert b == "regression in [0, 1]"


def test_functional_through_helper_functions():
    p = program(
        """
        from tensorflow import keras
        from tensorflow.keras import layers

        def conv_block(x, filters):
            x = layers.Conv2D(filters, 3, activation="relu")(x)
            return layers.MaxPooling2D()(x)

        def head(features, n_classes=10):
            return layers.Dense(n_classes, activation="softmax")(features)

        inputs = keras.Input((32, 32, 3))
        x = conv_block(inputs, 32)
        x = conv_block(x, filters=64)
        x = layers.Flatten()(x)
        model = keras.Model(inputs, head(x))
        """
    )
    (model,) = p.models
    kinds = [l.kind for l in model.heads[0].chain]
    assert kinds == ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense"]
    assert model.heads[0].output.activation == "softmax"


def test_labels_inside_datasets():
    p = program(
        """
        from tensorflow import keras
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        train_ds = keras.utils.image_dataset_from_directory("data/train", label_mode="categorical", batch_size=32)
        train_ds = train_ds.cache().prefetch(8)
        flow = ImageDataGenerator(rescale=1 / 255).flow_from_directory("data/train", class_mode="binary")
        mapped = train_ds.map(lambda x, y: (x, y))
        a = keras.Sequential([keras.layers.Dense(5, activation="softmax")])
        b = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        c = keras.Sequential([keras.layers.Dense(5, activation="softmax")])
        a.fit(train_ds, epochs=3)
        b.fit(flow, epochs=3)
        c.fit(mapped, epochs=3)
        """
    )
    a, b, c = (p.labels_of_model(m) for m in p.models)
    assert (a.encoding, a.n_classes) == ("onehot", None)
    assert (b.encoding, b.n_classes) == ("integer", 2)
    assert not c.known


def test_model_passed_to_helpers_cloned_and_concatenated_layer_lists():
    p = program(
        """
        import keras
        from keras import layers
        features = [layers.Dense(64, activation="relu")]
        head = [layers.Dense(3, activation="softmax")]
        model = keras.Sequential(features + head)

        def compile_model(m, loss):
            m.compile(optimizer="adam", loss=loss)

        compile_model(model, "categorical_crossentropy")
        twin = keras.models.clone_model(model)
        twin.fit(x, y)
        """
    )
    (model,) = p.models
    assert [l.describe() for l in model.layers] == ["Dense(64, activation='relu')", "Dense(3, activation='softmax')"]
    assert model.compiles[0].loss.name == "categorical_crossentropy"
    assert [c.method for c in model.calls] == ["fit"]


def test_constructor_arguments_reach_subclassed_layers():
    p = program(
        """
        import keras
        class Net(keras.Model):
            def __init__(self, num_classes=10):
                super().__init__()
                self.out = keras.layers.Dense(num_classes, activation="softmax")
            def call(self, x):
                return self.out(x)
        a = Net(num_classes=5)
        """
    )
    assert p.models[0].heads[0].output.units == 5


def test_recompile_pairs_each_loss_with_the_fits_that_follow_it():
    p = program(
        """
        from tensorflow import keras
        from tensorflow.keras.datasets import reuters
        from tensorflow.keras.utils import to_categorical
        (x, y), _ = reuters.load_data(num_words=1000)
        y_onehot = to_categorical(y)
        model = keras.Sequential([keras.layers.Dense(46, activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer="rmsprop")
        model.fit(x, y_onehot)
        model.compile(loss="sparse_categorical_crossentropy", optimizer="rmsprop")
        model.fit(x, y)
        """
    )
    encodings = [(t.loss.name, t.labels.encoding) for t in p.trainings()]
    assert encodings == [("categorical_crossentropy", "onehot"), ("sparse_categorical_crossentropy", "integer")]
