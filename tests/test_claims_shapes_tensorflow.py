"""The static shape rules' (KER116-KER123) claims about Keras, shown on the real framework.

Tiny models only. Each test says in its docstring what it shows, and asserts
what Keras 3.15 really does: where it raises, what message, or what silently
wrong number it computes. Skipped (and reported at the end of the run) when
TensorFlow is not installed.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
np = pytest.importorskip("numpy")
keras = pytest.importorskip("keras", reason="TensorFlow/Keras not installed: rule claims not checked")
tf = pytest.importorskip("tensorflow")
layers = keras.layers

pytestmark = [
    pytest.mark.tensorflow,
    # KER118 uses the input_shape= argument on purpose
    pytest.mark.filterwarnings("ignore:Do not pass an `input_shape`:UserWarning"),
]

RNG = np.random.default_rng(0)
ZERO_OR_NEGATIVE = "Computed output size would be zero or negative"
EPSILON_LOSS = -np.log(keras.config.epsilon())  # 16.118...: the loss of a probability clipped to epsilon


def images(n=4, shape=(28, 28, 1)):
    return RNG.random((n, *shape)).astype("float32")


def loss_and_gradient(loss_fn, target, output):
    output = tf.Variable(np.asarray(output, dtype="float32"))
    with tf.GradientTape() as tape:
        loss = loss_fn(np.asarray(target), output)
    return np.asarray(loss), np.asarray(tape.gradient(loss, output))


# --- KER116: valid convolutions / poolings shrinking a spatial axis to zero ---------------------------


def test_ker116_fourth_valid_conv_raises_at_that_layer():
    """28 -> (Conv2D 3x3 valid + MaxPooling2D 2) x3 leaves 1x1; a 4th valid Conv2D 3x3 raises a
    ValueError when that layer is called on the symbolic tensor, i.e. while the model is built."""
    x = keras.Input((28, 28, 1))
    sizes = []
    for _ in range(3):
        x = layers.Conv2D(8, 3)(x)
        x = layers.MaxPooling2D(2)(x)
        sizes.append(x.shape[1])
    assert sizes == [13, 5, 1]
    fourth = layers.Conv2D(8, 3)
    with pytest.raises(ValueError, match=ZERO_OR_NEGATIVE) as raised:
        fourth(x)
    assert "inputs shape=(None, 1, 1, 8)" in str(raised.value)


def test_ker116_sequential_raises_at_construction_or_at_fit_without_input():
    """The same stack as a Sequential: with an Input the constructor raises; without one the model
    is built lazily and the same ValueError comes from fit()."""
    def stack():
        blocks = [layer for _ in range(3) for layer in (layers.Conv2D(8, 3), layers.MaxPooling2D(2))]
        return blocks + [layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(10)]

    with pytest.raises(ValueError, match=ZERO_OR_NEGATIVE):
        keras.Sequential([keras.Input((28, 28, 1)), *stack()])
    lazy = keras.Sequential(stack())
    lazy.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match=ZERO_OR_NEGATIVE):
        lazy.fit(images(), np.zeros((4, 10)), epochs=1, verbose=0)


@pytest.mark.parametrize(
    "layer, size",
    [
        (lambda: layers.MaxPooling2D(2), 1),  # floor((1 - 2) / 2) + 1 = 0
        (lambda: layers.AveragePooling2D(2), 1),
        (lambda: layers.MaxPooling2D(3, strides=1), 2),  # 2 - 3 + 1 = 0
        (lambda: layers.Conv2D(4, 3), 2),  # 2 - 3 + 1 = 0
        (lambda: layers.Conv2D(4, 3, dilation_rate=3), 5),  # effective kernel 7
    ],
    ids=["MaxPooling2D(2) on 1", "AveragePooling2D(2) on 1", "MaxPooling2D(3, strides=1) on 2", "Conv2D(3) on 2",
         "Conv2D(3, dilation 3) on 5"],
)
def test_ker116_reaching_exactly_zero_raises_no_zero_sized_tensor(layer, size):
    """Keras 3 never produces a 0-sized feature map that then trains silently: a pooling or
    convolution whose output is exactly 0 raises the same ValueError as a negative one."""
    with pytest.raises(ValueError, match=ZERO_OR_NEGATIVE):
        layer()(keras.Input((size, size, 3)))


def test_ker116_conv1d_and_the_boundary_of_one():
    """Conv1D is checked the same way; an output of exactly 1 is fine (the rule fires below 1)."""
    with pytest.raises(ValueError, match=ZERO_OR_NEGATIVE):
        keras.Sequential([keras.Input((10, 3)), layers.Conv1D(4, 5), layers.MaxPooling1D(2), layers.Conv1D(4, 5)])
    assert keras.Sequential([keras.Input((3, 3, 3)), layers.Conv2D(4, 3)]).output_shape == (None, 1, 1, 4)
    same = keras.Sequential([keras.Input((1, 1, 3)), layers.MaxPooling2D(2, padding="same")])
    assert same.output_shape == (None, 1, 1, 3)


def test_ker116_unknown_spatial_size_defers_the_error_to_predict():
    """With Input((None, None, 1)) the model builds; feeding 28x28 images then fails inside
    TensorFlow at predict time (a ValueError, different wording)."""
    x = inputs = keras.Input((None, None, 1))
    for _ in range(3):
        x = layers.MaxPooling2D(2)(layers.Conv2D(4, 3)(x))
    outputs = layers.Dense(2)(layers.GlobalAveragePooling2D()(layers.Conv2D(4, 3)(x)))
    model = keras.Model(inputs, outputs)
    with pytest.raises(ValueError, match="Negative dimension size"):
        model.predict(images(2), verbose=0)


# --- KER117: channels-first data to a channels_last layer --------------------------------------------


def test_ker117_channels_first_input_is_read_as_32_channels():
    """Input (3, 32, 32) without data_format: the 3 is taken as a row axis and 32 as channels,
    so Conv2D(32, 3) outputs (None, 1, 30, 32) and its kernel reads 32 input channels."""
    model = keras.Sequential([keras.Input((3, 32, 32)), layers.Conv2D(32, 3)])
    assert model.output_shape == (None, 1, 30, 32)
    assert tuple(model.layers[0].kernel.shape) == (3, 3, 32, 32)


def test_ker117_following_pooling_raises_or_collapses():
    """The next MaxPooling2D(2) on the 1-row map raises; with padding='same' the conv keeps 3 rows
    and the pooling collapses them to 1, the second pooling raises."""
    with pytest.raises(ValueError, match=ZERO_OR_NEGATIVE):
        keras.Sequential([keras.Input((3, 32, 32)), layers.Conv2D(32, 3), layers.MaxPooling2D(2)])
    same = keras.Sequential(
        [keras.Input((3, 32, 32)), layers.Conv2D(32, 3, padding="same"), layers.MaxPooling2D(2)]
    )
    assert same.output_shape == (None, 1, 16, 32)
    with pytest.raises(ValueError, match=ZERO_OR_NEGATIVE):
        same.add(layers.MaxPooling2D(2))


def test_ker117_without_pooling_it_trains_silently():
    """Conv2D + Flatten + Dense on channels-first data: no error, a finite loss, wrong geometry."""
    model = keras.Sequential(
        [
            keras.Input((3, 32, 32)),
            layers.Conv2D(4, 3, activation="relu"),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    history = model.fit(images(8, (3, 32, 32)), RNG.integers(0, 10, 8), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    assert model.layers[0].output.shape == (None, 1, 30, 4)


def test_ker117_channels_first_declared_gives_the_intended_shapes():
    """data_format='channels_first' per layer, or keras.config/keras.backend.set_image_data_format,
    gives (None, 32, 30, 30) and pools to (None, 32, 15, 15); it runs on the CPU too."""
    per_layer = keras.Sequential(
        [
            keras.Input((3, 32, 32)),
            layers.Conv2D(32, 3, data_format="channels_first"),
            layers.MaxPooling2D(2, data_format="channels_first"),
        ]
    )
    assert per_layer.layers[0].output.shape == (None, 32, 30, 30)
    assert per_layer.output_shape == (None, 32, 15, 15)
    assert per_layer.predict(images(2, (3, 32, 32)), verbose=0).shape == (2, 32, 15, 15)
    assert keras.backend.set_image_data_format is keras.config.set_image_data_format
    keras.backend.set_image_data_format("channels_first")
    try:
        globally = keras.Sequential([keras.Input((3, 32, 32)), layers.Conv2D(32, 3), layers.MaxPooling2D(2)])
    finally:
        keras.backend.set_image_data_format("channels_last")
    assert globally.output_shape == (None, 32, 15, 15)


# --- KER118: input shapes with the batch axis / without the channel axis ------------------------------


def test_ker118_batch_axis_inside_input_shape_raises_at_construction():
    """Conv2D(input_shape=(None, 64, 64, 3)) makes a 5-D input (None, None, 64, 64, 3): the
    Sequential constructor raises (the kernel is 4-D)."""
    with pytest.raises(ValueError, match="Kernel shape must have the same length as input"):
        keras.Sequential([layers.Conv2D(4, 3, input_shape=(None, 64, 64, 3)), layers.Flatten(), layers.Dense(1)])
    with pytest.raises(ValueError, match=r"\(None, None, 64, 64, 3\)"):
        layers.Conv2D(4, 3)(keras.Input((None, 64, 64, 3)))


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: layers.Conv1D(4, 3, input_shape=(None, 100, 8)), "Kernel shape must have the same length as input"),
        (lambda: layers.LSTM(4, input_shape=(None, 100, 8)), "expected ndim=3, found ndim=4"),
        (lambda: layers.Conv1D(4, 3, input_shape=(100,)), "expected min_ndim=3, found ndim=2"),
        (lambda: layers.LSTM(4, input_shape=(100,)), "expected ndim=3, found ndim=2"),
    ],
    ids=["Conv1D batch axis", "LSTM batch axis", "Conv1D no feature axis", "LSTM no feature axis"],
)
def test_ker118_sequence_layers_check_their_rank_too(make, message):
    """Conv1D and LSTM refuse a batch axis inside input_shape, or a missing feature axis, at
    construction; the wording differs between the layers."""
    with pytest.raises(ValueError, match=message):
        keras.Sequential([make()])


def test_ker118_declared_feature_axis_is_added_for_sequences_too():
    """Must not trigger: Input((100, 1)) before an LSTM, fed (N, 100) arrays, trains."""
    model = keras.Sequential([keras.Input((100, 1)), layers.LSTM(4), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(RNG.normal(size=(4, 100)).astype("float32"), np.zeros((4, 1)), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_ker118_batch_axis_on_a_dense_first_layer_builds_and_fails_at_fit():
    """Dense accepts any rank, so Dense(input_shape=(None, 10)) builds a 3-D model
    (output (None, None, 1)) and only fit() on (N, 10) arrays raises."""
    model = keras.Sequential([layers.Dense(4, input_shape=(None, 10)), layers.Dense(1)])
    assert model.output_shape == (None, None, 1)
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="incompatible shape"):
        model.fit(np.zeros((8, 10), "float32"), np.zeros((8, 1), "float32"), epochs=1, verbose=0)


def test_ker118_conv2d_input_without_channel_axis_raises():
    """input_shape=(28, 28) to a Conv2D: 'expected min_ndim=4, found ndim=3', at construction."""
    with pytest.raises(ValueError, match="expected min_ndim=4, found ndim=3"):
        keras.Sequential([layers.Conv2D(4, 3, input_shape=(28, 28))])
    with pytest.raises(ValueError, match="expected min_ndim=4, found ndim=3"):
        layers.Conv2D(4, 3)(keras.Input((28, 28)))


def test_ker118_no_input_shape_and_three_dimensional_arrays_raises_at_fit():
    """No declared input, Conv2D first, fit on (N, 28, 28): the lazy build raises the same error."""
    model = keras.Sequential([layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="expected min_ndim=4, found ndim=3"):
        model.fit(images(8, (28, 28)), RNG.integers(0, 10, 8), epochs=1, verbose=0)


@pytest.mark.parametrize("style", ["Input", "input_shape", "functional"])
def test_ker118_declared_channel_axis_is_added_to_arrays_without_it(style):
    """Must not trigger: a model declared (28, 28, 1) fed (N, 28, 28) arrays works; Keras 3
    expands the missing size-1 axis itself in fit, evaluate, predict and __call__, and the
    predictions equal those on the (N, 28, 28, 1) arrays."""
    head = [layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(10, activation="softmax")]
    if style == "Input":
        model = keras.Sequential([keras.Input((28, 28, 1)), *head])
    elif style == "input_shape":
        model = keras.Sequential([layers.Conv2D(4, 3, input_shape=(28, 28, 1)), *head[1:]])
    else:
        inputs = keras.Input((28, 28, 1))
        outputs = inputs
        for layer in head:
            outputs = layer(outputs)
        model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    x, y = images(8, (28, 28)), RNG.integers(0, 10, 8)
    assert np.isfinite(model.fit(x, y, epochs=1, verbose=0).history["loss"][0])
    assert np.isfinite(model.evaluate(x, y, verbose=0))
    assert model.predict(x, verbose=0).shape == (8, 10)
    assert np.allclose(np.asarray(model(x)), np.asarray(model(x[..., None])), atol=1e-6)


def test_ker118_but_one_compiled_method_cannot_see_both_ranks():
    """The boundary of the above: once predict() has traced (N, 28, 28, 1) arrays, a later
    predict() on (N, 28, 28) fails (the relaxed retrace has unknown rank). fit() followed by
    predict() on the other rank is fine: they are different compiled functions."""
    def model():
        built = keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(3)])
        built.compile(optimizer="sgd", loss="mse")
        return built

    x = images(4, (28, 28))
    mixed = model()
    assert mixed.predict(x[..., None], verbose=0).shape == (4, 3)
    with pytest.raises(ValueError, match="unknown rank"):
        mixed.predict(x, verbose=0)
    separate = model()
    separate.fit(x, np.zeros((4, 3)), epochs=1, verbose=0)
    assert separate.predict(x[..., None], verbose=0).shape == (4, 3)


# --- KER119: per-timestep / per-position output against per-sample labels ----------------------------

T = 5


def sequence_model(head, loss, recurrent=True):
    body = layers.LSTM(3, return_sequences=True) if recurrent else layers.Conv1D(6, 3, activation="relu")
    model = keras.Sequential([keras.Input((T,), dtype="int32"), layers.Embedding(50, 4), body, head])
    model.compile(optimizer="adam", loss=loss)
    return model


TOKENS = RNG.integers(1, 50, size=(8, T))


@pytest.mark.parametrize(
    "labels, message",
    [
        (RNG.integers(0, 2, 8).astype("float32"), "same rank"),
        (RNG.integers(0, 2, (8, 1)).astype("float32"), "same shape"),
    ],
    ids=["labels (N,)", "labels (N, 1)"],
)
def test_ker119_lstm_sequences_into_dense_sigmoid_with_bce_raises(labels, message):
    """LSTM(return_sequences=True) -> Dense(1, sigmoid) outputs (None, 5, 1); fit with
    binary_crossentropy raises on labels (N,) ('same rank') and (N, 1) ('same shape')."""
    model = sequence_model(layers.Dense(1, activation="sigmoid"), "binary_crossentropy")
    assert model.output_shape == (None, T, 1)
    with pytest.raises(ValueError, match=message):
        model.fit(TOKENS, labels, epochs=1, verbose=0)


def test_ker119_mse_on_sequences_broadcasts_every_step_against_every_label_of_the_batch():
    """With mse and labels (B,), (B, T, 1) - (B,) broadcasts to (B, T, B): each time step of each
    sample is compared with every label in the batch. No error; the loss depends on batch_size
    and equals the per-sample loss only when batch_size is 1."""
    predictions = np.arange(6, dtype="float32").reshape(2, 3, 1)
    labels = np.array([10.0, 20.0], dtype="float32")
    per_sample = np.asarray(keras.losses.mean_squared_error(labels, predictions))
    assert per_sample.shape == (2, 3)
    assert np.allclose(per_sample, np.mean((predictions - labels) ** 2, axis=-1))  # against both labels
    assert not np.allclose(per_sample, (predictions[..., 0] - labels[:, None]) ** 2)

    keras.utils.set_random_seed(0)
    x = RNG.normal(size=(8, 3, 2)).astype("float32")
    y = (RNG.normal(size=(8,)) * 5).astype("float32")
    model = keras.Sequential([keras.Input((3, 2)), layers.LSTM(3, return_sequences=True), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    assert np.isfinite(model.fit(x, y, epochs=1, batch_size=4, verbose=0).history["loss"][0])
    p = model.predict(x, verbose=0)
    whole_batch = model.evaluate(x, y, batch_size=8, verbose=0)
    one_by_one = model.evaluate(x, y, batch_size=1, verbose=0)
    assert whole_batch == pytest.approx(np.mean((p - y) ** 2), rel=1e-4)
    assert one_by_one == pytest.approx(np.mean((p[..., 0] - y[:, None]) ** 2), rel=1e-4)
    assert abs(whole_batch - one_by_one) > 1e-3


def test_ker119_mse_with_column_labels_regresses_every_step_silently():
    """With labels (B, 1) Keras squeezes the output to (B, T) and compares every step with the
    sample's own label: no error, no cross-batch mixing, but a (N, T, 1) prediction."""
    predictions = np.arange(6, dtype="float32").reshape(2, 3, 1)
    labels = np.array([[10.0], [20.0]], dtype="float32")
    per_sample = np.asarray(keras.losses.mean_squared_error(labels, predictions))
    assert np.allclose(per_sample, np.mean((predictions[..., 0] - labels) ** 2, axis=-1))


