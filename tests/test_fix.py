"""--fix and --diff: safe, idempotent, byte-preserving, atomic."""

from __future__ import annotations

import codecs
import os

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kerlint import fixes
from kerlint.cli import main
from kerlint.diagnostics import Diagnostic, Edit
from kerlint.runner import FileResult

SCRIPT = (
    "# -*- coding: utf-8 -*-\n"
    "from tensorflow import keras\n"
    "model = keras.Sequential([keras.layers.Dense(1, input_shape=(4,))])\n"
    "model.compile(optimizer=keras.optimizers.Adam(lr=0.001), loss='mse')  # café\n"
    "model.fit_generator(batches, nb_epoch=3)\n"
    "model.save_weights('final.h5')\n"
)
FIXED = (
    "# -*- coding: utf-8 -*-\n"
    "from tensorflow import keras\n"
    "model = keras.Sequential([keras.layers.Dense(1, input_shape=(4,))])\n"
    "model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss='mse')  # café\n"
    "model.fit(batches, epochs=3)\n"
    "model.save_weights('final.weights.h5')\n"
)


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_fix_rewrites_and_reports_what_remains(tmp_path):
    path = tmp_path / "train.py"
    path.write_text(SCRIPT, encoding="utf-8")
    result = run(str(path), "--fix")
    assert path.read_text(encoding="utf-8") == FIXED
    assert "Fixed 4 problems." in result.stderr
    assert result.exit_code == 0 and result.stdout == ""
    again = run(str(path), "--fix")
    assert path.read_text(encoding="utf-8") == FIXED and "Fixed" not in again.stderr


def test_fixable_findings_are_marked():
    path_result = run("-", "--stdin-filename", "t.py")
    assert path_result.exit_code == 0
    out = CliRunner().invoke(main, ["-", "--stdin-filename", "t.py"], input=SCRIPT)
    assert out.stdout.count("[*]") == 4
    assert "4 fixable with --fix [*]." in out.stderr
    assert "KER501 [*] nb_epoch= was removed" in out.stdout


def test_diff_changes_nothing(tmp_path):
    path = tmp_path / "train.py"
    path.write_text(SCRIPT, encoding="utf-8")
    before = os.stat(path).st_mtime_ns
    result = run(str(path), "--diff")
    assert result.exit_code == 1
    assert "\n-model.fit_generator(batches, nb_epoch=3)\n" in result.stdout
    assert "\n+model.fit(batches, epochs=3)\n" in result.stdout
    assert path.read_text(encoding="utf-8") == SCRIPT and os.stat(path).st_mtime_ns == before


@pytest.mark.parametrize(
    "encoding, bom, newline",
    [("utf-8", False, "\r\n"), ("utf-8", True, "\n"), ("latin-1", False, "\n")],
)
def test_encoding_bom_and_line_endings_are_kept(tmp_path, encoding, bom, newline):
    text = SCRIPT.replace("utf-8", encoding).replace("\n", newline)
    expected = FIXED.replace("utf-8", encoding).replace("\n", newline)
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode(encoding)
    path = tmp_path / "train.py"
    path.write_bytes(data)
    os.chmod(path, 0o640)
    run(str(path), "--fix")
    assert path.read_bytes() == (codecs.BOM_UTF8 if bom else b"") + expected.encode(encoding)
    assert os.stat(path).st_mode & 0o777 == 0o640


def test_edits_that_no_longer_match_or_overlap_are_skipped():
    text = "abc = lr\n"
    new, count = fixes.apply_edits(text, [Edit(1, 7, "lr", "learning_rate"), Edit(1, 1, "xyz", "q"), Edit(1, 8, "r", "R")])
    assert (new, count) == ("abc = learning_rate\n", 1)


def test_a_fix_that_would_not_parse_is_not_written(tmp_path, monkeypatch):
    path = tmp_path / "train.py"
    path.write_text("x = 1\n")
    broken = Diagnostic(str(path), 1, 1, "KER501", "m", fix=(Edit(1, 1, "x", "def"),))
    monkeypatch.setattr(fixes, "lint_text", lambda *a, **k: FileResult(str(path), [broken]))
    outcome = fixes.fix_text("x = 1\n", str(path))
    assert not outcome.changed and outcome.applied == 0


def test_a_failed_write_leaves_the_original_intact(tmp_path, monkeypatch):
    path = tmp_path / "train.py"
    path.write_text(SCRIPT)

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        fixes.write_atomically(str(path), FIXED, "utf-8", False)
    assert path.read_text() == SCRIPT
    assert [p.name for p in tmp_path.iterdir()] == ["train.py"]


FIXABLE_LINES = [
    "opt = keras.optimizers.Adam(lr=0.01)\n",
    "model.fit(x, y, nb_epoch=2)\n",
    "model.fit_generator(gen, steps_per_epoch=3)\n",
    "model.save_weights('w{}.h5')\n",
    "layer = keras.layers.Dense(output_dim=3, init='uniform')\n",
    "data -= data.std(axis=0)\n",
    "scaled = (data - data.mean()) - data.std()\n",
]
PLAIN_LINES = ["x = 1\n", "# a comment with lr=0.1\n", "print('nb_epoch=2')\n", "y = [1,\n     2]\n"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(range(len(FIXABLE_LINES) + len(PLAIN_LINES))), min_size=1, max_size=12))
def test_fix_property_parses_idempotent_and_local(choices):
    lines = ["from tensorflow import keras\n", "model = keras.Sequential([keras.layers.Dense(1, input_shape=(4,))])\n"]
    for i, choice in enumerate(choices):
        pool = FIXABLE_LINES + PLAIN_LINES
        lines.append(pool[choice].replace("{}", str(i)))
    text = "".join(lines)
    outcome = fixes.fix_text(text, "t.py")
    fixes_sources = __import__("kerlint.sources", fromlist=["parse"])
    fixes_sources.parse(outcome.fixed)  # the fixed file parses
    assert fixes.fix_text(outcome.fixed, "t.py").fixed == outcome.fixed  # a second pass changes nothing
    # lines without a fixable construct are byte-for-byte the same
    fixed_lines = outcome.fixed.splitlines(keepends=True)
    assert len(fixed_lines) == len(text.splitlines(keepends=True))
    for before, after in zip(text.splitlines(keepends=True), fixed_lines):
        if not any(token in before for token in ("lr=", "nb_epoch", "fit_generator", ".h5", "output_dim", "init=", ".std(")) or before.startswith(("#", "print")):
            assert before == after
