"""kerlint.analysis.shapes: layer output shapes computed by hand, no TensorFlow needed.

tests/test_shapes_tensorflow.py checks the same arithmetic against the real
Keras on random configurations; these are the readable cases.
"""

from __future__ import annotations

import pytest

from kerlint.analysis.shapes import POSITIONAL, LayerSpec, canonical, input_rank, output_shape, supported
from kerlint.analysis.values import UNKNOWN


def shape(kind, inputs, *positional, **keywords):
    """output_shape of `kind(*positional, **keywords)`, positional arguments named as a caller does."""
    args = dict(zip(POSITIONAL[kind], positional), **keywords)
    return output_shape(LayerSpec(kind, args), inputs if isinstance(inputs, list) else [inputs])


def chain(shape_in, *layers):
    """Shapes after each (kind, positional, keywords) in turn, as a Sequential model computes them."""
    shapes = []
    for kind, positional, keywords in layers:
        shape_in = shape(kind, shape_in, *positional, **keywords)
        shapes.append(shape_in)
    return shapes


# -- convolutions and pooling -----------------------------------------------------------------------


def test_mnist_convnet():
    assert chain(
        (None, 28, 28, 1),
        ("Conv2D", (32, 3), {"activation": "relu"}),
        ("MaxPooling2D", (2,), {}),
        ("Conv2D", (64, (3, 3)), {"activation": "relu"}),
        ("MaxPool2D", (), {}),
        ("Flatten", (), {}),
        ("Dropout", (0.5,), {}),
        ("Dense", (10,), {"activation": "softmax"}),
    ) == [
        (None, 26, 26, 32), (None, 13, 13, 32), (None, 11, 11, 64), (None, 5, 5, 64),
        (None, 1600), (None, 1600), (None, 10),
    ]


def test_same_padding_with_stride_two_rounds_up():
    assert shape("Conv2D", (None, 28, 28, 3), 16, 3, strides=2, padding="same") == (None, 14, 14, 16)
    assert shape("Conv2D", (None, 27, 27, 3), 16, 3, strides=2, padding="same") == (None, 14, 14, 16)
    assert shape("Conv2D", (None, 27, 27, 3), 16, 3, 2, "SAME") == (None, 14, 14, 16)  # Keras lower-cases it
    assert shape("Conv2D", (None, 27, 27, 3), 16, 3, strides=2) == (None, 13, 13, 16)


def test_causal_conv1d_keeps_the_length_and_a_none_time_axis():
    assert shape("Conv1D", (None, 100, 8), 32, 5, padding="causal", dilation_rate=4) == (None, 100, 32)
    assert shape("Conv1D", (None, None, 8), 32, 5) == (None, None, 32)
    assert shape("Conv2D", (None, 10, 10, 3), 8, 3, padding="causal") is None  # 1D only


def test_a_shrinking_valid_stack_goes_to_zero_then_negative_without_clamping():
    sizes = chain(
        (None, 28, 28, 1),
        *[("Conv2D", (8, 3), {}), ("MaxPooling2D", (2,), {})] * 3,
        ("Conv2D", (8, 3), {}),
    )
    assert [s[1] for s in sizes] == [26, 13, 11, 5, 3, 1, -1]
    assert shape("MaxPooling2D", (None, 1, 1, 8), 2) == (None, 0, 0, 8)
    assert shape("Conv1D", (None, 4, 1), 1, 3, dilation_rate=3) == (None, -2, 1)
    assert shape("Cropping1D", (None, 4, 2), (2, 2)) == (None, 0, 2)
    assert shape("Cropping2D", (None, 5, 5, 3), 3) == (None, -1, -1, 3)


