"""kerlint.analysis.shapes against the real Keras: random layer configurations, the same answer.

For every supported kind hypothesis draws constructor arguments and input
shapes (small sizes that collapse, None dims, both data formats, invalid
combinations) and compares `output_shape` with what Keras gives when the layer
is called on symbolic tensors (InputSpec, build and compute_output_shape, as
when a model is built). Where Keras raises, kerlint must answer None, except
when Keras's complaint is that a window or a crop does not fit: then a shape
with that dim <= 0. Where Keras's symbolic answer is not what the layer does
when it runs, kerlint answers None (the last test). Skipped (and reported at
the end of the run) without TensorFlow.
"""

from __future__ import annotations

import inspect
import os
import re
import warnings

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
np = pytest.importorskip("numpy")
keras = pytest.importorskip("keras", reason="TensorFlow/Keras not installed: shape arithmetic not checked")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kerlint.analysis import shapes  # noqa: E402
from kerlint.analysis.shapes import POSITIONAL, LayerSpec, canonical, output_shape, supported  # noqa: E402

pytestmark = pytest.mark.tensorflow

EXAMPLES = settings(  # per kind (about 100 kinds; 100 examples for the wrappers and Concatenate)
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
# Keras's own words when a window or a crop does not fit: the one error kerlint answers with a shape.
NON_POSITIVE = re.compile(r"zero or negative|`cropping` parameter|Values in `cropping` argument")
KERAS2_ONLY = {"ThresholdedReLU"}  # absent from Keras 3, nothing to compare with
MERGE = {"Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"}


# -- the comparison ---------------------------------------------------------------------------


def keras_layer(spec: LayerSpec):
    """The real layer (Keras 2 names built as the Keras 3 class they stand for)."""
    cls = getattr(keras.layers, spec.kind, None) or getattr(keras.layers, canonical(spec.kind))
    args = {name: keras_layer(v) if isinstance(v, LayerSpec) else v for name, v in spec.args.items()}
    return cls(**args)


def keras_shape(spec: LayerSpec, inputs: list):
    """The first output's shape on symbolic inputs, or the exception Keras raises."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            layer = keras_layer(spec)
            tensors = [keras.KerasTensor(shape) for shape in inputs]
            out = layer(tensors if canonical(spec.kind) in MERGE else tensors[0])
    except Exception as error:  # noqa: BLE001 - any refusal is a refusal
        return error
    return tuple((out[0] if isinstance(out, (list, tuple)) else out).shape)


def check(case):
    kind, args, inputs = case
    spec = LayerSpec(kind, args)
    ours = output_shape(spec, inputs)
    theirs = keras_shape(spec, inputs)
    if isinstance(theirs, Exception):
        # None, except for the one refusal a rule reports from the number: the window or crop that does not fit
        if NON_POSITIVE.search(str(theirs)):
            assert ours is not None and any(d is not None and d <= 0 for d in ours[1:]), (ours, theirs)
        else:
            assert ours is None, f"Keras raised {theirs!r} but kerlint says {ours}"
    else:
        assert ours == theirs, f"{kind}({args}) on {inputs}: kerlint {ours}, Keras {theirs}"


# -- building blocks ----------------------------------------------------------------------------

BATCH = st.sampled_from([None, 2])
SIZE = st.one_of(st.integers(1, 12), st.none())
DATA_FORMAT = st.sampled_from([None, "channels_last", "channels_first"])


def per_axis(n, low, high):
    """An int, or one int per axis (tuple or list)."""
    one = st.integers(low, high)
    return st.one_of(one, st.tuples(*[one] * n), st.lists(one, min_size=n, max_size=n))


def optional(draw, args, name, strategy):
    """Sometimes leave the argument to its default."""
    if draw(st.booleans()):
        args[name] = draw(strategy)


def image(draw, n, data_format, channels=st.integers(1, 6), size=SIZE):
    spatial = [draw(size) for _ in range(n)]
    c = draw(channels)
    first = data_format == "channels_first"
    return (draw(BATCH), c, *spatial) if first else (draw(BATCH), *spatial, c)


def rank_of(kind):
    return int(re.search(r"(\d)D", kind).group(1))


# -- strategies: each returns (kind, args, [input shapes]) ----------------------------------------


DENSE = ("Dense", "Embedding")


@st.composite
def dense_cases(draw, kind):
    if kind == "Dense":
        args = {"units": draw(st.one_of(st.integers(1, 8), st.just(4.0)))}  # a float: Keras refuses it
        optional(draw, args, "activation", st.sampled_from([None, "relu"]))
    else:
        args = {"input_dim": draw(st.integers(1, 20)), "output_dim": draw(st.integers(1, 8))}
    rank = draw(st.integers(1, 4))
    return kind, args, [(draw(BATCH), *[draw(SIZE) for _ in range(rank - 1)])]


CONV = ("Conv1D", "Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D")


@st.composite
def conv_cases(draw, kind):
    n = rank_of(kind)
    kernel_size = st.one_of(per_axis(n, 1, 4), st.just(3.0))  # a float: Keras refuses it
    args = {"filters": draw(st.sampled_from([1, 2, 4])), "kernel_size": draw(kernel_size)}
    optional(draw, args, "strides", per_axis(n, 1, 3))
    optional(draw, args, "dilation_rate", per_axis(n, 1, 3))
    paddings = ["valid", "same", "SAME"] + (["causal"] if n == 1 else [])
    optional(draw, args, "padding", st.sampled_from(paddings))
    optional(draw, args, "groups", st.sampled_from([1, 2]))
    optional(draw, args, "data_format", DATA_FORMAT)
    shape = image(draw, n, args.get("data_format"), st.sampled_from([1, 2, 3, 4]))
    return kind, args, [shape]


TRANSPOSE = (
    "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "Convolution1DTranspose", "Convolution2DTranspose",
    "Convolution3DTranspose", "Deconvolution2D", "Deconvolution3D",
)


@st.composite
def transpose_cases(draw, kind):
    n = rank_of(kind)
    args = {"filters": draw(st.integers(1, 3)), "kernel_size": draw(per_axis(n, 1, 4))}
    optional(draw, args, "strides", per_axis(n, 1, 3))
    optional(draw, args, "dilation_rate", per_axis(n, 1, 2))
    optional(draw, args, "padding", st.sampled_from(["valid", "same"]))
    optional(draw, args, "output_padding", st.one_of(st.none(), per_axis(n, 0, 2)))
    optional(draw, args, "data_format", DATA_FORMAT)
    return kind, args, [image(draw, n, args.get("data_format"), size=st.one_of(st.integers(1, 6), st.none()))]


SEPARABLE = (
    "SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D",
    "DepthwiseConv1D", "DepthwiseConv2D",
)


@st.composite
def separable_cases(draw, kind):
    n = rank_of(kind)
    args = {"kernel_size": draw(per_axis(n, 1, 4))}
    if "Separable" in kind:
        args["filters"] = draw(st.integers(1, 3))
    optional(draw, args, "depth_multiplier", st.integers(1, 3))
    optional(draw, args, "strides", per_axis(n, 1, 3))
    optional(draw, args, "dilation_rate", per_axis(n, 1, 3))
    optional(draw, args, "padding", st.sampled_from(["valid", "same", "causal"]))
    optional(draw, args, "data_format", DATA_FORMAT)
    return kind, args, [image(draw, n, args.get("data_format"), st.integers(1, 3))]


POOLING = tuple(f"{name}{n}D" for name in ("MaxPooling", "AveragePooling", "MaxPool", "AvgPool") for n in (1, 2, 3))
GLOBAL_POOLING = tuple(
    f"Global{name}{n}D" for name in ("MaxPooling", "AveragePooling", "MaxPool", "AvgPool") for n in (1, 2, 3)
)


@st.composite
def pooling_cases(draw, kind):
    n = rank_of(kind)
    args = {}
    if "Av" in kind or draw(st.booleans()):
        args["pool_size"] = draw(per_axis(n, 1, 4))
    optional(draw, args, "strides", st.one_of(st.none(), per_axis(n, 1, 3)))
    optional(draw, args, "padding", st.sampled_from(["valid", "same", "Same"]))
    optional(draw, args, "data_format", DATA_FORMAT)
    rank = draw(st.sampled_from([n + 2] * 5 + [n + 1, n + 3]))
    shape = image(draw, rank - 2, args.get("data_format"), st.one_of(st.integers(1, 4), st.none()))
    return kind, args, [shape]


@st.composite
def global_pooling_cases(draw, kind):
    args = {}
    optional(draw, args, "keepdims", st.booleans())
    optional(draw, args, "data_format", DATA_FORMAT)
    rank = draw(st.sampled_from([rank_of(kind) + 2] * 4 + [rank_of(kind) + 1]))
    return kind, args, [image(draw, rank - 2, args.get("data_format"), st.one_of(st.integers(1, 4), st.none()))]


def factorisations(size):
    """Target shapes with the same number of elements, as Reshape wants them."""
    divisors = [d for d in range(1, size + 1) if size % d == 0]
    return st.sampled_from(divisors).map(lambda d: (d, size // d))


RESHAPING = ("Flatten", "Reshape", "Permute", "RepeatVector")


@st.composite
def reshaping_cases(draw, kind):
    rank = draw(st.integers(2, 4))
    shape = (draw(BATCH), *[draw(st.one_of(st.integers(1, 6), st.none())) for _ in range(rank - 1)])
    if kind == "Flatten":
        args = {}
        optional(draw, args, "data_format", DATA_FORMAT)
        rank = draw(st.integers(1, 4))
        shape = (draw(BATCH), *[draw(st.one_of(st.integers(1, 6), st.none())) for _ in range(rank - 1)])
    elif kind == "Reshape":
        size = int(np.prod([d or 1 for d in shape[1:]]))
        target = list(draw(st.one_of(factorisations(size), st.lists(st.integers(1, 6), min_size=1, max_size=3))))
        if draw(st.booleans()):
            target[draw(st.integers(0, len(target) - 1))] = -1
        args = {"target_shape": tuple(target)}
    elif kind == "Permute":
        args = {"dims": tuple(draw(st.permutations(range(1, draw(st.integers(1, 4)) + 1))))}
    else:
        args = {"n": draw(st.integers(1, 4))}
    return kind, args, [shape]


UPSAMPLING = ("UpSampling1D", "UpSampling2D", "UpSampling3D")


@st.composite
def upsampling_cases(draw, kind):
    n = rank_of(kind)
    args = {}
    optional(draw, args, "size", st.integers(1, 3) if n == 1 else per_axis(n, 1, 3))
    if n > 1:
        optional(draw, args, "data_format", DATA_FORMAT)
    if n == 2:
        optional(draw, args, "interpolation", st.sampled_from(["nearest", "bilinear", "BICUBIC"]))
    return kind, args, [image(draw, n, args.get("data_format"), st.one_of(st.integers(1, 4), st.none()))]


def edges(n):
    """ZeroPadding/Cropping amounts: an int, a pair per axis, or one int or pair per axis."""
    if n == 1:
        return per_axis(2, 0, 4)
    one = st.one_of(st.integers(0, 4), st.tuples(st.integers(0, 4), st.integers(0, 4)))
    return st.one_of(st.integers(0, 4), st.tuples(*[one] * n))


EDGES = ("ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D")


@st.composite
def padding_cases(draw, kind):
    n = rank_of(kind)
    name = "padding" if kind.startswith("Zero") else "cropping"
    args = {}
    optional(draw, args, name, edges(n))
    if n > 1 or name == "padding":
        optional(draw, args, "data_format", DATA_FORMAT)
    return kind, args, [image(draw, n, args.get("data_format"), st.one_of(st.integers(1, 3), st.none()))]


RNN = ("SimpleRNN", "LSTM", "GRU")


@st.composite
def rnn_args(draw):
    args = {"units": draw(st.integers(1, 5))}
    optional(draw, args, "return_sequences", st.booleans())
    optional(draw, args, "return_state", st.booleans())
    optional(draw, args, "stateful", st.booleans())
    return args


@st.composite
def rnn_cases(draw, kind):
    args = draw(rnn_args())
    optional(draw, args, "go_backwards", st.booleans())
    rank = draw(st.sampled_from([3, 3, 3, 3, 2, 4]))
    shape = (draw(BATCH), *[draw(st.one_of(st.integers(1, 5), st.none())) for _ in range(rank - 1)])
    return kind, args, [shape]


@st.composite
def bidirectional_cases(draw, kind):
    rnn = draw(st.sampled_from(RNN))
    forward = draw(rnn_args())
    optional(draw, forward, "go_backwards", st.booleans())
    args = {"layer": LayerSpec(rnn, forward)}
    optional(draw, args, "merge_mode", st.sampled_from(["concat", "sum", "mul", "ave"]))
    if draw(st.booleans()):
        args["backward_layer"] = LayerSpec(rnn, {**forward, "go_backwards": not forward.get("go_backwards", False)})
    shape = (draw(BATCH), draw(st.one_of(st.integers(1, 5), st.none())), draw(st.integers(1, 4)))
    return kind, args, [shape]


INNER = st.one_of(
    *[st.sampled_from(kinds).flatmap(family) for family, kinds in [
        (dense_cases, DENSE), (conv_cases, CONV), (pooling_cases, POOLING),
        (global_pooling_cases, GLOBAL_POOLING), (reshaping_cases, RESHAPING),
    ]]
)


def right_rank(case):
    kind, args, (shape,) = case
    return shapes.input_rank(kind, args) in (None, len(shape))


@st.composite
def time_distributed_cases(draw, kind):
    if draw(st.integers(0, 5)) == 0:  # an RNN per time step, possibly returning its states
        args = draw(rnn_args())
        args.pop("stateful", None)
        inner_kind, inner = draw(st.sampled_from(RNN)), (draw(BATCH), draw(st.integers(1, 4)), draw(st.integers(1, 3)))
    else:  # Keras skips the inner layer's InputSpec here: a rank it refuses gives garbage (see below)
        inner_kind, args, (inner,) = draw(INNER.filter(right_rank))
    steps = draw(st.one_of(st.integers(1, 4), st.none()))
    return kind, {"layer": LayerSpec(inner_kind, args)}, [(inner[0], steps, *inner[1:])]


def vary(draw, shape, positions, choices):
    """A copy of shape with some dims at the given positions replaced."""
    shape = list(shape)
    for position in positions:
        if draw(st.integers(0, 3)) == 0:
            shape[position] = draw(choices)
    return tuple(shape)


@st.composite
def concatenate_cases(draw, kind):
    rank = draw(st.integers(2, 4))
    axis = draw(st.integers(-rank - 1, rank))
    base = (draw(BATCH), *[draw(st.one_of(st.integers(1, 4), st.none())) for _ in range(rank - 1)])
    inputs = [base]
    for _ in range(draw(st.integers(0, 2))):
        other = vary(draw, base, range(rank), st.one_of(st.integers(1, 4), st.none()))
        if -rank <= axis < rank:
            other = list(other)
            other[axis] = draw(st.one_of(st.integers(1, 4), st.none()))
        inputs.append(tuple(other))
    args = {} if axis == -1 and draw(st.booleans()) else {"axis": axis}
    return kind, args, inputs


ELEMENTWISE = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")


@st.composite
def elementwise_cases(draw, kind):
    rank = draw(st.integers(2, 4))
    base = (draw(BATCH), *[draw(st.integers(1, 4)) for _ in range(rank - 1)])
    inputs = []
    for _ in range(draw(st.sampled_from([1, 2, 2, 2, 3]))):
        other = vary(draw, base, range(rank), st.one_of(st.just(1), st.none(), st.integers(1, 4)))
        if draw(st.integers(0, 4)) == 0:  # fewer axes: broadcast from the right
            other = (other[0], *other[1 + draw(st.integers(0, rank - 1)):])
        inputs.append(other)
    return kind, {}, inputs


NORMALIZATION = ("BatchNormalization", "LayerNormalization", "GroupNormalization", "UnitNormalization", "Normalization")


@st.composite
def normalization_cases(draw, kind):
    rank = draw(st.integers(2, 4))
    shape = (draw(BATCH), *[draw(st.one_of(st.integers(1, 8), st.none(), st.none())) for _ in range(rank - 1)])
    axis = st.integers(-rank - 1, rank)
    args = {}
    if kind in ("BatchNormalization", "GroupNormalization"):
        optional(draw, args, "axis", axis)
    else:
        optional(draw, args, "axis", st.one_of(axis, st.lists(axis, min_size=1, max_size=2, unique=True)))
    if kind == "GroupNormalization":
        optional(draw, args, "groups", st.sampled_from([-1, 1, 2, 3, 4, 32]))
    if kind == "Normalization":
        if draw(st.booleans()):
            args["axis"] = None
        if draw(st.booleans()):
            args.update(mean=0.5, variance=2.0)
    return kind, args, [shape]


SAME_SHAPE = {
    "Dropout": {"rate": 0.5},
    "GaussianNoise": {"stddev": 0.1},
    "GaussianDropout": {"rate": 0.2},
    "AlphaDropout": {"rate": 0.2},
    "Activation": {"activation": "relu"},
    "ReLU": {},
    "LeakyReLU": {"negative_slope": 0.1},
    "PReLU": {},
    "ELU": {},
    "Softmax": {"axis": -1},
    "Rescaling": {"scale": 1 / 255},
    "Masking": {"mask_value": 0.0},
    "ActivityRegularization": {"l1": 0.01},
    "Identity": {},
    "SpatialDropout1D": {"rate": 0.3},
    "SpatialDropout2D": {"rate": 0.3},
    "SpatialDropout3D": {"rate": 0.3},
}
IMAGE = {
    "RandomFlip": {},
    "RandomRotation": {"factor": 0.1},
    "RandomZoom": {"height_factor": 0.1},
    "RandomTranslation": {"height_factor": 0.1, "width_factor": 0.1},
    "RandomContrast": {"factor": 0.1},
    "RandomBrightness": {"factor": 0.1},
    "Resizing": {"height": 3, "width": 5},
    "CenterCrop": {"height": 4, "width": 2},
}


@st.composite
def same_shape_cases(draw, kind):
    args = dict(SAME_SHAPE[kind])
    rank = draw(st.integers(2, 5))
    shape = (draw(BATCH), *[draw(st.one_of(st.integers(1, 6), st.none())) for _ in range(rank - 1)])
    if kind == "PReLU":
        optional(draw, args, "shared_axes", st.one_of(st.integers(1, rank - 1), st.lists(st.integers(1, rank - 1))))
    if kind in ("SpatialDropout2D", "SpatialDropout3D"):
        optional(draw, args, "data_format", DATA_FORMAT)
    return kind, args, [shape]


@st.composite
def image_cases(draw, kind):
    args = dict(IMAGE[kind])
    if kind not in ("RandomContrast", "RandomBrightness"):
        optional(draw, args, "data_format", DATA_FORMAT)
    size = st.one_of(st.integers(4, 12), st.none())  # batched images only: kerlint declines rank 3 (see the module)
    return kind, args, [image(draw, 2, args.get("data_format"), st.sampled_from([1, 3]), size)]


FAMILIES = {  # strategy: the kinds it draws
    dense_cases: DENSE,
    conv_cases: CONV,
    transpose_cases: TRANSPOSE,
    separable_cases: SEPARABLE,
    pooling_cases: POOLING,
    global_pooling_cases: GLOBAL_POOLING,
    reshaping_cases: RESHAPING,
    upsampling_cases: UPSAMPLING,
    padding_cases: EDGES,
    rnn_cases: RNN,
    bidirectional_cases: ("Bidirectional",),
    time_distributed_cases: ("TimeDistributed",),
    concatenate_cases: ("Concatenate",),
    elementwise_cases: ELEMENTWISE,
    normalization_cases: NORMALIZATION,
    same_shape_cases: tuple(SAME_SHAPE),
    image_cases: tuple(IMAGE),
}


@pytest.mark.parametrize(
    "family, kind",
    [(family, kind) for family, kinds in FAMILIES.items() for kind in kinds],
    ids=lambda x: getattr(x, "__name__", x),
)
def test_output_shape_agrees_with_keras(family, kind):
    """EXAMPLES per kind, more for the kinds that make a family on their own (wrappers, Concatenate)."""

    @settings(EXAMPLES, max_examples=100 if len(FAMILIES[family]) == 1 else EXAMPLES.max_examples)
    @given(case=family(kind))
    def agrees(case):
        check(case)

    agrees()


def test_every_supported_kind_is_drawn():
    drawn = {kind for kinds in FAMILIES.values() for kind in kinds}
    assert drawn == {kind for kind in POSITIONAL if supported(kind)} - KERAS2_ONLY


# -- signatures ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(POSITIONAL))
def test_positional_order_is_keras3s(kind):
    cls = getattr(keras.layers, kind, None)
    if cls is None:
        assert kind in KERAS2_ONLY | {"Deconvolution2D", "Deconvolution3D"}
        return
    parameters = [p for p in inspect.signature(cls.__init__).parameters.values() if p.name != "self"]
    order = tuple(p.name for p in parameters if p.kind == p.POSITIONAL_OR_KEYWORD)
    required = [p.name for p in parameters if p.kind == p.POSITIONAL_OR_KEYWORD and p.default is p.empty]
    if kind in shapes._KERAS1_NAMES:  # filters, kernel_size, then sentinels (see the module docstring)
        assert POSITIONAL[kind][:2] == order[:2] and len(POSITIONAL[kind]) == len(order)
        assert all(name.startswith(shapes.LEGACY_PREFIX) for name in POSITIONAL[kind][2:])
    else:
        assert POSITIONAL[kind] == order
    assert tuple(required) == POSITIONAL[kind][: shapes._REQUIRED.get(canonical(kind), 0)]


MINIMAL_ARGS = {  # enough to build each kind that requires arguments, with windows of 1 (nothing collapses)
    **{kind: {"filters": 2, "kernel_size": 1} for kind in CONV + TRANSPOSE + SEPARABLE if "Depthwise" not in kind},
    "DepthwiseConv1D": {"kernel_size": 1},
    "DepthwiseConv2D": {"kernel_size": 1},
    **{kind: {"pool_size": 1} for kind in POOLING},
    **{kind: {"units": 2} for kind in RNN},
    "Bidirectional": {"layer": LayerSpec("LSTM", {"units": 2})},
    "RepeatVector": {"n": 2},
    **{kind: {"rate": 0.1} for kind in ("SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D")},
}


@pytest.mark.parametrize("kind", sorted(kind for kind in POSITIONAL if shapes.input_rank(kind, {}) is not None))
def test_input_rank_is_one_keras_refuses_others_of(kind):
    """What KER118 relies on: one rank more or less and Keras raises; the rank itself works."""
    spec = LayerSpec(kind, MINIMAL_ARGS.get(kind, {}))
    rank = shapes.input_rank(kind, spec.args)
    assert not isinstance(keras_shape(spec, [(None,) + (4,) * (rank - 1)]), Exception)
    assert output_shape(spec, [(None,) + (4,) * (rank - 1)]) is not None
    for other in (rank - 1, rank + 1):
        assert isinstance(keras_shape(spec, [(None,) + (4,) * (other - 1)]), Exception), other


@pytest.mark.parametrize("alias", sorted(shapes._ALIASES))
def test_aliases_are_keras_aliases(alias):
    cls = getattr(keras.layers, alias, None)
    if cls is not None:  # Deconvolution2D/3D are Keras 2 names
        assert cls is getattr(keras.layers, canonical(alias))


# -- where Keras's symbolic shape is not what runs: kerlint says None -------------------------------


def run(layer, inputs):
    """The output shape when the layer really runs on zeros, or the exception."""
    arrays = [np.zeros(shape, "float32") for shape in inputs]
    try:
        out = layer(arrays if len(arrays) > 1 else arrays[0])
    except Exception as error:  # noqa: BLE001
        return error
    return tuple(out.shape)


BIDIRECTIONAL_WIDTHS = LayerSpec("Bidirectional", {
    "layer": LayerSpec("LSTM", {"units": 3}),
    "backward_layer": LayerSpec("LSTM", {"units": 5, "go_backwards": True}),
})


@pytest.mark.parametrize(
    "spec, symbolic, concrete",
    [
        (LayerSpec("ZeroPadding2D", {"padding": -1}), [(None, 5, 5, 2)], [(1, 5, 5, 2)]),
        (LayerSpec("ZeroPadding3D", {"padding": -1}), [(None, 5, 5, 5, 2)], [(1, 5, 5, 5, 2)]),
        (LayerSpec("UpSampling2D", {"interpolation": "cubic"}), [(None, 4, 4, 2)], [(1, 4, 4, 2)]),
        (BIDIRECTIONAL_WIDTHS, [(None, 4, 2)], [(1, 4, 2)]),
        (LayerSpec("TimeDistributed", {"layer": LayerSpec("GlobalMaxPooling1D", {})}), [(None, 2, 3)], [(1, 2, 3)]),
        (LayerSpec("Concatenate", {"axis": 3}), [(None, 2, 3, None), (None, 2, 3)], [(1, 2, 3, 1), (1, 2, 3)]),
    ],
    ids=[
        "zero-padding-2d-negative", "zero-padding-3d-negative", "unknown-interpolation", "bidirectional-widths",
        "time-distributed-inner-rank", "concatenate-ranks",
    ],
)
def test_symbolic_shape_keras_cannot_run_is_unknown(spec, symbolic, concrete):
    """Keras's symbolic call answers, but running the layer fails or gives another shape: kerlint says None."""
    answer = keras_shape(spec, symbolic)
    assert not isinstance(answer, Exception)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ran = run(keras_layer(spec), concrete)
    assert isinstance(ran, Exception) or ran[1:] != answer[1:]
    assert output_shape(spec, symbolic) is None
