"""The command line as users and CI meet it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kerlint import __version__
from kerlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "train_reuters.py"
BUGGY = "import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"
CLEAN = "import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])\n"


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.output.strip() == f"kerlint {__version__}"


def test_findings_exit_1_with_flake8_lines(tmp_path):
    f = tmp_path / "train.py"
    f.write_text(BUGGY)
    result = run(str(f))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{f}:2:56: KER102 Dense(1, activation='softmax'): softmax over a single unit always outputs 1.0 "
        "and cannot learn; use activation='sigmoid' for a binary output (or no activation for a regression)"
    ]
    assert "Found 1 problem" in result.stderr


def test_clean_exit_0(tmp_path):
    f = tmp_path / "train.py"
    f.write_text(CLEAN)
    result = run("check", str(f))
    assert result.exit_code == 0 and result.stdout == ""
    assert "All checks passed" in result.stderr


def test_directories_recurse_and_skip_virtualenvs_and_caches(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "train.py").write_text(BUGGY)
    for skipped in (".git", "build", "__pycache__", "node_modules"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "x.py").write_text(BUGGY)
    venv = tmp_path / "myenv"
    venv.mkdir()
    (venv / "pyvenv.cfg").write_text("home = /usr\n")
    (venv / "y.py").write_text(BUGGY)
    (tmp_path / "notes.txt").write_text(BUGGY)
    result = run(str(tmp_path))
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [str(tmp_path / "src" / "train.py")]


def test_select_and_ignore(tmp_path):
    f = tmp_path / "train.py"
    f.write_text(BUGGY)
    assert run("--ignore", "KER1", str(f)).exit_code == 0
    assert run("--select", "KER101", str(f)).exit_code == 0
    assert run("--select", "KER1", "--ignore", "KER10", str(f)).exit_code == 0
    assert run("--select", "KER102", str(f)).exit_code == 1
    assert run("--exit-zero", str(f)).exit_code == 0


def test_usage_errors_exit_2(tmp_path):
    assert run("--select", "KER999", str(tmp_path)).exit_code == 2
    assert run("--no-such-option").exit_code == 2
    assert run(str(tmp_path / "missing.py")).exit_code == 2
    assert run("explain", "KER999").exit_code == 2


def test_rules_lists_every_rule():
    result = run("rules")
    assert result.exit_code == 0
    assert "KER101" in result.output and "softmax-with-binary-crossentropy" in result.output
    assert "KER115" in result.output


def test_explain_shows_docs_and_examples():
    result = run("explain", "ker101")
    assert result.exit_code == 0
    assert "## Why is this bad?" in result.output
    assert "## Example" in result.output and "## Use instead" in result.output
    assert "# <- KER101" in result.output and "expect:" not in result.output


def test_inspect_shows_layers_compile_task_and_evidence():
    result = run("inspect", str(EXAMPLE))
    assert result.exit_code == 0
    out = result.output
    assert "model 1: model (sequential" in out
    assert "Dense(46, activation='softmax')" in out
    assert 'compile (line 33): loss "binary_crossentropy"; metrics accuracy' in out
    assert "task: multiclass, 46 classes (from labels: " in out
    assert "to_categorical at line 23" in out


def test_entry_point_runs_as_a_real_process():
    proc = subprocess.run([sys.executable, "-m", "kerlint", str(EXAMPLE)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "KER101" in proc.stdout and "KER112" in proc.stdout and "KER504" in proc.stdout
    assert "Found 3 problems" in proc.stderr


def test_kerlint_never_imports_tensorflow():
    code = "import sys, kerlint.cli, kerlint.runner; kerlint.runner.lint_file(sys.argv[1]); print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False False"


def test_inspect_tells_the_data_story():
    out = run("inspect", str(ROOT / "tests" / "fixtures" / "clean_boston_kfold_functional.py")).output
    assert "x: boston_housing train inputs (line 12) -> shifted: (train_data - mean) (line 16)" in out
    assert "-> sliced: train_data[:i * num_val_samples] (line 39) -> slices joined" in out
    assert "evaluation: hold-out: validation_data=(val_data, val_targets); inside a loop (line 34: range(k))" in out
    assert "x: boston_housing test inputs (line 12) -> shifted: (test_data - mean) (line 17) -> divided" in out
    raw = run("inspect", str(ROOT / "tests" / "fixtures" / "buggy_cifar10_raw_pixels.py")).output
    assert "-> not scaled" in raw
