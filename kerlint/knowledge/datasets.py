"""The datasets shipped in keras.datasets: what their labels and inputs are.

`load_data()` returns ((x_train, y_train), (x_test, y_test)) for each of them.
Facts from the Keras documentation of each loader (the data cannot be
downloaded here, so the table is kept by hand; tests check the loader names
and parameters against the installed Keras).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Dataset:
    name: str
    task: str  # binary | multiclass | regression
    n_classes: Optional[int]
    label_encoding: str  # integer | continuous
    x_dtype: str  # uint8 images, int word-index sequences, float features
    x_range: Optional[tuple]  # (low, high) of the raw inputs, where meaningful
    y_range: Optional[tuple]  # (low, high) of the raw targets
    x_shape: Optional[tuple]  # per-sample shape; None for variable-length sequences
    description: str
    y_shape: tuple = ()  # per-sample shape of the labels: () for (N,), (1,) for cifar's (N, 1)


DATASETS = {
    "mnist": Dataset("mnist", "multiclass", 10, "integer", "uint8", (0, 255), (0, 9), (28, 28), "handwritten digits"),
    "fashion_mnist": Dataset("fashion_mnist", "multiclass", 10, "integer", "uint8", (0, 255), (0, 9), (28, 28), "clothing images"),
    "cifar10": Dataset("cifar10", "multiclass", 10, "integer", "uint8", (0, 255), (0, 9), (32, 32, 3), "colour images", (1,)),
    "cifar100": Dataset("cifar100", "multiclass", 100, "integer", "uint8", (0, 255), (0, 99), (32, 32, 3), "colour images", (1,)),
    "imdb": Dataset("imdb", "binary", 2, "integer", "int", None, (0, 1), None, "movie review sentiment"),
    "reuters": Dataset("reuters", "multiclass", 46, "integer", "int", None, (0, 45), None, "newswire topics"),
    "boston_housing": Dataset("boston_housing", "regression", None, "continuous", "float", (0.0, 711.0), (5.0, 50.0), (13,), "house prices in k$"),
    "california_housing": Dataset(
        "california_housing", "regression", None, "continuous", "float", None, (14999.0, 500001.0), (8,), "house prices in $"
    ),
}


def cifar100_classes(label_mode: Optional[str]) -> int:
    return 20 if label_mode == "coarse" else 100
