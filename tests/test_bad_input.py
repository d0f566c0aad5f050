"""Bad input gets a precise KER001 and the run goes on; never a traceback."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from kerlint.cli import main
from kerlint.runner import lint_file, lint_text


def ker001(path):
    result = lint_file(str(path))
    assert not result.errors
    return [(d.line, d.col, d.message) for d in result.diagnostics if d.code == "KER001"]


def test_syntax_error_position_comes_from_python(tmp_path):
    f = tmp_path / "a.py"
    f.write_text("import keras\n\ndef f(:\n    pass\n")
    ((line, col, message),) = ker001(f)
    assert (line, col) == (3, 7)
    assert message.startswith("syntax error")


def test_python2_print(tmp_path):
    f = tmp_path / "a.py"
    f.write_text('print "hello"\n')
    ((line, col, message),) = ker001(f)
    assert line == 1 and "syntax error" in message


def test_invalid_utf8_points_at_the_byte(tmp_path):
    f = tmp_path / "a.py"
    f.write_bytes(b"x = 1\ny = '\xff'\n")
    ((line, col, message),) = ker001(f)
    assert (line, col) == (2, 6)
    assert "0xff" in message


def test_latin1_with_cookie_is_fine(tmp_path):
    f = tmp_path / "a.py"
    f.write_bytes("# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n".encode("latin-1"))
    assert ker001(f) == []


def test_bom_is_fine(tmp_path):
    f = tmp_path / "a.py"
    f.write_bytes(b"\xef\xbb\xbfimport keras\n")
    assert ker001(f) == []


def test_unknown_encoding_cookie(tmp_path):
    f = tmp_path / "a.py"
    f.write_bytes(b"# coding: klingon\nx = 1\n")
    ((line, _, message),) = ker001(f)
    assert "klingon" in message


def test_nul_byte(tmp_path):
    f = tmp_path / "a.py"
    f.write_bytes(b"x = 1\ny = 2\x00\n")
    ((line, col, message),) = ker001(f)
    assert (line, col) == (2, 6) and "NUL" in message


def test_directory_named_like_a_file(tmp_path):
    d = tmp_path / "x.py"
    d.mkdir()
    ((_, _, message),) = ker001(d)
    assert "directory" in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    f = tmp_path / "a.py"
    f.write_text("x = 1\n")
    f.chmod(0)
    ((_, _, message),) = ker001(f)
    assert "cannot read" in message


def test_empty_and_comment_only_files_are_clean():
    assert lint_text("", "a.py").diagnostics == []
    assert lint_text("# nothing here\n", "a.py").diagnostics == []


def test_deep_nesting_is_a_diagnostic_not_a_crash():
    code = "x = " + "(" * 3000 + "1" + ")" * 3000 + "\n"
    result = lint_text(code, "deep.py")
    assert not result.errors
    assert [d.code for d in result.diagnostics] in ([], ["KER001"])


def test_run_goes_on_after_a_bad_file(tmp_path):
    (tmp_path / "a_bad.py").write_text("def f(:\n")
    (tmp_path / "b_model.py").write_text(
        "import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"
    )
    result = CliRunner().invoke(main, [str(tmp_path)])
    assert result.exit_code == 1
    codes = [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()]
    assert codes == ["KER001", "KER102"]
    assert "Traceback" not in result.output