def test_channels_first():
    assert shape("Conv2D", (None, 3, 32, 32), 8, 5, data_format="channels_first") == (None, 8, 28, 28)
    assert shape("MaxPooling2D", (None, 8, 28, 28), data_format="channels_first") == (None, 8, 14, 14)
    assert shape("GlobalAveragePooling2D", (None, 8, 7, 7), data_format="channels_first") == (None, 8)
    assert shape("Conv2D", (None, 32, 32, 3), 8, 5, data_format=None) == (None, 28, 28, 8)
    assert shape("Conv2D", (None, 32, 32, 3), 8, 5, data_format="NCHW") is None


def test_data_format_given_to_a_layer_without_one_is_ignored():
    """A caller fills in the global image_data_format; Dense and Cropping1D do not read it."""
    assert shape("Dense", (None, 5, 4), 3, data_format="channels_first") == (None, 5, 3)
    assert shape("Cropping1D", (None, 6, 4), data_format="channels_first") == (None, 4, 4)


def test_transposed_convolutions():
    assert shape("Conv2DTranspose", (None, 7, 7, 64), 32, 3, strides=2, padding="same") == (None, 14, 14, 32)
    assert shape("Conv2DTranspose", (None, 7, 7, 64), 32, 3, strides=2) == (None, 15, 15, 32)
    assert shape("Conv2DTranspose", (None, 7, 7, 64), 32, 2, strides=3) == (None, 21, 21, 32)
    assert shape("Conv1DTranspose", (None, 5, 2), 4, 3, 2, "valid", 1) == (None, 12, 4)  # output_padding
    assert shape("Conv1DTranspose", (None, 5, 2), 4, 3, 2, "valid", 2) is None  # output_padding >= strides
    assert shape("Conv3DTranspose", (None, 4, 4, 4, 1), 2, 2, 2, "same", "channels_last", 1) == (None, 7, 7, 7, 2)


def test_separable_and_depthwise():
    assert shape("SeparableConv2D", (None, 32, 32, 3), 16, 3) == (None, 30, 30, 16)
    assert shape("DepthwiseConv2D", (None, 32, 32, 3), 3, depth_multiplier=4) == (None, 30, 30, 12)
    assert shape("DepthwiseConv2D", (None, 32, 32, None), 3) is None  # the kernel needs the channel count


def test_pooling_defaults_and_strides():
    assert shape("MaxPooling1D", (None, 9, 4)) == (None, 4, 4)
    assert shape("AveragePooling1D", (None, 9, 4), 3, 1) == (None, 7, 4)
    assert shape("AveragePooling2D", (None, 9, 9, 4)) is None  # pool_size is required
    assert shape("MaxPooling2D", (None, 9, 9, 4), 2, padding="same") == (None, 5, 5, 4)
    assert shape("MaxPooling2D", (None, 9, 9, 4), 2, padding="SAME") is None  # pooling does not lower-case
    assert shape("MaxPooling3D", (None, 9, 9, 4), 2) is None  # rank 5 required


def test_global_pooling():
    assert shape("GlobalAveragePooling1D", (None, 50, 16)) == (None, 16)
    assert shape("GlobalMaxPool2D", (None, 7, 7, 16), keepdims=True) == (None, 1, 1, 16)
    assert shape("GlobalAvgPool2D", (None, 7, 7, 16), keepdims=UNKNOWN) is None


# -- recurrent layers and wrappers ------------------------------------------------------------------


def test_rnns():
    assert shape("LSTM", (None, 20, 8), 32) == (None, 32)
    assert shape("GRU", (None, None, 8), 32, return_sequences=True) == (None, None, 32)
    assert shape("SimpleRNN", (None, 20, 8), 32, return_state=True) == (None, 32)  # the first output only
    assert shape("LSTM", (None, 20, None), 32) is None  # the kernel needs the feature count
    assert shape("LSTM", (None, 20, 8), 32, stateful=True) is None  # needs a fixed batch size
    assert shape("LSTM", (4, 20, 8), 32, stateful=True) == (4, 32)


