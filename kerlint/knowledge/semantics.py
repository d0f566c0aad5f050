"""What Keras names mean for the task: loss families, metric kinds, activations.

These are tables of meaning, kept by hand and checked against the real Keras by
tests/test_knowledge.py (every name here must be one Keras accepts).
The list of names Keras accepts is generated (keras_api); this file only says
which of them are crossentropies, regression losses, and so on.
"""

from __future__ import annotations

import re
from typing import Optional

# Loss spellings -> the canonical function name Keras resolves them to.
LOSS_ALIASES = {
    "bce": "binary_crossentropy",
    "BCE": "binary_crossentropy",
    "mse": "mean_squared_error",
    "MSE": "mean_squared_error",
    "mae": "mean_absolute_error",
    "MAE": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error",
    "MAPE": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "MSLE": "mean_squared_logarithmic_error",
    "kld": "kl_divergence",
    "KLD": "kl_divergence",
    "kullback_leibler_divergence": "kl_divergence",
    "logcosh": "log_cosh",  # Keras 2 spelling
    "huber_loss": "huber",  # Keras 2 spelling
    "KLDivergence": "kl_divergence",
    "LogCosh": "log_cosh",
    "Huber": "huber",
}

BINARY_CROSSENTROPY = frozenset({"binary_crossentropy", "binary_focal_crossentropy"})
CATEGORICAL_CROSSENTROPY = frozenset({"categorical_crossentropy", "categorical_focal_crossentropy"})
SPARSE_CROSSENTROPY = frozenset({"sparse_categorical_crossentropy"})
CROSSENTROPY = BINARY_CROSSENTROPY | CATEGORICAL_CROSSENTROPY | SPARSE_CROSSENTROPY
REGRESSION_LOSSES = frozenset(
    {
        "mean_squared_error",
        "mean_absolute_error",
        "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error",
        "huber",
        "log_cosh",
    }
)

# Metrics that are not differentiable (or not losses at all): never a loss.
NON_DIFFERENTIABLE_METRICS = frozenset(
    {
        "accuracy",
        "acc",
        "binary_accuracy",
        "categorical_accuracy",
        "sparse_categorical_accuracy",
        "top_k_categorical_accuracy",
        "sparse_top_k_categorical_accuracy",
        "auc",
        "precision",
        "recall",
        "f1_score",
        "f_beta_score",
        "true_positives",
        "true_negatives",
        "false_positives",
        "false_negatives",
        "precision_at_recall",
        "recall_at_precision",
        "sensitivity_at_specificity",
        "specificity_at_sensitivity",
        "io_u",
        "mean_io_u",
        "binary_io_u",
        "one_hot_io_u",
        "one_hot_mean_io_u",
    }
)

ACCURACY_METRICS = frozenset(
    {
        "accuracy",
        "acc",
        "binary_accuracy",
        "categorical_accuracy",
        "sparse_categorical_accuracy",
        "top_k_categorical_accuracy",
        "sparse_top_k_categorical_accuracy",
    }
)
REGRESSION_METRICS = frozenset(
    {
        "mean_absolute_error",
        "mean_squared_error",
        "root_mean_squared_error",
        "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error",
        "log_cosh_error",
        "r2_score",
    }
)
METRIC_ALIASES = {
    "mae": "mean_absolute_error",
    "MAE": "mean_absolute_error",
    "mse": "mean_squared_error",
    "MSE": "mean_squared_error",
    "mape": "mean_absolute_percentage_error",
    "MAPE": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "MSLE": "mean_squared_logarithmic_error",
    "rmse": "root_mean_squared_error",
    "AUC": "auc",
    "IoU": "io_u",
    "MeanIoU": "mean_io_u",
    "BinaryIoU": "binary_io_u",
    "OneHotIoU": "one_hot_io_u",
    "OneHotMeanIoU": "one_hot_mean_io_u",
}

# Output activations and the range of values they produce.
ACTIVATION_RANGE = {
    "sigmoid": (0.0, 1.0),
    "softmax": (0.0, 1.0),
    "tanh": (-1.0, 1.0),
    "hard_sigmoid": (0.0, 1.0),
    "relu": (0.0, float("inf")),
    "softplus": (0.0, float("inf")),
    "exponential": (0.0, float("inf")),
    "relu6": (0.0, 6.0),
    "softsign": (-1.0, 1.0),
}

# Layers that are an activation and nothing else.
ACTIVATION_LAYERS = {
    "Softmax": "softmax",
    "ReLU": "relu",
    "LeakyReLU": "leaky_relu",
    "PReLU": "prelu",
    "ELU": "elu",
    "ThresholdedReLU": "threshold",
}

# Layers that pass values through unchanged at inference time (regularisers).
PASS_THROUGH_LAYERS = frozenset(
    {
        "Dropout",
        "AlphaDropout",
        "GaussianDropout",
        "GaussianNoise",
        "SpatialDropout1D",
        "SpatialDropout2D",
        "SpatialDropout3D",
        "ActivityRegularization",
    }
)

# Functions applied to tensors that are activations: tf.nn.softmax(x) etc.
_ACTIVATION_FUNCTION_MODULES = ("keras.activations.", "keras.ops.", "tensorflow.nn.", "tensorflow.math.", "tensorflow.")
_ACTIVATION_FUNCTIONS = frozenset(
    {"softmax", "sigmoid", "tanh", "relu", "elu", "selu", "softplus", "softsign", "linear", "gelu", "swish", "silu", "log_softmax", "leaky_relu", "relu6", "exponential", "hard_sigmoid"}
)


def activation_function(qualified: Optional[str]) -> Optional[str]:
    """`tf.nn.softmax`, `keras.activations.sigmoid`, `keras.ops.nn.sigmoid`, `tf.sigmoid` -> the name."""
    if not qualified or not qualified.startswith(_ACTIVATION_FUNCTION_MODULES):
        return None
    last = qualified.rsplit(".", 1)[-1]
    return last if last in _ACTIVATION_FUNCTIONS else None


def snake_case(class_name: str) -> str:
    """`BinaryCrossentropy` -> `binary_crossentropy` (Keras's own class-to-function naming)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", class_name).lower()


def canonical_loss(name: str) -> str:
    if name in LOSS_ALIASES:
        return LOSS_ALIASES[name]
    if name[:1].isupper():
        return snake_case(name)
    return name


def canonical_metric(name: str) -> str:
    if name in METRIC_ALIASES:
        return METRIC_ALIASES[name]
    if name[:1].isupper():
        return snake_case(name)
    return name