@pytest.mark.parametrize(
    "loss, labels, message",
    [
        ("sparse_categorical_crossentropy", RNG.integers(0, 10, 8), "rank"),
        ("sparse_categorical_crossentropy", RNG.integers(0, 10, (8, 1)), "up until the last dimension"),
        ("categorical_crossentropy", keras.utils.to_categorical(RNG.integers(0, 10, 8), 10), "same rank"),
    ],
    ids=["sparse (N,)", "sparse (N, 1)", "one-hot (N, 10)"],
)
def test_ker119_conv1d_without_pooling_into_softmax_raises(loss, labels, message):
    """Embedding -> Conv1D -> Dense(10, softmax) outputs (None, 3, 10): per-sample labels raise."""
    model = sequence_model(layers.Dense(10, activation="softmax"), loss, recurrent=False)
    assert model.output_shape == (None, T - 2, 10)
    with pytest.raises(ValueError, match=message):
        model.fit(TOKENS, labels, epochs=1, verbose=0)


# --- KER120: autoencoder output size different from its input ----------------------------------------


def autoencoder(decoder_size):
    inputs = keras.Input((28, 28, 1))
    if decoder_size == 24:  # two valid 3x3 convolutions: 28 -> 26 -> 24
        x = layers.Conv2D(4, 3, activation="relu")(inputs)
        x = layers.Conv2D(4, 3, activation="relu")(x)
    else:  # three 'same' poolings (28 -> 14 -> 7 -> 4) and three upsamplings (4 -> 32)
        x = inputs
        for _ in range(3):
            x = layers.MaxPooling2D(2, padding="same")(layers.Conv2D(4, 3, activation="relu", padding="same")(x))
        for _ in range(3):
            x = layers.UpSampling2D(2)(layers.Conv2D(4, 3, activation="relu", padding="same")(x))
    outputs = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)
    return keras.Model(inputs, outputs)