def test_bidirectional_concat_doubles_the_units():
    lstm = LayerSpec("LSTM", {"units": 64, "return_sequences": True})
    assert shape("Bidirectional", (None, 100, 16), lstm) == (None, 100, 128)
    assert shape("Bidirectional", (None, 100, 16), lstm, "sum") == (None, 100, 64)
    assert shape("Bidirectional", (None, 100, 16), lstm, None) is None  # two outputs
    assert shape("Bidirectional", (None, 100, 16), LayerSpec("Dense", {"units": 3})) is None
    backward = LayerSpec("LSTM", {"units": 64, "return_sequences": True, "go_backwards": True})
    assert shape("Bidirectional", (None, 100, 16), lstm, backward_layer=backward) == (None, 100, 128)
    assert shape("Bidirectional", (None, 100, 16), lstm, backward_layer=lstm) is None  # same direction


def test_time_distributed():
    dense = LayerSpec("Dense", {"units": 10})
    assert shape("TimeDistributed", (None, 5, 32), dense) == (None, 5, 10)
    conv = LayerSpec("Conv2D", {"filters": 8, "kernel_size": 3})
    assert shape("TimeDistributed", (None, None, 28, 28, 1), conv) == (None, None, 26, 26, 8)
    assert input_rank("TimeDistributed", {"layer": conv}) == 5
    assert shape("TimeDistributed", (None, 32), dense) is None
    states = LayerSpec("LSTM", {"units": 4, "return_state": True})
    assert shape("TimeDistributed", (None, 5, 6, 3), states) is None


# -- reshaping ------------------------------------------------------------------------------------


def test_reshape_infers_one_minus_one():
    assert shape("Reshape", (None, 28, 28), (-1, 14)) == (None, 56, 14)
    assert shape("Reshape", (None, 784), (28, 28, 1)) == (None, 28, 28, 1)
    assert shape("Reshape", (None, 784), (28, 27)) is None  # sizes differ
    assert shape("Reshape", (None, 10), (-1, 3)) is None  # not divisible
    assert shape("Reshape", (None, None, 4), (-1, 2)) == (None, None, 2)
    assert shape("Reshape", (None, 12), (-1, -1)) is None


def test_flatten_permute_repeat():
    assert shape("Flatten", (None, 3, 4, 5)) == (None, 60)
    assert shape("Flatten", (None, None, 5)) == (None, None)
    assert shape("Flatten", (None,)) == (None, 1)
    assert shape("Permute", (None, 10, 64), (2, 1)) == (None, 64, 10)
    assert shape("Permute", (None, 10, 64), (2, 3)) is None
    assert input_rank("Permute", {"dims": (2, 1)}) == 3
    assert shape("RepeatVector", (None, 16), 5) == (None, 5, 16)


def test_upsampling_padding_cropping():
    assert shape("UpSampling2D", (None, 7, 7, 8)) == (None, 14, 14, 8)
    assert shape("UpSampling1D", (None, None, 8), 3) == (None, None, 8)
    assert shape("UpSampling1D", (None, 5, 8), (3,)) is None  # an int only
    assert shape("ZeroPadding2D", (None, 28, 28, 1), 2) == (None, 32, 32, 1)
    assert shape("ZeroPadding2D", (None, 28, 28, 1), ((1, 2), (3, 4))) == (None, 31, 35, 1)
    assert shape("ZeroPadding2D", (None, 28, 28, 1), (1, 2)) == (None, 30, 32, 1)
    assert shape("ZeroPadding2D", (None, 28, 28, 1), -1) is None  # fails when run
    assert shape("Cropping2D", (None, 28, 28, 1), ((2, 2), (4, 4))) == (None, 24, 20, 1)
    assert shape("Cropping3D", (None, 8, 8, 8, 1)) == (None, 6, 6, 6, 1)


# -- merging --------------------------------------------------------------------------------------


