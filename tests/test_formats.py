"""Output formats, statistics and stdin."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from kerlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "train_reuters.py")


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_full_shows_source_and_caret():
    out = run(EXAMPLE, "--output-format", "full").stdout
    assert '34 |                   loss="binary_crossentropy",      # softmax wants categorical_crossentropy' in out
    caret_line = out.splitlines()[out.splitlines().index('34 |                   loss="binary_crossentropy",      # softmax wants categorical_crossentropy') + 1]
    assert caret_line.index("^") == len("34 | ") + 23


def test_full_shows_the_fix():
    out = run(EXAMPLE, "--output-format", "full").stdout
    assert "  = fix (--fix): `\"reuters.h5\"` -> `\"reuters.weights.h5\"`" in out


def test_json():
    items = json.loads(run(EXAMPLE, "--output-format", "json").stdout)
    assert [(i["code"], i["location"]["row"], i["location"]["column"]) for i in items] == [
        ("KER112", 30, 22), ("KER101", 34, 24), ("KER504", 45, 20)
    ]
    assert items[1]["severity"] == "error" and items[1]["name"] == "softmax-with-binary-crossentropy"


def test_sarif_validates_against_the_schema():
    schema = pytest.importorskip("pydantic_sarif.model")
    document = json.loads(run(EXAMPLE, "--output-format", "sarif").stdout)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = schema.StaticAnalysisResultsFormatSarifVersion210JsonSchema.parse_obj(document)
    run_ = report.runs[0]
    assert run_.tool.driver.name == "kerlint"
    assert {r.id for r in run_.tool.driver.rules} >= {"KER101", "KER112", "KER504"}
    assert "Why is this bad?" in document["runs"][0]["tool"]["driver"]["rules"][1]["fullDescription"]["text"]
    assert [r["ruleId"] for r in document["runs"][0]["results"]] == ["KER112", "KER101", "KER504"]


def test_github_annotations():
    out = run(EXAMPLE, "--output-format", "github").stdout.splitlines()
    assert out[1].startswith(f"::error title=kerlint (KER101),file={EXAMPLE},line=34,col=24::KER101 softmax output")
    assert out[0].startswith("::warning title=kerlint (KER112)")


def test_statistics():
    result = run(EXAMPLE, "--statistics")
    assert result.stdout.splitlines() == ["1\tKER101\tsoftmax-with-binary-crossentropy", "1\tKER112\tbottleneck-before-output", "1\tKER504\trejected-save-path"]
    assert result.exit_code == 1


def test_stdin_with_a_filename():
    source = Path(EXAMPLE).read_text()
    result = run("-", "--stdin-filename", "src/train.py", input=source)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("src/train.py:30:22: KER112")
    clean = run("-", input="import keras\n")
    assert clean.exit_code == 0 and clean.stdout == ""


def test_stdin_notebook():
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                           "source": ["import keras\n", "m = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"]}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    result = run("-", "--stdin-filename", "nb.ipynb", input=json.dumps(notebook))
    assert result.stdout.startswith("nb.ipynb:cell 1:2:")


def test_plain_output_when_not_a_terminal():
    assert "\x1b[" not in run(EXAMPLE).stdout