@pytest.mark.parametrize("decoder_size", [24, 32])
@pytest.mark.parametrize(
    "loss, message", [("binary_crossentropy", "must have the same shape"), ("mse", "Dimensions must be equal")]
)
def test_ker120_autoencoder_output_size_mismatch_raises_at_fit(decoder_size, loss, message):
    """The decoder returns (None, 24, 24, 1) or (None, 32, 32, 1); the model builds, fit(x, x) on
    28x28 images raises a ValueError (wording depends on the loss)."""
    model = autoencoder(decoder_size)
    assert model.output_shape == (None, decoder_size, decoder_size, 1)
    model.compile(optimizer="adam", loss=loss)
    x = images(4)
    with pytest.raises(ValueError, match=message):
        model.fit(x, x, epochs=1, verbose=0)


def test_ker120_a_size_one_axis_broadcasts_silently():
    """What Keras does not catch: a decoder with 3 channels against 1-channel targets trains under
    mse (the size-1 axis broadcasts)."""
    inputs = keras.Input((28, 28, 1))
    model = keras.Model(inputs, layers.Conv2D(3, 3, padding="same")(inputs))
    model.compile(optimizer="adam", loss="mse")
    x = images(4)
    assert np.isfinite(model.fit(x, x, epochs=1, verbose=0).history["loss"][0])


