"""Every Keras spelling resolves to one canonical name."""

from __future__ import annotations

import libcst as cst
import pytest

from kerlint.analysis.collect import collect
from kerlint.analysis.names import canonical


def qualify_last(code: str):
    """Canonical name of the expression on the last line of `code`."""
    module = cst.parse_module(code)
    collected = collect(module)
    expr = module.body[-1].body[0].value
    return collected.imports.qualify(expr)


@pytest.mark.parametrize(
    "code",
    [
        "import keras\nkeras.layers.Dense",
        "from tensorflow import keras\nkeras.layers.Dense",
        "import tensorflow as tf\ntf.keras.layers.Dense",
        "from tensorflow.keras import layers as L\nL.Dense",
        "from keras.layers import Dense as D\nD",
        "import tensorflow as tf\nkeras = tf.keras\nkeras.layers.Dense",
        "import tensorflow as tf\nK = tf.keras\nL = K.layers\nL.Dense",
        "from keras.layers import *\nDense",
        "from tensorflow.keras.layers import *\nfrom tensorflow.keras.models import *\nDense",
        "from keras.layers.core import Dense\nDense",
        "import tensorflow.keras.layers\ntensorflow.keras.layers.Dense",
        "from tensorflow.python.keras.layers import Dense\nDense",
        "import tf_keras as keras\nkeras.layers.Dense",
    ],
)
def test_dense_spellings(code):
    assert qualify_last(code) == "keras.layers.Dense"


def test_star_imports_pick_the_module_that_exports_the_name():
    code = "from tensorflow.keras.layers import *\nfrom tensorflow.keras.models import *\nSequential"
    assert qualify_last(code) == "keras.Sequential"


def test_local_names_are_not_star_imported():
    code = "from keras.layers import *\nDense = make_layer\nDense"
    assert qualify_last(code) is None


def test_unrelated_names_stay_unknown():
    assert qualify_last("import numpy as np\nx = 1\nx") is None
    assert qualify_last("from keras.layers import *\nlen") is None


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("tensorflow.keras.models.Sequential", "keras.Sequential"),
        ("keras.models.Model", "keras.Model"),
        ("keras.layers.convolutional.Conv2D", "keras.layers.Conv2D"),
        ("keras.layers.experimental.preprocessing.Rescaling", "keras.layers.Rescaling"),
        ("keras.utils.np_utils.to_categorical", "keras.utils.to_categorical"),
        ("tensorflow.nn.softmax", "tensorflow.nn.softmax"),
        ("keras.datasets.mnist.load_data", "keras.datasets.mnist.load_data"),
        ("keras.src.layers.core.dense.Dense", "keras.layers.Dense"),
    ],
)
def test_canonical(raw, expected):
    assert canonical(raw) == expected


def test_a_name_assigned_twice_is_not_a_file_wide_alias():
    code = "import keras\ndata = keras.datasets.mnist\ndata = keras.datasets.fashion_mnist\ndata"
    assert qualify_last(code) is None
    assert qualify_last("import keras\ndata = keras.datasets.mnist\ndata") == "keras.datasets.mnist"
