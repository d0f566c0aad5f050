"""Output shapes of Keras layers from their constructor arguments: arithmetic only, Keras never imported.

`output_shape(LayerSpec("Conv2D", {"filters": 32, "kernel_size": 3}), [(None, 28, 28, 1)])`
is `(None, 26, 26, 32)`, the shape Keras 3 gives when the layer is called on a
symbolic tensor: its `compute_output_shape` plus the checks its `InputSpec`
and `build` make on the way. Shapes include the batch axis; a dim is an int
or None (unknown, e.g. a variable-length time axis, and it stays None).

The answer is None (unknown) rather than a guess whenever it is not certain:
an unsupported kind (Lambda, custom layers, EinsumDense, Dot, ...), an
argument that matters is UNKNOWN or not of the type Keras takes (`units=32.0`
is not rounded, `return_sequences=1` is not read as True), a required argument
missing, an input rank or shape the layer does not accept, an unknown (None)
input, an input with a negative dim, or any other reason Keras raises.
Arguments that cannot change the shape (a Dropout rate, an activation name)
are not validated, and neither are keyword names: which ones a layer takes
depends on the Keras version, the caller checks them (shape_flow does). A
`data_format` given to a layer without that parameter is ignored, as Keras
ignores the global image_data_format there.

The one exception is the point of the module: a window that does not fit is
not refused. Convolutions, pooling and cropping return the raw arithmetic even
when a spatial dim comes out 0 or negative (`Conv2D(8, 3)` on 1x1 gives -1x-1),
where Keras raises "Computed output size would be zero or negative"; the rule
that reports it needs the number. (A transposed convolution can legitimately
give 0 in Keras: `padding="same", output_padding=0` with an even kernel on a
size-1 input.)

Other choices, where Keras has no single answer or its symbolic answer is not
what runs (tests/test_shapes_tensorflow.py shows each of the latter):
- SimpleRNN/LSTM/GRU (and Bidirectional around them) with `return_state=True`:
  the shape of the first output only (the sequence or last output).
- Bidirectional with `merge_mode=None` (two outputs): None. With a
  `backward_layer` whose output differs from the forward layer's: None (Keras's
  `compute_output_shape` doubles the forward width, the layer concatenates
  both). With `return_state=True` and `stateful=True`: None (Keras 3.15 raises).
- TimeDistributed: None when the inner layer refuses the per-step shape (Keras
  skips the inner InputSpec and computes a shape the layer never produces) or
  returns states.
- Concatenate of inputs of different ranks, ZeroPadding2D/3D with a negative
  int, UpSampling2D with an unknown interpolation: None (Keras computes a
  shape, the layer fails when it runs).
- Image augmentation layers, Resizing and CenterCrop: batched images (rank 4)
  only. Keras reads a rank-3 tensor as one unbatched image rather than
  refusing it, so input_rank does not claim 4 for them.
- Keras 1 calls: `Convolution2D(32, 3, 3)` meant nb_row, nb_col; in Keras 3 the
  third argument is `strides`. For the names that existed in Keras 1
  (Convolution1D/2D/3D, Deconvolution2D/3D, SeparableConvolution2D) POSITIONAL
  names only `filters, kernel_size` and then `_legacy_<n>` sentinels, so a
  caller that maps positional arguments through it passes a `_legacy_*` name
  for a third one, and the shape is None. The Keras 1 keywords that set a
  shape-changing option (`border_mode=`, `subsample=`, `dim_ordering=`, ...)
  give None as well.
- Deconvolution2D/3D and ThresholdedReLU are Keras 2 names (absent from Keras
  3) with the shape semantics of Conv2DTranspose/Conv3DTranspose and identity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable, Mapping, Optional

from kerlint.analysis.values import UNKNOWN

Shape = tuple  # dims including the batch axis first; each dim an int or None (unknown/dynamic)


@dataclass(frozen=True)
class LayerSpec:
    """A layer as written: class name and constructor arguments by parameter name."""

    kind: str
    args: Mapping[str, Any] = field(default_factory=dict)


class _Unknown(Exception):
    """Raised anywhere below when the shape is not certain; output_shape turns it into None."""


# --- signatures ------------------------------------------------------------------------------

_CONV_TAIL = (
    "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
    "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint",
)
_CONV = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups") + _CONV_TAIL
_CONV_TRANSPOSE = (
    ("filters", "kernel_size", "strides", "padding", "output_padding", "data_format", "dilation_rate") + _CONV_TAIL
)
_SEPARABLE = (
    "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "depth_multiplier",
    "activation", "use_bias", "depthwise_initializer", "pointwise_initializer", "bias_initializer",
    "depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "activity_regularizer",
    "depthwise_constraint", "pointwise_constraint", "bias_constraint",
)
_DEPTHWISE = (
    "kernel_size", "strides", "padding", "depth_multiplier", "data_format", "dilation_rate", "activation",
    "use_bias", "depthwise_initializer", "bias_initializer", "depthwise_regularizer", "bias_regularizer",
    "activity_regularizer", "depthwise_constraint", "bias_constraint",
)
_POOLING = ("pool_size", "strides", "padding", "data_format", "name")
_GLOBAL_POOLING = ("data_format", "keepdims")
_RNN_WEIGHTS = (
    "kernel_initializer", "recurrent_initializer", "bias_initializer", "kernel_regularizer",
    "recurrent_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
    "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
)
_RNN_FLAGS = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll")
_NORMALIZATION_WEIGHTS = (
    "beta_initializer", "gamma_initializer", "beta_regularizer", "gamma_regularizer",
    "beta_constraint", "gamma_constraint",
)
_IMAGE_TRANSFORM = ("fill_mode", "interpolation", "seed", "fill_value", "data_format")

_CANONICAL_POSITIONAL: dict[str, tuple[str, ...]] = {
    "Dense": (
        "units", "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
        "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint", "lora_rank",
        "lora_alpha", "quantization_config",
    ),
    "Embedding": (
        "input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer", "embeddings_constraint",
        "mask_zero", "weights", "lora_rank", "lora_alpha", "quantization_config",
    ),
    **{f"Conv{n}D": _CONV for n in (1, 2, 3)},
    "Conv1DTranspose": _CONV_TRANSPOSE,
    "Conv2DTranspose": _CONV_TRANSPOSE,
    # Conv3DTranspose really does take data_format before output_padding
    "Conv3DTranspose": (
        ("filters", "kernel_size", "strides", "padding", "data_format", "output_padding", "dilation_rate")
        + _CONV_TAIL
    ),
    "SeparableConv1D": _SEPARABLE,
    "SeparableConv2D": _SEPARABLE,
    "DepthwiseConv1D": _DEPTHWISE,
    "DepthwiseConv2D": _DEPTHWISE,
    **{f"{mode}Pooling{n}D": _POOLING for mode in ("Max", "Average") for n in (1, 2, 3)},
    **{f"Global{mode}Pooling{n}D": _GLOBAL_POOLING for mode in ("Max", "Average") for n in (1, 2, 3)},
    "Flatten": ("data_format",),
    "Reshape": ("target_shape",),
    "Permute": ("dims",),
    "RepeatVector": ("n",),
    "UpSampling1D": ("size",),
    "UpSampling2D": ("size", "data_format", "interpolation"),
    "UpSampling3D": ("size", "data_format"),
    **{f"ZeroPadding{n}D": ("padding", "data_format") for n in (1, 2, 3)},
    "Cropping1D": ("cropping",),
    "Cropping2D": ("cropping", "data_format"),
    "Cropping3D": ("cropping", "data_format"),
    "SimpleRNN": ("units", "activation", "use_bias") + _RNN_WEIGHTS + _RNN_FLAGS + ("seed",),
    "LSTM": (
        ("units", "activation", "recurrent_activation", "use_bias")
        + _RNN_WEIGHTS[:3] + ("unit_forget_bias",) + _RNN_WEIGHTS[3:] + ("seed",) + _RNN_FLAGS + ("use_cudnn",)
    ),
    "GRU": (
        ("units", "activation", "recurrent_activation", "use_bias")
        + _RNN_WEIGHTS + ("seed",) + _RNN_FLAGS + ("reset_after", "use_cudnn")
    ),
    "Bidirectional": ("layer", "merge_mode", "weights", "backward_layer"),
    "TimeDistributed": ("layer",),
    "Concatenate": ("axis",),
    **{name: () for name in ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")},
    "Dropout": ("rate", "noise_shape", "seed"),
    "SpatialDropout1D": ("rate", "seed", "name", "dtype"),
    "SpatialDropout2D": ("rate", "data_format", "seed", "name", "dtype"),
    "SpatialDropout3D": ("rate", "data_format", "seed", "name", "dtype"),
    "GaussianNoise": ("stddev", "seed"),
    "GaussianDropout": ("rate", "seed"),
    "AlphaDropout": ("rate", "noise_shape", "seed"),
    "BatchNormalization": (
        ("axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
         "moving_mean_initializer", "moving_variance_initializer")
        + _NORMALIZATION_WEIGHTS[2:]
        + ("renorm", "renorm_clipping", "renorm_momentum", "synchronized")
    ),
    "LayerNormalization": ("axis", "epsilon", "center", "scale") + _NORMALIZATION_WEIGHTS,
    "GroupNormalization": ("groups", "axis", "epsilon", "center", "scale") + _NORMALIZATION_WEIGHTS,
    "UnitNormalization": ("axis",),
    "Activation": ("activation",),
    "ReLU": ("max_value", "negative_slope", "threshold"),
    "LeakyReLU": ("negative_slope",),
    "PReLU": ("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes"),
    "ELU": ("alpha",),
    "Softmax": ("axis",),
    "ThresholdedReLU": ("theta",),  # Keras 2
    "Rescaling": ("scale", "offset"),
    "Normalization": ("axis", "mean", "variance", "invert"),
    "Masking": ("mask_value",),
    "ActivityRegularization": ("l1", "l2"),
    "Identity": (),
    "RandomFlip": ("mode", "seed", "data_format"),
    "RandomRotation": ("factor",) + _IMAGE_TRANSFORM,
    "RandomZoom": ("height_factor", "width_factor") + _IMAGE_TRANSFORM,
    "RandomTranslation": ("height_factor", "width_factor") + _IMAGE_TRANSFORM,
    "RandomContrast": ("factor", "value_range", "seed"),
    "RandomBrightness": ("factor", "value_range", "seed"),
    "Resizing": (
        "height", "width", "interpolation", "crop_to_aspect_ratio", "pad_to_aspect_ratio", "fill_mode",
        "fill_value", "antialias", "data_format",
    ),
    "CenterCrop": ("height", "width", "data_format"),
}

_ALIASES = {
    **{f"Convolution{n}D": f"Conv{n}D" for n in (1, 2, 3)},
    **{f"Convolution{n}DTranspose": f"Conv{n}DTranspose" for n in (1, 2, 3)},
    **{f"Deconvolution{n}D": f"Conv{n}DTranspose" for n in (2, 3)},  # Keras 2
    **{f"SeparableConvolution{n}D": f"SeparableConv{n}D" for n in (1, 2)},
    **{f"MaxPool{n}D": f"MaxPooling{n}D" for n in (1, 2, 3)},
    **{f"AvgPool{n}D": f"AveragePooling{n}D" for n in (1, 2, 3)},
    **{f"GlobalMaxPool{n}D": f"GlobalMaxPooling{n}D" for n in (1, 2, 3)},
    **{f"GlobalAvgPool{n}D": f"GlobalAveragePooling{n}D" for n in (1, 2, 3)},
}
# Names whose Keras 1 form took more than (filters, kernel_size) positionally.
_KERAS1_NAMES = (
    "Convolution1D", "Convolution2D", "Convolution3D", "Deconvolution2D", "Deconvolution3D", "SeparableConvolution2D",
)
LEGACY_PREFIX = "_legacy_"


def _legacy_positional(kind: str) -> tuple[str, ...]:
    keras3 = _CANONICAL_POSITIONAL[_ALIASES[kind]]
    return keras3[:2] + tuple(f"{LEGACY_PREFIX}{i}" for i in range(3, len(keras3) + 1))


POSITIONAL: dict[str, tuple[str, ...]] = {
    **_CANONICAL_POSITIONAL,
    **{alias: _CANONICAL_POSITIONAL[name] for alias, name in _ALIASES.items()},
    **{kind: _legacy_positional(kind) for kind in _KERAS1_NAMES},
}

# How many leading positional parameters have no default (Keras raises when one is missing).
_REQUIRED = {
    **{name: 1 for name in ("Dense", "Reshape", "Permute", "RepeatVector", "SimpleRNN", "LSTM", "GRU")},
    **{name: 1 for name in ("Bidirectional", "TimeDistributed", "Activation", "Rescaling", "GaussianNoise")},
    **{name: 1 for name in ("Dropout", "GaussianDropout", "AlphaDropout", "RandomRotation", "RandomZoom")},
    **{name: 1 for name in ("RandomContrast", "RandomBrightness", "DepthwiseConv1D", "DepthwiseConv2D")},
    **{f"SpatialDropout{n}D": 1 for n in (1, 2, 3)},
    **{f"AveragePooling{n}D": 1 for n in (1, 2, 3)},
    **{name: 2 for name in ("Embedding", "RandomTranslation", "Resizing", "CenterCrop")},
    **{name: 2 for name in ("SeparableConv1D", "SeparableConv2D", "Conv1DTranspose", "Conv2DTranspose")},
    **{f"Conv{n}D": 2 for n in (1, 2, 3)},
    "Conv3DTranspose": 2,
}

# Keras 1 spellings of shape-changing options: read as Keras 3 they would be ignored, so the shape is not known.
_KERAS1_KEYWORDS = frozenset(
    {
        "border_mode", "subsample", "subsample_length", "stride", "pool_length", "length", "dim_ordering",
        "atrous_rate", "nb_filter", "nb_row", "nb_col", "filter_length", "kernel_dim1", "kernel_dim2",
        "kernel_dim3", "output_shape",
    }
)


def canonical(kind: str) -> str:
    """The Keras class name behind an alias (MaxPool2D -> MaxPooling2D); other names unchanged."""
    return _ALIASES.get(kind, kind)


def supported(kind: str) -> bool:
    """Whether output_shape knows the kind (it may still answer None for a given call)."""
    return kind in POSITIONAL and canonical(kind) in _HANDLERS


# --- argument checks (each raises _Unknown) ----------------------------------------------------


def _known(value: Any) -> Any:
    if value is UNKNOWN:
        raise _Unknown
    return value


def _integer(value: Any) -> int:
    if not isinstance(_known(value), int) or isinstance(value, bool):
        raise _Unknown
    return value


def _int(value: Any, low: int = 1) -> int:
    if _integer(value) < low:
        raise _Unknown
    return value


def _ints(value: Any, n: int, low: int = 1) -> tuple:
    """Keras's standardize_tuple: one int for every axis, or a tuple/list of n ints."""
    if isinstance(_known(value), int) and not isinstance(value, bool):
        value = (value,) * n
    if not isinstance(value, (tuple, list)) or len(value) != n:
        raise _Unknown
    return tuple(_int(v, low) for v in value)