def test_concatenate():
    assert shape("Concatenate", [(None, 4), (None, 6)]) == (None, 10)
    assert shape("Concatenate", [(None, 5, 4), (None, 3, 4)], axis=1) == (None, 8, 4)
    assert shape("Concatenate", [(None, 5, 4), (None, 3, 4)]) is None  # axis 1 differs
    assert shape("Concatenate", [(None, 5, 4), (None, None, 4)], 1) == (None, None, 4)
    assert shape("Concatenate", [(None, 4), None]) is None
    assert shape("Concatenate", [(None, 4), (None, 4, 1)]) is None  # ranks differ


def test_elementwise_merges_broadcast():
    assert shape("Add", [(None, 8), (None, 8)]) == (None, 8)
    assert shape("Multiply", [(None, 5, 8), (None, 1, 8)]) == (None, 5, 8)
    assert shape("Average", [(None, 5, 8), (None, 8)]) == (None, 5, 8)
    assert shape("Maximum", [(None, 8), (None, 7)]) is None
    assert shape("Subtract", [(None, 8), (None, 8), (None, 8)]) is None  # exactly two
    assert shape("Minimum", [(2, 8), (3, 8)]) is None  # batch sizes differ


# -- shape-preserving layers -------------------------------------------------------------------------


def test_shape_preserving_layers():
    for kind, args in [
        ("Dropout", (0.5,)), ("BatchNormalization", ()), ("LayerNormalization", ()), ("Activation", ("relu",)),
        ("LeakyReLU", ()), ("Softmax", ()), ("Rescaling", (1 / 255,)), ("Masking", ()), ("Identity", ()),
        ("GaussianNoise", (0.1,)), ("UnitNormalization", ()), ("ThresholdedReLU", ()),
    ]:
        assert shape(kind, (None, 10, 6), *args) == (None, 10, 6), kind
    assert shape("RandomFlip", (None, 32, 32, 3)) == (None, 32, 32, 3)
    assert shape("RandomFlip", (None, 32, 32)) is None  # Keras reads rank 3 as one unbatched image
    assert input_rank("RandomFlip", {}) is None  # ... and does not refuse it
    assert shape("Resizing", (None, 64, 48, 3), 32, 32) == (None, 32, 32, 3)
    assert shape("SpatialDropout1D", (None, 10), 0.2) is None


def test_normalization_layers_need_the_sizes_they_make_weights_for():
    assert shape("BatchNormalization", (None, 5, None)) is None
    assert shape("BatchNormalization", (None, 5, None), 1) == (None, 5, None)
    assert shape("GroupNormalization", (None, 8, 16)) is None  # 32 groups, 16 channels
    assert shape("GroupNormalization", (None, 8, 64)) == (None, 8, 64)
    assert shape("GroupNormalization", (None, 8, 16), 3) is None
    assert shape("PReLU", (None, None, 4)) is None
    assert shape("PReLU", (None, None, 4), shared_axes=[1]) == (None, None, 4)


# -- what the answer is None for -------------------------------------------------------------------


def test_unknown_or_mistyped_arguments_give_none():
    assert shape("Dense", (None, 4), UNKNOWN) is None
    assert shape("Dense", (None, 4), 32.0) is None
    assert shape("Dense", (None, 4), True) is None
    assert shape("Conv2D", (None, 28, 28, 1), 32, UNKNOWN) is None
    assert shape("Conv2D", (None, 28, 28, 1), 32, 3, padding=UNKNOWN) is None
    assert shape("Conv2D", (None, 28, 28, 1), 32, 3.0) is None
    assert shape("LSTM", (None, 5, 2), 8, return_sequences=1) is None
    assert shape("Dense", (None, 4)) is None  # units missing
    assert shape("Dropout", (None, 4)) is None  # rate missing
    # arguments that cannot change the shape may be unknown
    assert shape("Dense", (None, 4), 8, activation=UNKNOWN) == (None, 8)
    assert shape("Embedding", (None, 20), UNKNOWN, 16) == (None, 20, 16)
    assert shape("Dropout", (None, 4), UNKNOWN) == (None, 4)
    assert shape("Flatten", (None, 3, 4), data_format=UNKNOWN) == (None, 12)
    assert shape("Conv2D", (None, 8, 8, 3), 2, 3, data_format=UNKNOWN) is None


