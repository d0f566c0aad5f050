"""Same findings with any number of jobs, cache cold or warm; the warm run really reads the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kerlint import batch
from kerlint.cli import main
from kerlint.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = frozenset(r.code for r in all_rules() if r.default)


@pytest.fixture
def tree(tmp_path):
    shutil.copytree(ROOT / "tests" / "fixtures", tmp_path / "tree")
    return tmp_path / "tree"


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_output_is_identical_across_jobs_and_cache_states(tree, tmp_path, monkeypatch):
    monkeypatch.setenv("KERLINT_CACHE_DIR", str(tmp_path / "cache"))
    one = run(str(tree), "-j", "1", "--no-cache")
    two = run(str(tree), "-j", "2", "--no-cache")
    cold = run(str(tree), "-j", "2")
    warm = run(str(tree), "-j", "1")
    assert one.stdout and one.exit_code == 1
    assert one.stdout == two.stdout == cold.stdout == warm.stdout
    assert len(list((tmp_path / "cache").rglob("*.json"))) == len(list(tree.glob("*.py")))


def test_a_warm_run_does_not_analyse_again(tree, tmp_path, monkeypatch):
    files = sorted(str(p) for p in tree.glob("*.py"))
    cold = list(batch.lint_many(files, lambda p: DEFAULT, "3", 1, str(tmp_path / "cache")))

    def must_not_run(*args, **kwargs):
        raise AssertionError("analysed although cached")

    monkeypatch.setattr(batch, "lint_bytes", must_not_run)
    warm = list(batch.lint_many(files, lambda p: DEFAULT, "3", 1, str(tmp_path / "cache")))
    assert [r.diagnostics for r in warm] == [r.diagnostics for r in cold]


def test_content_version_settings_and_damage_are_misses(tmp_path, monkeypatch):
    path = tmp_path / "train.py"
    path.write_text("import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n")
    cache = str(tmp_path / "cache")
    assert [d.code for d in batch.lint_one(str(path), DEFAULT, "3", cache, False).diagnostics] == ["KER102"]
    calls = []
    original = batch.lint_bytes
    monkeypatch.setattr(batch, "lint_bytes", lambda *a, **k: calls.append(a[1]) or original(*a, **k))
    batch.lint_one(str(path), DEFAULT, "3", cache, False)
    assert calls == []  # hit
    batch.lint_one(str(path), DEFAULT - {"KER102"}, "3", cache, False)
    batch.lint_one(str(path), DEFAULT, "2", cache, False)
    path.write_text(path.read_text() + "# changed\n")
    batch.lint_one(str(path), DEFAULT, "3", cache, False)
    assert len(calls) == 3  # other codes, other target, other content
    for entry in Path(cache).rglob("*.json"):
        entry.write_text("{ damaged")
    assert [d.code for d in batch.lint_one(str(path), DEFAULT, "3", cache, False).diagnostics] == ["KER102"]


def test_no_cache_writes_nothing_and_the_cache_ignores_itself(tree, tmp_path, monkeypatch):
    monkeypatch.setenv("KERLINT_CACHE_DIR", str(tmp_path / "cache"))
    run(str(tree), "--no-cache")
    assert not (tmp_path / "cache").exists()
    run(str(tree))
    assert (tmp_path / "cache" / "CACHEDIR.TAG").exists()
    assert (tmp_path / "cache" / ".gitignore").read_text().strip().endswith("*")


def test_a_warm_run_loads_neither_the_analysis_nor_libcst(tree, tmp_path):
    # The import of LibCST and of the rules is most of what a cached run would cost.
    import os
    import re
    import subprocess
    import sys

    env = {**os.environ, "KERLINT_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-X", "importtime", "-m", "kerlint", str(tree)]
    cold = subprocess.run(command, env=env, capture_output=True, text=True)
    warm = subprocess.run(command, env=env, capture_output=True, text=True)
    assert cold.stdout == warm.stdout and cold.returncode == warm.returncode == 1
    libcst = re.compile(r"\|\s+libcst$", re.MULTILINE)
    assert libcst.search(cold.stderr) and "kerlint.analysis.program" in cold.stderr
    assert not libcst.search(warm.stderr) and "kerlint.analysis.program" not in warm.stderr