# --- KER121: relu / tanh outputs under a probability loss --------------------------------------------


def test_ker121_all_zero_relu_row_makes_categorical_crossentropy_nan():
    """categorical_crossentropy divides the output by its sum: an all-zero relu row is 0/0, the
    loss and its gradient are NaN."""
    loss, gradient = loss_and_gradient(keras.losses.categorical_crossentropy, [[1.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]])
    assert np.isnan(loss).all() and np.isnan(gradient).all()


def test_ker121_relu_cce_model_goes_nan_in_one_epoch():
    """Dense(3, relu) + categorical_crossentropy, default initialisation: a blank input sample
    (all zeros: relu(0 @ W + 0) = 0) gives a NaN loss and NaN weights after one epoch."""
    x = RNG.normal(size=(16, 4)).astype("float32")
    x[0] = 0.0
    y = keras.utils.to_categorical(RNG.integers(0, 3, 16), 3)
    model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="relu")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    history = model.fit(x, y, epochs=1, batch_size=16, verbose=0)
    assert np.isnan(history.history["loss"][0])
    assert np.isnan(model.get_weights()[0]).all()


def test_ker121_relu_cce_is_scale_blind_and_a_dead_true_class_gets_no_gradient():
    """After the normalisation only ratios count ([2, 0, 0] and [20, 0, 0] are both perfect); a
    true class whose relu is 0 is clipped to epsilon: loss -log(1e-7) = 16.1, gradient exactly 0."""
    cce = keras.losses.categorical_crossentropy
    target = [[1.0, 0.0, 0.0]]
    small, _ = loss_and_gradient(cce, target, [[2.0, 0.0, 0.0]])
    large, _ = loss_and_gradient(cce, target, [[20.0, 0.0, 0.0]])
    assert small[0] == pytest.approx(large[0]) and small[0] < 1e-5
    dead, gradient = loss_and_gradient(cce, target, [[0.0, 3.0, 1.0]])
    assert dead[0] == pytest.approx(EPSILON_LOSS, rel=1e-4)
    assert np.all(gradient == 0)