def _pairs(value: Any, n: int) -> tuple:
    """(before, after) amounts per spatial axis, as ZeroPadding/Cropping take them.

    1D: an int or one pair. 2D/3D: an int, or one int or pair per axis. Never negative: Cropping refuses it,
    and a negative ZeroPadding2D/3D int, which Keras takes, fails when the layer runs.
    """
    if n == 1:
        return (_ints(value, 2, low=0),)
    if isinstance(_known(value), int) and not isinstance(value, bool):
        value = (value,) * n
    if not isinstance(value, (tuple, list)) or len(value) != n:
        raise _Unknown
    return tuple(_ints(v, 2, low=0) for v in value)


def _bool(value: Any) -> bool:
    if not isinstance(_known(value), bool):
        raise _Unknown
    return value


def _choice(value: Any, allowed: tuple, lower: bool = True) -> str:
    """A string option; conv layers lower-case theirs, pooling layers do not."""
    if not isinstance(_known(value), str):
        raise _Unknown
    value = value.lower() if lower else value
    if value not in allowed:
        raise _Unknown
    return value


def _axes(value: Any, rank: int, many: bool = True) -> list:
    """An axis argument (an int, or a list of ints where the layer takes several) as positions in range."""
    items = _known(value) if many and isinstance(value, (tuple, list)) else [value]
    positions = []
    for axis in items:
        if not -rank <= _integer(axis) < rank:
            raise _Unknown
        positions.append(axis % rank)
    return positions


