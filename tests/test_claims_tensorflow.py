"""Each rule's claim about Keras, demonstrated on the real framework with tiny models.

Skipped (and reported at the end of the run) where TensorFlow is not
installed; CI installs the `test` extra and runs them.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
np = pytest.importorskip("numpy")
keras = pytest.importorskip("keras", reason="TensorFlow/Keras not installed: rule claims not checked")
layers = keras.layers

pytestmark = pytest.mark.tensorflow

RNG = np.random.default_rng(0)
X = RNG.normal(size=(32, 4)).astype("float32")
Y_BINARY = RNG.integers(0, 2, size=(32, 1)).astype("float32")
Y_INT = RNG.integers(0, 3, size=(32,))
Y_ONEHOT = keras.utils.to_categorical(Y_INT, 3)


def dense_model(units, activation=None, input_shape=(4,)):
    return keras.Sequential([keras.Input(input_shape), layers.Dense(units, activation=activation)])


def test_ker101_two_unit_softmax_with_bce_equals_cce_on_one_hot_labels():
    # Why KER101 leaves Dense(2, softmax) + binary_crossentropy on one-hot labels alone.
    probabilities = keras.activations.softmax(RNG.normal(size=(16, 2)).astype("float32")).numpy()
    labels = keras.utils.to_categorical(RNG.integers(0, 2, 16), 2)
    bce = keras.losses.binary_crossentropy(labels, probabilities).numpy()
    cce = keras.losses.categorical_crossentropy(labels, probabilities).numpy()
    assert np.allclose(bce, cce, atol=1e-5)
    assert np.mean(keras.metrics.binary_accuracy(labels, probabilities)) == np.mean(
        keras.metrics.categorical_accuracy(labels, probabilities)
    )


def test_ker102_softmax_over_one_unit_is_constant_one():
    predictions = dense_model(1, "softmax").predict(X, verbose=0)
    assert np.all(predictions == 1.0)


def test_ker103_sigmoid_with_categorical_crossentropy_over_one_unit_is_zero():
    model = dense_model(1, "sigmoid")
    loss = keras.losses.categorical_crossentropy(Y_BINARY, model(X)).numpy()
    assert np.allclose(loss, 0.0)


def test_ker104_probability_loss_on_logits_flattens_negative_scores():
    # True class scored -1 or -5: the probability loss sees the same clipped value
    # (no gradient), the logits loss sees the difference.
    logits = np.array([[-1.0, 2.0, 0.5], [-5.0, 2.0, 0.5]], dtype="float32")
    target = np.array([0, 0])
    as_probabilities = keras.losses.sparse_categorical_crossentropy(target, logits).numpy()
    as_logits = keras.losses.sparse_categorical_crossentropy(target, logits, from_logits=True).numpy()
    assert as_probabilities[0] == pytest.approx(as_probabilities[1])
    assert as_probabilities[0] > 15  # -log(epsilon)
    assert as_logits[1] > as_logits[0] + 3


def test_ker105_from_logits_on_probabilities_cannot_reach_zero():
    perfect = np.array([[1.0, 0.0, 0.0]], dtype="float32")
    target = np.array([[1.0, 0.0, 0.0]], dtype="float32")
    assert keras.losses.CategoricalCrossentropy()(target, perfect).numpy() < 1e-5
    assert keras.losses.CategoricalCrossentropy(from_logits=True)(target, perfect).numpy() > 0.5


def test_ker106_mse_gradient_vanishes_when_confidently_wrong():
    import tensorflow as tf

    logit = tf.Variable([[-8.0]])  # the model says "0" with confidence; the label is 1
    label = tf.constant([[1.0]])
    grads = {}
    for name, loss in (("mse", keras.losses.MeanSquaredError()), ("bce", keras.losses.BinaryCrossentropy())):
        with tf.GradientTape() as tape:
            value = loss(label, tf.sigmoid(logit))
        grads[name] = abs(float(tape.gradient(value, logit)[0, 0]))
    assert grads["bce"] > 100 * grads["mse"]


def test_ker108_sigmoid_output_cannot_reach_targets_above_one():
    model = dense_model(1, "sigmoid")
    model.compile(optimizer=keras.optimizers.Adam(0.1), loss="mse")
    targets = np.full((32, 1), 20.0, dtype="float32")
    history = model.fit(X, targets, epochs=20, verbose=0)
    assert history.history["loss"][-1] >= (20.0 - 1.0) ** 2 * 0.99
    assert model.predict(X, verbose=0).max() <= 1.0


@pytest.mark.parametrize(
    "loss, labels",
    [("sparse_categorical_crossentropy", Y_ONEHOT), ("categorical_crossentropy", Y_INT)],
)
def test_ker109_label_encoding_mismatch_raises(loss, labels):
    model = dense_model(3, "softmax")
    model.compile(loss=loss, optimizer="adam")
    with pytest.raises(ValueError):
        model.fit(X, labels, epochs=1, verbose=0)


def test_ker110_units_different_from_one_hot_classes_raises():
    model = dense_model(2, "softmax")
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    with pytest.raises(ValueError, match="same shape"):
        model.fit(X, Y_ONEHOT, epochs=1, verbose=0)


def test_ker111_accuracy_is_not_a_loss():
    model = dense_model(1, "sigmoid")
    with pytest.raises(ValueError):
        model.compile(loss="accuracy", optimizer="adam")
        model.fit(X, Y_BINARY, epochs=1, verbose=0)


def test_ker111_auc_has_no_gradient():
    model = dense_model(1, "sigmoid")
    model.compile(loss=keras.metrics.AUC(), optimizer="adam")
    with pytest.raises(ValueError, match="gradients"):
        model.fit(X, Y_BINARY, epochs=1, verbose=0)


def test_ker113_two_linear_dense_layers_are_one_linear_map():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(3)])
    (w1, b1), (w2, b2) = (layer.get_weights() for layer in model.layers)
    collapsed = X @ (w1 @ w2) + (b1 @ w2 + b2)
    assert np.allclose(model.predict(X, verbose=0), collapsed, atol=1e-5)


def test_ker115_dense_after_conv_keeps_spatial_axes():
    model = keras.Sequential(
        [keras.Input((28, 28, 1)), layers.Conv2D(4, 3), layers.MaxPooling2D(), layers.Dense(10, activation="softmax")]
    )
    assert model.output_shape == (None, 13, 13, 10)
    flat = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(10)])
    assert flat.output_shape == (None, 10)


def test_ker501_optimizer_lr_raises_and_decay_is_silently_ignored():
    with pytest.raises(ValueError, match="lr"):
        keras.optimizers.Adam(lr=0.01)
    with pytest.warns(UserWarning, match="decay"):
        optimizer = keras.optimizers.Adam(decay=0.5)
    assert not hasattr(optimizer, "decay") or not optimizer.decay


@pytest.mark.parametrize("method", ["to_yaml", "predict_classes", "predict_proba", "fit_generator", "predict_generator"])
def test_ker501_removed_model_methods_are_gone(method):
    assert not hasattr(dense_model(1), method)


@pytest.mark.parametrize("module", [e.name for e in __import__("kerlint.knowledge.removed", fromlist=["REMOVED"]).REMOVED if e.kind == "module"])
def test_ker501_removed_module_paths_do_not_import(module):
    import importlib

    with pytest.raises(ImportError):
        importlib.import_module(module)


def test_ker501_keras1_keywords_raise():
    with pytest.raises((TypeError, ValueError)):
        keras.layers.Dense(3, init="uniform")
    model = dense_model(1)
    model.compile(loss="mse", optimizer="sgd")
    with pytest.raises(TypeError, match="nb_epoch"):
        model.fit(X, Y_BINARY, nb_epoch=1, verbose=0)


def test_ker503_unknown_keywords_raise():
    with pytest.raises(ValueError, match="activaton"):
        layers.Dense(3, activaton="relu")
    model = dense_model(1)
    model.compile(loss="mse", optimizer="sgd")
    with pytest.raises(TypeError, match="epoch"):
        model.fit(X, Y_BINARY, epoch=1, verbose=0)
    with pytest.raises(TypeError, match="metric"):
        model.compile(loss="mse", metric=["mae"])


def test_ker502_misspelled_model_methods_raise():
    model = dense_model(1)
    for name in ("fet_config", "to_join"):
        with pytest.raises(AttributeError):
            getattr(model, name)
    assert callable(model.get_config) and callable(model.to_json)


def test_ker504_paths_keras3_rejects(tmp_path):
    model = dense_model(1)
    with pytest.raises(ValueError, match=r"\.weights\.h5"):
        model.save_weights(str(tmp_path / "w.h5"))
    with pytest.raises(ValueError, match="extension"):
        model.save(str(tmp_path / "exported_model"))
    with pytest.raises(ValueError, match=r"\.weights\.h5"):
        keras.callbacks.ModelCheckpoint(str(tmp_path / "best.h5"), save_weights_only=True)
    (tmp_path / "saved_model_dir").mkdir()
    with pytest.raises(ValueError, match="not supported"):
        keras.models.load_model(str(tmp_path / "saved_model_dir"))
    model.save_weights(str(tmp_path / "ok.weights.h5"))
    with pytest.raises(ValueError, match="by_name"):
        model.load_weights(str(tmp_path / "ok.weights.h5"), by_name=True)


def test_ker505_model_from_json_has_fresh_weights():
    trained = dense_model(1)
    rebuilt = keras.models.model_from_json(trained.to_json())
    assert not np.allclose(trained.predict(X, verbose=0), rebuilt.predict(X, verbose=0))


def test_ker507_summary_of_unbuilt_sequential_has_no_parameters(capsys):
    model = keras.Sequential([layers.Dense(8), layers.Dense(1)])
    model.summary()
    assert "unbuilt" in capsys.readouterr().out
    assert not model.built


def test_ker401_dropout_of_one_zeroes_everything_in_training():
    out = layers.Dropout(1.0)(np.ones((4, 8), "float32"), training=True)
    assert np.all(np.asarray(out) == 0)
    with pytest.raises(ValueError):
        layers.Dropout(1.5)


def test_ker402_dropout_as_output_randomises_training_predictions():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="softmax"), layers.Dropout(0.5)])
    training = np.asarray(model(X, training=True))
    assert (training == 0).any()  # some probabilities dropped to zero while training
    assert not (np.asarray(model(X, training=False)) == 0).any()


def test_ker405_constant_kernel_makes_units_identical_and_zeros_relu_never_learn():
    same = keras.Sequential([keras.Input((4,)), layers.Dense(6, activation="tanh", kernel_initializer="ones")])
    outputs = np.asarray(same(X))
    assert np.allclose(outputs, outputs[:, :1])  # six units, one function
    dead = keras.Sequential([keras.Input((4,)), layers.Dense(6, activation="relu", kernel_initializer="zeros"), layers.Dense(1)])
    dead.compile(optimizer="sgd", loss="mse")
    dead.fit(X, RNG.normal(size=(32, 1)).astype("float32"), epochs=3, verbose=0)
    assert np.all(dead.layers[0].get_weights()[0] == 0)  # no gradient ever reached it