def test_ker121_relu_outputs_above_one_are_clipped_by_sparse_cce():
    """sparse_categorical_crossentropy clips to [eps, 1 - eps] before its log: outputs 5 and 5 are
    both 1 - eps (loss log 2, zero gradient); an all-zero row is uniform (log 3, zero gradient)."""
    scce = keras.losses.sparse_categorical_crossentropy
    tie, tie_gradient = loss_and_gradient(scce, [0], [[5.0, 5.0, 0.0]])
    assert tie[0] == pytest.approx(np.log(2), rel=1e-4) and np.all(tie_gradient == 0)
    blank, blank_gradient = loss_and_gradient(scce, [0], [[0.0, 0.0, 0.0]])
    assert blank[0] == pytest.approx(np.log(3), rel=1e-4) and np.all(blank_gradient == 0)


@pytest.mark.parametrize("output", [-0.9, -0.1, 0.0])
def test_ker121_tanh_negative_outputs_are_clipped_by_bce(output):
    """binary_crossentropy clips the output to [eps, 1 - eps]: every tanh output <= 0 is the same
    'probability' eps; for label 1 the loss is 16.1 and the gradient exactly 0."""
    loss, gradient = loss_and_gradient(keras.losses.binary_crossentropy, [[1.0]], [[output]])
    assert loss[0] == pytest.approx(EPSILON_LOSS, rel=1e-4)
    assert gradient[0, 0] == 0