def _known_dims(shape: Shape, positions) -> list:
    """The dims a layer makes weights from: Keras cannot create a weight of unknown size."""
    dims = [shape[p] for p in positions]
    if None in dims:
        raise _Unknown
    return dims


def _channels_first(args: Mapping) -> bool:
    value = args.get("data_format")
    return value is not None and _choice(value, ("channels_last", "channels_first")) == "channels_first"


def _split(shape: Shape, first: bool) -> tuple:
    """(batch, spatial dims, channels) of an image-like input."""
    if first:
        return shape[0], shape[2:], shape[1]
    return shape[0], shape[1:-1], shape[-1]


def _join(batch, spatial, channels, first: bool) -> Shape:
    return (batch, channels, *spatial) if first else (batch, *spatial, channels)


def _channels(shape: Shape, args: Mapping) -> int:
    """The channel count a kernel is built from: it must be known."""
    channels = _split(shape, _channels_first(args))[2]
    if channels is None:
        raise _Unknown
    return channels


# --- size arithmetic ---------------------------------------------------------------------------


def _window_size(size, kernel: int, stride: int, dilation: int, padding: str):
    """Sliding-window output length, floor division as Keras's np.floor; not clamped at 0."""
    if size is None:
        return None
    if padding == "valid":
        return (size - dilation * (kernel - 1) - 1) // stride + 1
    return (size - 1) // stride + 1  # same, causal


