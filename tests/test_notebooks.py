"""Notebooks: code cells as one program, magics skipped, positions per cell."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kerlint.cli import main
from kerlint.runner import lint_file


def notebook(tmp_path, cells, language="python", name="nb.ipynb"):
    data = {
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": source if isinstance(source, list) else source.splitlines(True)}
            | ({"outputs": [], "execution_count": None} if kind == "code" else {})
            for kind, source in cells
        ],
        "metadata": {"kernelspec": {"name": "k", "language": language, "display_name": "k"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


CELLS = [
    ("markdown", "# Reuters\nA newswire classifier."),
    ("code", "%pip install tensorflow\n!nvidia-smi\nIS_COLAB = False\nif IS_COLAB:\n    %pip install keras\n"),
    ("code", "%%bash\necho this is not python\n"),
    ("code", "from tensorflow import keras\nfrom tensorflow.keras.datasets import reuters\nfrom tensorflow.keras.utils import to_categorical\n"),
    ("code", 'print "a python 2 cell"\n'),
    ("code", "(x_train, y_train), _ = reuters.load_data(num_words=10000)\ny = to_categorical(y_train)\nfiles = !ls\n"),
    (
        "code",
        "%%time\nmodel = keras.Sequential([\n    keras.layers.Dense(64, activation='relu'),\n"
        "    keras.layers.Dense(46, activation='softmax'),\n])\n"
        "model.compile(optimizer='rmsprop', loss='binary_crossentropy')\nmodel.fit(x_train, y)\n",
    ),
]


def test_cells_form_one_program_and_positions_name_the_cell(tmp_path):
    path = notebook(tmp_path, CELLS)
    result = lint_file(str(path))
    assert not result.errors
    found = [(d.cell, d.line, d.col, d.code) for d in result.diagnostics]
    assert found == [(5, 1, 1, "KER001"), (7, 6, 41, "KER101")]
    ker101 = result.diagnostics[1]
    assert ker101.format().startswith(f"{path}:cell 7:6:41: KER101 ")
    # The evidence is cited where the user sees it: cell 6, line 2.
    assert "to_categorical at cell 6, line 2" in ker101.message


def test_noqa_in_a_cell(tmp_path):
    cells = [("code", "import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='softmax')])  # noqa: KER102\n")]
    assert lint_file(str(notebook(tmp_path, cells))).diagnostics == []


def test_invalid_json_is_ker001_at_the_json_error(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text('{"cells": [\n  {"cell_type": "code",,}\n]}')
    (d,) = lint_file(str(path)).diagnostics
    assert (d.code, d.line, d.cell) == ("KER001", 2, None)
    assert "invalid notebook JSON" in d.message


def test_non_python_kernel_and_empty_notebooks_are_quiet(tmp_path):
    r_cells = [("code", "library(keras)\nmodel <- keras_model_sequential()\n")]
    assert lint_file(str(notebook(tmp_path, r_cells, language="R", name="r.ipynb"))).diagnostics == []
    assert lint_file(str(notebook(tmp_path, [], name="empty.ipynb"))).diagnostics == []
    path = tmp_path / "nocells.ipynb"
    path.write_text('{"metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    assert lint_file(str(path)).diagnostics == []


def test_not_a_notebook(tmp_path):
    path = tmp_path / "list.ipynb"
    path.write_text("[1, 2, 3]")
    (d,) = lint_file(str(path)).diagnostics
    assert d.code == "KER001" and "not a Jupyter notebook" in d.message


def test_directories_include_notebooks_and_inspect_reads_them(tmp_path):
    notebook(tmp_path, CELLS)
    result = CliRunner().invoke(main, [str(tmp_path)])
    assert result.exit_code == 1 and "nb.ipynb:cell 7:6:41: KER101" in result.stdout
    inspected = CliRunner().invoke(main, ["inspect", str(tmp_path / "nb.ipynb")])
    assert inspected.exit_code == 0
    assert "model 1: model (sequential, cell 7, line 2)" in inspected.output


IPYTHON_CELLS = [
    ("code", "!wget --no-check-certificate \\\n    https://example.org/data.zip \\\n    -O /tmp/data.zip\nimport tensorflow as tf\n"),
    ("code", "    x = 1\n    y = 2\n"),  # IPython dedents a cell whose every line is indented
    ("code", "tf.keras.Sequential?\n??tf.keras.Model\n"),
    ("code", "model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation='softmax')])\n"
             "model.compile(optimizer='adam', loss='binary_crossentropy')\n"),
    ("code", "%time model.fit_generator(batches, epochs=1)\n%timeit -n 1 model.predict(x)\n"),
]


def test_cells_ipython_accepts_are_understood(tmp_path):
    result = lint_file(str(notebook(tmp_path, IPYTHON_CELLS)))
    assert [(d.cell, d.line, d.code) for d in result.diagnostics] == [(4, 2, "KER101"), (5, 1, "KER501")]