def test_ker121_tanh_bce_model_never_moves_where_sigmoid_learns():
    """Dense(1, tanh) starting negative (bias -3), labels all 1: three epochs of SGD leave the
    weights unchanged and the loss at 16.1; the same model with sigmoid learns."""
    x = RNG.normal(size=(16, 4)).astype("float32")
    y = np.ones((16, 1), "float32")
    losses = {}
    for activation in ("tanh", "sigmoid"):
        keras.utils.set_random_seed(0)
        negative_start = keras.initializers.Constant(-3.0)
        model = keras.Sequential(
            [keras.Input((4,)), layers.Dense(1, activation=activation, bias_initializer=negative_start)]
        )
        model.compile(optimizer=keras.optimizers.SGD(0.5), loss="binary_crossentropy")
        before = model.get_weights()
        losses[activation] = model.fit(x, y, epochs=3, verbose=0).history["loss"]
        unchanged = all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
        assert unchanged == (activation == "tanh")
    assert losses["tanh"] == pytest.approx([EPSILON_LOSS] * 3, rel=1e-4)
    assert losses["sigmoid"][-1] < losses["sigmoid"][0]


def test_ker121_relu_above_one_under_bce_has_no_gradient():
    """A relu output above 1 is clipped to 1 - eps: for label 0 the loss is ~15.9 with gradient 0."""
    loss, gradient = loss_and_gradient(keras.losses.binary_crossentropy, [[0.0]], [[3.0]])
    assert loss[0] > 15 and gradient[0, 0] == 0


# --- KER122: sizes computed with true division (floats) ----------------------------------------------

INVALID_SHAPE = "Cannot convert .* to a shape"


def case(make, source, *rest):
    return pytest.param(make, *rest, id=source)