def test_unknown_inputs_and_kinds_give_none():
    assert shape("Dense", [None], 3) is None
    assert shape("Dense", (None, -1), 3) is None  # an upstream collapse
    assert shape("Dense", [(None, 4), (None, 4)], 3) is None
    assert output_shape(LayerSpec("Lambda", {"function": UNKNOWN}), [(None, 4)]) is None
    assert output_shape(LayerSpec("MyLayer", {}), [(None, 4)]) is None
    assert output_shape(LayerSpec("EinsumDense", {}), [(None, 4)]) is None
    assert not supported("Lambda") and not supported("Dot") and supported("Convolution2D")


def test_input_ranks():
    assert input_rank("Conv2D", {}) == 4
    assert input_rank("Conv1D", {}) == 3
    assert input_rank("LSTM", {}) == 3
    assert input_rank("MaxPooling2D", {}) == 4
    assert input_rank("GlobalAveragePooling1D", {}) == 3
    assert input_rank("Dense", {}) is None
    assert input_rank("Flatten", {}) is None
    assert input_rank("Lambda", {}) is None
    assert shape("Conv2D", (None, 28, 28), 8, 3) is None
    assert shape("Dense", (None,), 3) is None  # Dense wants rank >= 2


# -- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "alias, name",
    [
        ("Convolution2D", "Conv2D"), ("MaxPool2D", "MaxPooling2D"), ("AvgPool1D", "AveragePooling1D"),
        ("GlobalAvgPool2D", "GlobalAveragePooling2D"), ("GlobalMaxPool1D", "GlobalMaxPooling1D"),
        ("SeparableConvolution2D", "SeparableConv2D"), ("Convolution2DTranspose", "Conv2DTranspose"),
        ("Deconvolution2D", "Conv2DTranspose"), ("Dense", "Dense"), ("Lambda", "Lambda"),
    ],
)
def test_canonical(alias, name):
    assert canonical(alias) == name


def test_keras1_convolution_positional_form_is_not_misread():
    """Convolution2D(32, 3, 3) meant a 3x3 kernel in Keras 1; Keras 3 would read strides=3."""
    assert POSITIONAL["Convolution2D"][:2] == ("filters", "kernel_size")
    assert shape("Convolution2D", (None, 28, 28, 1), 32, 3, 3) is None
    assert shape("Deconvolution2D", (None, 7, 7, 1), 32, 3, 3) is None
    assert shape("Convolution2D", (None, 28, 28, 1), 32, 3) == (None, 26, 26, 32)
    assert shape("Convolution2D", (None, 28, 28, 1), 32, (3, 3), strides=2) == (None, 13, 13, 32)
    assert shape("Conv2D", (None, 28, 28, 1), 32, 3, 3) == (None, 9, 9, 32)  # Keras 3: strides=3
    assert shape("Conv2D", (None, 28, 28, 1), 32, 3, border_mode="same") is None
    assert shape("MaxPooling1D", (None, 28, 1), pool_length=4) is None


def test_positional_names_map_like_the_signature():
    assert POSITIONAL["Conv3DTranspose"][4:6] == ("data_format", "output_padding")
    assert POSITIONAL["DepthwiseConv2D"][:4] == ("kernel_size", "strides", "padding", "depth_multiplier")
    assert POSITIONAL["Embedding"][:2] == ("input_dim", "output_dim")
    assert shape("Embedding", (None, 20), 1000, 64) == (None, 20, 64)
    assert all(supported(kind) for kind in POSITIONAL)