def _transposed_size(size, kernel: int, stride: int, dilation: int, padding: str, output_padding):
    """Keras's _get_output_shape_given_tf_padding."""
    if size is None:
        return None
    kernel = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(kernel, stride) - kernel if output_padding is None else output_padding
        return (size - 1) * stride + kernel + extra
    if output_padding is None:
        return size * stride
    return (size - 1) * stride + kernel % 2 + output_padding


def _broadcast(a: tuple, b: tuple) -> tuple:
    """Merge layers' elementwise shape (Keras's _compute_elemwise_op_output_shape): right-aligned,
    a None on either side gives None, 1 broadcasts, other sizes must match."""
    if len(a) < len(b):
        a, b = b, a
    head, tail = a[: len(a) - len(b)], a[len(a) - len(b):]
    out = []
    for i, j in zip(tail, b):
        if i is not None and j is not None and i != j and 1 not in (i, j):
            raise _Unknown
        out.append(None if i is None or j is None else (j if i == 1 else i))
    return (*head, *out)


# --- layer families ----------------------------------------------------------------------------


def _window(n: int, args: Mapping, strided_dilation: bool) -> tuple:
    """kernel_size, strides, dilation_rate; Conv and ConvTranspose refuse strides > 1 with dilation > 1."""
    kernel = _ints(args["kernel_size"], n)
    strides = _ints(args.get("strides", 1), n)
    dilation = _ints(args.get("dilation_rate", 1), n)
    if not strided_dilation and max(strides) > 1 and max(dilation) > 1:
        raise _Unknown
    return kernel, strides, dilation