@pytest.mark.parametrize(
    "make, message",
    [
        case(lambda: layers.Dense(64 / 2), "Dense(64 / 2)", "expected a positive integer"),
        case(lambda: layers.Dense(units=np.float64(32.0)), "Dense(np.float64)", "expected a positive integer"),
        case(
            lambda: layers.Embedding(1000, 64 / 2),
            "Embedding(1000, 64 / 2)",
            "`output_dim` must be a positive integer",
        ),
        case(
            lambda: layers.Embedding(2000 / 2, 32),
            "Embedding(2000 / 2, 32)",
            "`input_dim` must be a positive integer",
        ),
        case(lambda: layers.GRU(64 / 2), "GRU(64 / 2)", "state_size must be an integer"),
        case(lambda: layers.SimpleRNN(64 / 2), "SimpleRNN(64 / 2)", "state_size must be an integer"),
        case(
            lambda: layers.Conv2D(32, 6 / 2),
            "Conv2D(32, 6 / 2)",
            "`kernel_size` argument must be a tuple of 2 integers",
        ),
        case(
            lambda: layers.Conv2D(32, 3, strides=4 / 2),
            "Conv2D(strides=4 / 2)",
            "`strides` argument must be a tuple",
        ),
        case(
            lambda: layers.MaxPooling2D(pool_size=4 / 2),
            "MaxPooling2D(pool_size=4 / 2)",
            "`pool_size` argument must",
        ),
        case(lambda: layers.MaxPooling1D(4 / 2), "MaxPooling1D(4 / 2)", "`pool_size` argument must be a tuple of 1"),
        case(lambda: layers.AveragePooling2D(4 / 2), "AveragePooling2D(4 / 2)", "`pool_size` argument must be a tuple"),
        case(
            lambda: layers.UpSampling2D(4 / 2),
            "UpSampling2D(4 / 2)",
            "`size` argument must be a tuple of 2 integers",
        ),
        case(lambda: layers.ZeroPadding2D(2 / 2), "ZeroPadding2D(2 / 2)", "`padding` should be either an int"),
        case(
            lambda: layers.MultiHeadAttention(num_heads=8 / 2, key_dim=16),
            "MultiHeadAttention(num_heads=8 / 2)",
            "`num_heads`",
        ),
        case(lambda: keras.Input((784 / 2,)), "Input((784 / 2,))", INVALID_SHAPE),
        case(lambda: keras.Input((28 / 1, 28, 1)), "Input((28 / 1, 28, 1))", INVALID_SHAPE),
        case(
            lambda: keras.Sequential([layers.Dense(4, input_shape=(784 / 2,))]),
            "input_shape=(784 / 2,)",
            INVALID_SHAPE,
        ),
    ],
)
def test_ker122_float_size_raises_at_construction(make, message):
    """These layers validate their integer arguments in __init__, and keras.Input (or the
    Sequential given input_shape=) converts its shape at once: a float, even 32.0, raises."""
    with pytest.raises(ValueError, match=message):
        make()


def test_ker122_repeat_vector_raises_a_type_error():
    """RepeatVector is the odd one: a TypeError at construction."""
    with pytest.raises(TypeError, match="Expected an integer value for `n`"):
        layers.RepeatVector(4 / 2)


@pytest.mark.parametrize(
    "make, input_shape",
    [
        case(lambda: layers.Conv2D(64 / 2, 3), "Conv2D(64 / 2, 3)", (8, 8, 1)),
        case(lambda: layers.Conv1D(64 / 2, 3), "Conv1D(64 / 2, 3)", (8, 2)),
        case(lambda: layers.Conv2DTranspose(64 / 2, 3), "Conv2DTranspose(64 / 2, 3)", (8, 8, 1)),
        case(lambda: layers.Conv2D(4, (6 / 2, 6 / 2)), "Conv2D(4, (6 / 2, 6 / 2))", (8, 8, 1)),
        case(lambda: layers.LSTM(64 / 2), "LSTM(64 / 2)", (5, 3)),
        case(lambda: layers.Bidirectional(layers.LSTM(64 / 2)), "Bidirectional(LSTM(64 / 2))", (5, 3)),
    ],
)
def test_ker122_float_size_is_accepted_then_raises_at_build(make, input_shape):
    """Conv filters, a tuple kernel_size and LSTM units are stored as floats (the layer is
    created); the error comes when the layer is called and creates its weights:
    'Cannot convert (3, 3, 1, 32.0) to a shape'."""
    layer = make()
    with pytest.raises(ValueError, match=INVALID_SHAPE):
        layer(keras.Input(input_shape))


