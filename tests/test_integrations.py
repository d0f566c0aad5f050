"""kerlint inside the tools people already run: flake8 and pre-commit, driven for real."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUGGY = (
    "from tensorflow import keras\n"
    "model = keras.Sequential([keras.layers.Dense(10, activation='softmax')])\n"
    "model.compile(optimizer='adam', loss='binary_crossentropy')  # a comment\n"
)
CLEAN = "from tensorflow import keras\nmodel = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])\n"


def test_flake8_reports_kerlint_findings(tmp_path):
    pytest.importorskip("flake8")
    (tmp_path / "train.py").write_text(BUGGY)
    (tmp_path / "clean.py").write_text(CLEAN)
    proc = subprocess.run([sys.executable, "-m", "flake8", "--select", "KER", "train.py", "clean.py"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == [
        "train.py:3:38: KER101 softmax output (Dense, 10 units) trained with binary_crossentropy; for 10 single-label classes "
        "use categorical_crossentropy (one-hot labels) or sparse_categorical_crossentropy (integer labels), "
        "or a sigmoid output if several labels can be on at once"
    ]


def test_flake8_noqa_applies(tmp_path):
    pytest.importorskip("flake8")
    (tmp_path / "train.py").write_text(BUGGY.replace("# a comment", "# noqa: KER101"))
    proc = subprocess.run([sys.executable, "-m", "flake8", "--select", "KER", "train.py"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout == ""


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_pre_commit_hook_fails_on_a_buggy_file_and_passes_on_a_clean_one(tmp_path):
    pytest.importorskip("pre_commit")
    repo = tmp_path / "project"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "train.py").write_text(BUGGY)
    (repo / "clean.py").write_text(CLEAN)
    _git(repo, "add", ".")
    env_home = tmp_path / "cache"

    def try_repo(*files):
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "kerlint", "--files", *files],
            cwd=repo, capture_output=True, text=True, env={**__import__("os").environ, "PRE_COMMIT_HOME": str(env_home)},
            timeout=900,
        )

    failing = try_repo("train.py")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "KER101" in failing.stdout
    passing = try_repo("clean.py")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_pre_commit_fix_hook_rewrites_the_file(tmp_path):
    pytest.importorskip("pre_commit")
    repo = tmp_path / "project"
    repo.mkdir()
    _git(repo, "init", "-q")
    script = "from tensorflow import keras\nopt = keras.optimizers.Adam(lr=0.01)\n"
    (repo / "train.py").write_text(script)
    _git(repo, "add", ".")
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "kerlint-fix", "--files", "train.py"],
        cwd=repo, capture_output=True, text=True, timeout=900,
        env={**__import__("os").environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")},
    )
    assert proc.returncode == 1  # pre-commit fails a hook that modified files
    assert "files were modified by this hook" in proc.stdout
    assert (repo / "train.py").read_text() == script.replace("lr=", "learning_rate=")