def _sliding(n: int, args: Mapping, shape: Shape, channels_out: int, paddings: tuple, strided_dilation: bool):
    kernel, strides, dilation = _window(n, args, strided_dilation)
    padding = _choice(args.get("padding", "valid"), paddings)
    first = _channels_first(args)
    batch, spatial, _ = _split(shape, first)
    sizes = [_window_size(*dims, padding) for dims in zip(spatial, kernel, strides, dilation)]
    return _join(batch, sizes, channels_out, first)


def _conv(n: int, args: Mapping, shape: Shape) -> Shape:
    filters, groups = _int(args["filters"]), _int(args.get("groups", 1))
    if filters % groups or _channels(shape, args) % groups:
        raise _Unknown
    paddings = ("valid", "same", "causal") if n == 1 else ("valid", "same")
    return _sliding(n, args, shape, filters, paddings, strided_dilation=False)


def _separable_conv(n: int, args: Mapping, shape: Shape) -> Shape:
    _int(args.get("depth_multiplier", 1))
    _channels(shape, args)
    return _sliding(n, args, shape, _int(args["filters"]), ("valid", "same"), strided_dilation=True)


def _depthwise_conv(n: int, args: Mapping, shape: Shape) -> Shape:
    channels_out = _int(args.get("depth_multiplier", 1)) * _channels(shape, args)
    return _sliding(n, args, shape, channels_out, ("valid", "same"), strided_dilation=True)


def _conv_transpose(n: int, args: Mapping, shape: Shape) -> Shape:
    filters = _int(args["filters"])
    _channels(shape, args)
    kernel, strides, dilation = _window(n, args, strided_dilation=False)
    padding = _choice(args.get("padding", "valid"), ("valid", "same"))
    output_padding = args.get("output_padding")
    paddings = (None,) * n if output_padding is None else _ints(output_padding, n, low=0)
    if output_padding is not None and any(p >= s for p, s in zip(paddings, strides)):
        raise _Unknown
    first = _channels_first(args)
    batch, spatial, _ = _split(shape, first)
    sizes = [_transposed_size(*dims, padding, p) for *dims, p in zip(spatial, kernel, strides, dilation, paddings)]
    return _join(batch, sizes, filters, first)


def _pooling(n: int, args: Mapping, shape: Shape) -> Shape:
    pool = _ints(args.get("pool_size", 2), n)
    strides = args.get("strides")
    strides = pool if strides is None else _ints(strides, n)
    padding = _choice(args.get("padding", "valid"), ("valid", "same"), lower=False)
    first = _channels_first(args)
    batch, spatial, channels = _split(shape, first)
    sizes = [_window_size(size, p, s, 1, padding) for size, p, s in zip(spatial, pool, strides)]
    return _join(batch, sizes, channels, first)


def _global_pooling(n: int, args: Mapping, shape: Shape) -> Shape:
    keepdims = _bool(args.get("keepdims", False))
    first = _channels_first(args)
    batch, _, channels = _split(shape, first)
    return _join(batch, (1,) * n, channels, first) if keepdims else (batch, channels)


def _edges(n: int, sign: int, name: str, default, args: Mapping, shape: Shape) -> Shape:
    """ZeroPadding (sign +1) and Cropping (sign -1): add or remove (before, after) per spatial axis."""
    pairs = _pairs(args.get(name, default), n)
    first = _channels_first(args)
    batch, spatial, channels = _split(shape, first)
    sizes = [None if size is None else size + sign * sum(pair) for size, pair in zip(spatial, pairs)]
    return _join(batch, sizes, channels, first)


def _upsampling(n: int, args: Mapping, shape: Shape) -> Shape:
    size = (_int(args.get("size", 2)),) if n == 1 else _ints(args.get("size", 2), n)
    if n == 2:
        _choice(args.get("interpolation", "nearest"), _INTERPOLATIONS)
    first = _channels_first(args)
    batch, spatial, channels = _split(shape, first)
    return _join(batch, [None if d is None else d * k for d, k in zip(spatial, size)], channels, first)


_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")


def _dense(args: Mapping, shape: Shape) -> Shape:
    units = _int(args["units"])
    if len(shape) < 2:
        raise _Unknown
    _known_dims(shape, [-1])
    return (*shape[:-1], units)