def test_ker122_reshape_with_floats_builds_unknown_axes_and_fails_at_fit():
    """Reshape((28 / 4, 28 / 4, 8)) is accepted; its float sizes become unknown axes, so the
    model builds with output (None, None, None, 8) and fit() raises ('at most one unknown
    dimension'). A Dense after a Flatten of it cannot even be built."""
    assert layers.Reshape((28 / 4, 28 / 4, 8)).compute_output_shape((None, 392)) == (None, None, None, 8)
    model = keras.Sequential(
        [
            keras.Input((16,)),
            layers.Dense(7 * 7 * 8),
            layers.Reshape((28 / 4, 28 / 4, 8)),
            layers.Conv2D(1, 3, padding="same"),
        ]
    )
    assert model.output_shape == (None, None, None, 1)
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="at most one unknown dimension"):
        model.fit(np.zeros((4, 16), "float32"), np.zeros((4, 7, 7, 1), "float32"), epochs=1, verbose=0)
    with pytest.raises(ValueError, match="fully-defined"):
        keras.Sequential([keras.Input((392,)), layers.Reshape((28 / 4, 28 / 4, 8)), layers.Flatten(), layers.Dense(1)])


@pytest.mark.parametrize(
    "make, input_shape, output_shape",
    [
        case(lambda: layers.MaxPooling2D((4 / 2, 4 / 2)), "MaxPooling2D((4 / 2, 4 / 2))", (8, 8, 1), (None, 4, 4, 1)),
        case(
            lambda: layers.Conv2D(4, 3, strides=(4 / 2, 4 / 2)),
            "Conv2D(strides=(4 / 2, 4 / 2))",
            (8, 8, 1), (None, 3, 3, 4),
        ),
        case(lambda: layers.Dropout(0.5 / 2), "Dropout(0.5 / 2)", (4,), (None, 4)),
    ],
)
def test_ker122_silently_accepted_floats(make, input_shape, output_shape):
    """What works with floats: a tuple of float pool sizes or strides (pooled / strided as if
    integers), and Dropout, whose rate is a float by nature."""
    inputs = keras.Input(input_shape)
    model = keras.Model(inputs, make()(inputs))
    assert model.output_shape == output_shape
    assert model.predict(np.ones((2, *input_shape), "float32"), verbose=0).shape == (2, *output_shape[1:])


def test_ker122_float_tuples_are_truncated_like_floor_division():
    """Why replacing `/` by `//` is safe where a float tuple was accepted: TensorFlow truncates
    the floats, so MaxPooling2D((5 / 2, 5 / 2)) pools like MaxPooling2D((2, 2)), which is 5 // 2."""
    x = RNG.random((2, 10, 10, 1)).astype("float32")
    as_float = np.asarray(layers.MaxPooling2D((5 / 2, 5 / 2))(x))
    as_floor = np.asarray(layers.MaxPooling2D((5 // 2, 5 // 2))(x))
    assert as_float.shape == (2, 5, 5, 1)
    assert np.array_equal(as_float, as_floor)


# -- KER123: arrays whose last axis does not match the declared input ------------------------------


def _fit_once(input_shape, body, x):
    model = keras.Sequential([keras.Input(input_shape), *body])
    model.compile(loss="mse")
    model.fit(x, np.zeros((len(x), 1), dtype="float32"), epochs=1, verbose=0)
    return model


def test_ker123_unflattened_images_into_a_dense_input_raise():
    """(N, 28, 28) fed to Input((784,)) -> Dense: the kernel was built for 784 features."""
    with pytest.raises(ValueError, match="784"):
        _fit_once((784,), [layers.Dense(1)], images(8, (28, 28)))


def test_ker123_channels_first_images_into_a_channels_last_convolution_raise():
    """(N, 3, 32, 32) fed to Input((32, 32, 3)) -> Conv2D: the kernel expects 3 channels, gets 32."""
    with pytest.raises(ValueError):
        _fit_once((32, 32, 3), [layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(1)], images(8, (3, 32, 32)))


def test_ker123_a_trailing_axis_of_size_one_is_fixed_up_by_keras():
    """Why a missing or extra size-1 last axis is not reported: Keras 3 adds or drops it."""
    _fit_once((28, 28, 1), [layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(1)], images(8, (28, 28)))
    _fit_once((10,), [layers.Dense(1)], images(8, (10, 1)))


def test_ker123_other_axes_may_differ():
    """Why only the last axis is compared: a recurrent layer takes any number of steps."""
    _fit_once((50, 8), [layers.LSTM(4), layers.Dense(1)], images(8, (40, 8)))