def _embedding(args: Mapping, shape: Shape) -> Shape:
    if args["input_dim"] is not UNKNOWN:
        _int(args["input_dim"])  # Keras checks it; it does not change the shape
    return (*shape, _int(args["output_dim"]))


def _flatten(args: Mapping, shape: Shape) -> Shape:
    rest = shape[1:]
    return (shape[0], None if None in rest else math.prod(rest))


def _reshape(args: Mapping, shape: Shape) -> Shape:
    """Keras's compute_reshape_output_shape: one -1 is inferred when every input dim is known."""
    target = _known(args["target_shape"])
    if not isinstance(target, (tuple, list)):
        raise _Unknown
    target = tuple(_int(d, low=-1) for d in target)
    if target.count(-1) > 1:
        raise _Unknown
    rest = shape[1:]
    if None in rest:
        return (shape[0], *(None if d == -1 else d for d in target))
    size = math.prod(rest)
    known = math.prod(d for d in target if d != -1)
    if -1 not in target:
        if known != size:
            raise _Unknown
        return (shape[0], *target)
    if known == 0 or size % known:
        raise _Unknown
    return (shape[0], *(size // known if d == -1 else d for d in target))


def _permutation(args: Mapping) -> tuple:
    dims = _known(args["dims"])
    if not isinstance(dims, (tuple, list)) or sorted(_integer(d) for d in dims) != list(range(1, len(dims) + 1)):
        raise _Unknown
    return tuple(dims)


def _permute(args: Mapping, shape: Shape) -> Shape:
    return (shape[0], *(shape[d] for d in _permutation(args)))


def _repeat_vector(args: Mapping, shape: Shape) -> Shape:
    return (shape[0], _int(args["n"]), shape[1])


def _rnn(args: Mapping, shape: Shape) -> Shape:
    """First output only when return_state=True; the features must be known (the kernel is built from them)."""
    units = _int(args["units"])
    sequences = _bool(args.get("return_sequences", False))
    batch, steps, features = shape
    if features is None or (batch is None and _bool(args.get("stateful", False))):
        raise _Unknown
    return (batch, steps, units) if sequences else (batch, units)


_RNN_KINDS = frozenset({"SimpleRNN", "LSTM", "GRU"})


def _rnn_flags(spec: LayerSpec) -> tuple:
    """go_backwards, then the flags a Bidirectional's two layers must agree on."""
    flags = ("go_backwards", "return_sequences", "return_state", "stateful")
    return tuple(_bool(spec.args.get(flag, False)) for flag in flags)


def _inner(value: Any, kinds=None) -> LayerSpec:
    """A wrapper's `layer` argument: a LayerSpec (of one of `kinds` when given)."""
    if not isinstance(value, LayerSpec) or (kinds is not None and canonical(value.kind) not in kinds):
        raise _Unknown
    return value


def _bidirectional(args: Mapping, shape: Shape) -> Shape:
    """Keras copies `layer` with go_backwards=True unless given a backward_layer, which must run the other way,
    agree on the flags and (here) give the same shape."""
    forward = _inner(args["layer"], _RNN_KINDS)
    merge_mode = _choice(args.get("merge_mode", "concat"), ("concat", "sum", "mul", "ave"), lower=False)
    out = _output_shape(forward, [shape])
    ahead = _rnn_flags(forward)
    if ahead[2] and ahead[3]:  # return_state and stateful: Keras 3.15's Bidirectional.compute_mask fails
        raise _Unknown
    backward = args.get("backward_layer")
    if backward is None:
        if ahead[0]:
            raise _Unknown
    else:
        behind = _rnn_flags(_inner(backward, _RNN_KINDS))
        if ahead[0] == behind[0] or ahead[1:] != behind[1:] or _output_shape(backward, [shape]) != out:
            raise _Unknown
    return (*out[:-1], out[-1] * 2) if merge_mode == "concat" else out


def _time_distributed(args: Mapping, shape: Shape) -> Shape:
    """The inner layer on (batch, *rest), with the time axis put back; Keras's TimeDistributed cannot
    handle an inner layer that returns states."""
    inner = _inner(args["layer"])
    name = canonical(inner.kind)
    if len(shape) < 3 or name in _MERGE or _returns_states(inner):
        raise _Unknown
    out = _output_shape(inner, [(shape[0], *shape[2:])])
    return (out[0], shape[1], *out[1:])


def _returns_states(spec: LayerSpec) -> bool:
    if canonical(spec.kind) == "Bidirectional":
        return _returns_states(_inner(spec.args.get("layer")))
    return canonical(spec.kind) in _RNN_KINDS and _bool(spec.args.get("return_state", False))


def _concatenate(args: Mapping, shapes: list) -> Shape:
    """Same rank, the same dims off the axis (None matches anything); Keras keeps the first input's.

    One input comes out as it is (the backend's concat of one tensor is that tensor), even with an axis past
    the last: Keras only fails on an axis before the first.
    """
    axis, rank = _integer(args.get("axis", -1)), len(shapes[0])
    if len(shapes) == 1 and axis >= -rank:
        return shapes[0]
    if any(len(s) != rank for s in shapes):
        raise _Unknown
    axis = _axes(axis, rank)[0]
    for position in range(rank):
        if position != axis and len({s[position] for s in shapes} - {None}) > 1:
            raise _Unknown
    sizes = [s[axis] for s in shapes]
    out = list(shapes[0])
    out[axis] = None if None in sizes else sum(sizes)
    return tuple(out)


def _elementwise(count: Optional[int], args: Mapping, shapes: list) -> Shape:
    """Add, Multiply, ...: one batch size, the other dims broadcast; Subtract takes exactly two."""
    if count is not None and len(shapes) != count:
        raise _Unknown
    batches = {s[0] for s in shapes} - {None}
    if len(batches) > 1:
        raise _Unknown
    out = shapes[0][1:]
    for s in shapes[1:]:
        out = _broadcast(out, s[1:])
    return (batches.pop() if batches else None, *out)


def _same(args: Mapping, shape: Shape) -> Shape:
    return shape


def _batch_normalization(args: Mapping, shape: Shape) -> Shape:
    _known_dims(shape, _axes(args.get("axis", -1), len(shape), many=False))
    return shape


def _layer_normalization(args: Mapping, shape: Shape) -> Shape:
    _known_dims(shape, _axes(args.get("axis", -1), len(shape)))
    return shape


def _group_normalization(args: Mapping, shape: Shape) -> Shape:
    """The channels (default axis -1) must split into `groups` (default 32; -1 means one per channel)."""
    groups = _integer(args.get("groups", 32))
    (channels,) = _known_dims(shape, _axes(args.get("axis", -1), len(shape), many=False))
    if groups == -1:
        groups = channels
    if groups <= 0 or channels < groups or channels % groups:
        raise _Unknown
    return shape


def _unit_normalization(args: Mapping, shape: Shape) -> Shape:
    _axes(args.get("axis", -1), len(shape))
    return shape


def _normalization(args: Mapping, shape: Shape) -> Shape:
    """Kept axes must be known; a given mean/variance is only understood as a pair of numbers."""
    axis = _known(args.get("axis", -1))
    _known_dims(shape, _axes((), len(shape)) if axis is None else _axes(axis, len(shape)))
    stats = [_known(args.get(name)) for name in ("mean", "variance")]
    if stats != [None, None] and not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in stats):
        raise _Unknown
    return shape


def _prelu(args: Mapping, shape: Shape) -> Shape:
    """One alpha per non-shared, non-batch position: those dims must be known."""
    shared = _known(args.get("shared_axes"))
    shared = [] if shared is None else shared if isinstance(shared, (tuple, list)) else [shared]
    if any(not 1 <= _integer(axis) < len(shape) for axis in shared):
        raise _Unknown
    _known_dims(shape, [p for p in range(1, len(shape)) if p not in shared])
    return shape


def _batched_image(shape: Shape) -> Shape:
    """Image layers take rank 4 or 3, and read rank 3 as one unbatched image: with a batch axis, only rank 4."""
    if len(shape) != 4:
        raise _Unknown
    return shape


def _augmentation(args: Mapping, shape: Shape) -> Shape:
    return _batched_image(shape)


def _resizing(args: Mapping, shape: Shape) -> Shape:
    height, width = _int(args["height"]), _int(args["width"])
    _batched_image(shape)
    first = _channels_first(args)
    return _join(shape[0], (height, width), _split(shape, first)[2], first)


_SAME_SHAPE = (
    "Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout", "Activation", "ReLU", "LeakyReLU", "ELU",
    "Softmax", "ThresholdedReLU", "Rescaling", "Masking", "ActivityRegularization", "Identity",
    "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
)
_AUGMENTATION = (
    "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast", "RandomBrightness",
)
_ELEMENTWISE = {"Add": None, "Subtract": 2, "Multiply": None, "Average": None, "Maximum": None, "Minimum": None}
_MERGE = frozenset({"Concatenate", *_ELEMENTWISE})

_HANDLERS: dict[str, Callable] = {
    "Dense": _dense,
    "Embedding": _embedding,
    **{f"Conv{n}D": partial(_conv, n) for n in (1, 2, 3)},
    **{f"Conv{n}DTranspose": partial(_conv_transpose, n) for n in (1, 2, 3)},
    **{f"SeparableConv{n}D": partial(_separable_conv, n) for n in (1, 2)},
    **{f"DepthwiseConv{n}D": partial(_depthwise_conv, n) for n in (1, 2)},
    **{f"{mode}Pooling{n}D": partial(_pooling, n) for mode in ("Max", "Average") for n in (1, 2, 3)},
    **{f"Global{mode}Pooling{n}D": partial(_global_pooling, n) for mode in ("Max", "Average") for n in (1, 2, 3)},
    "Flatten": _flatten,
    "Reshape": _reshape,
    "Permute": _permute,
    "RepeatVector": _repeat_vector,
    **{f"UpSampling{n}D": partial(_upsampling, n) for n in (1, 2, 3)},
    "ZeroPadding1D": partial(_edges, 1, +1, "padding", 1),
    "ZeroPadding2D": partial(_edges, 2, +1, "padding", 1),
    "ZeroPadding3D": partial(_edges, 3, +1, "padding", 1),
    "Cropping1D": partial(_edges, 1, -1, "cropping", 1),
    "Cropping2D": partial(_edges, 2, -1, "cropping", 0),
    "Cropping3D": partial(_edges, 3, -1, "cropping", 1),
    **{name: _rnn for name in _RNN_KINDS},
    "Bidirectional": _bidirectional,
    "TimeDistributed": _time_distributed,
    "Concatenate": _concatenate,
    **{name: partial(_elementwise, count) for name, count in _ELEMENTWISE.items()},
    **{name: _same for name in _SAME_SHAPE},
    **{name: _augmentation for name in _AUGMENTATION},
    "BatchNormalization": _batch_normalization,
    "LayerNormalization": _layer_normalization,
    "GroupNormalization": _group_normalization,
    "UnitNormalization": _unit_normalization,
    "Normalization": _normalization,
    "PReLU": _prelu,
    "Resizing": _resizing,
    "CenterCrop": _resizing,
}

# The input rank (batch included) each fixed-rank kind requires.
_RANKS: dict[str, int] = {
    **{f"{family}{n}D": n + 2 for family in ("Conv", "MaxPooling", "AveragePooling", "GlobalMaxPooling",
                                             "GlobalAveragePooling", "UpSampling", "ZeroPadding", "Cropping",
                                             "SpatialDropout") for n in (1, 2, 3)},
    **{f"Conv{n}DTranspose": n + 2 for n in (1, 2, 3)},
    **{f"{family}{n}D": n + 2 for family in ("SeparableConv", "DepthwiseConv") for n in (1, 2)},
    **{name: 3 for name in (*_RNN_KINDS, "Bidirectional")},
    "RepeatVector": 2,
}


def input_rank(kind: str, args: Optional[Mapping] = None) -> Optional[int]:
    """The rank (batch included) Keras requires of the input; None when any rank (from a minimum) goes."""
    name, args = canonical(kind), args or {}
    if name == "Permute":
        try:
            return len(_permutation(args)) + 1
        except (_Unknown, KeyError):
            return None
    if name == "TimeDistributed":
        inner = args.get("layer")
        rank = input_rank(inner.kind, inner.args) if isinstance(inner, LayerSpec) else None
        return None if rank is None else rank + 1
    return _RANKS.get(name) if supported(kind) else None


def _input(shape: Any) -> Shape:
    """An input shape as a tuple: known, with a batch axis, each dim None or an int >= 0."""
    if not isinstance(shape, (tuple, list)) or not shape:
        raise _Unknown
    for dim in shape:
        if dim is not None:
            _int(dim, low=0)
    return tuple(shape)


def _output_shape(spec: LayerSpec, inputs: list) -> Shape:
    if not isinstance(spec, LayerSpec) or not isinstance(spec.kind, str) or not supported(spec.kind):
        raise _Unknown
    name = canonical(spec.kind)
    args = dict(spec.args)
    if any(str(key).startswith(LEGACY_PREFIX) or key in _KERAS1_KEYWORDS for key in args):
        raise _Unknown
    if any(param not in args for param in _CANONICAL_POSITIONAL[name][: _REQUIRED.get(name, 0)]):
        raise _Unknown
    if "data_format" not in _CANONICAL_POSITIONAL[name]:
        args.pop("data_format", None)  # a global image_data_format a caller filled in: this layer ignores it
    if args.get("data_format") is not UNKNOWN:
        _channels_first(args)  # an invalid one raises in every layer that takes it; unknown matters only to some
    shapes = [_input(shape) for shape in inputs]
    rank = input_rank(spec.kind, args)
    if not shapes or (rank is not None and any(len(s) != rank for s in shapes)):
        raise _Unknown
    if name in _MERGE:
        return _HANDLERS[name](args, shapes)
    if len(shapes) != 1:
        raise _Unknown
    return tuple(_HANDLERS[name](args, shapes[0]))


def output_shape(spec: LayerSpec, inputs: list) -> Optional[Shape]:
    """The shape `spec` outputs on `inputs` (a list of input shapes), or None when not certain.

    Spatial dims of convolutions, pooling and cropping may come out 0 or negative
    where Keras raises: see the module docstring.
    """
    try:
        return _output_shape(spec, inputs)
    except _Unknown:
        return None
