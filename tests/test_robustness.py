"""The bad-input battery of issue 6 that tests/test_bad_input.py does not cover.

Line endings, tabs, a 5 MB file, expressions nested thousands deep, symlinks
that dangle or loop, and malformed notebooks. Each input must give a clear
KER001 or be linted normally: no exception escapes `lint_file`, no traceback
reaches the user, the rest of the run goes on, and the exit status is the
documented one (0 clean, 1 findings including KER001, 2 usage or internal
error). Every case goes through `lint_file` and through the command line
(click's CliRunner, or a real `python -m kerlint` process where a hang or a
crash of the process itself is what is being ruled out). Linting never
changes the linted file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kerlint.runner
from kerlint.cli import main
from kerlint.runner import lint_file, lint_text

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

# A model with one finding at a known place: KER102 at line 4, column 38.
MODEL = "import keras\n\nmodel = keras.Sequential([\n    keras.layers.Dense(1, activation='softmax'),\n])\n"
MODEL_FINDING = ("KER102", 4, 38)
CLEAN = "import keras\n\nmodel = keras.Sequential([\n    keras.layers.Dense(1, activation='sigmoid'),\n])\n"


# -- helpers --------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _private_result_cache(tmp_path, monkeypatch):
    """Keep kerlint's result cache (if this version has one) out of the repository and out of other tests."""
    monkeypatch.setenv("KERLINT_CACHE_DIR", str(tmp_path / "kerlint-cache"))


def found(result):
    """(code, line, col) of a FileResult's diagnostics, after checking no rule crashed."""
    assert not result.errors, "internal error:\n" + "\n".join(e.detail for e in result.errors)
    return [(d.code, d.line, d.col) for d in result.diagnostics]


def cli(*args):
    """Run the command line in-process; check that nothing but SystemExit escaped."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        tb = "".join(traceback.format_exception(*result.exc_info))
        pytest.fail(f"kerlint {' '.join(map(str, args))} raised:\n{tb}")
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    return result


def entry_point(*args, cwd=None, timeout=120):
    """Run the real entry point in its own process (a hang or a hard crash shows here)."""
    proc = subprocess.run(
        [sys.executable, "-m", "kerlint", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def stdout_codes(text):
    """The codes of `path:line:col: CODE message` lines (notebooks: `path:cell N:line:col: CODE`)."""
    codes = []
    for line in text.splitlines():
        head, _, rest = line.partition(": ")
        if rest[:3] == "KER":
            codes.append(rest.split()[0])
    return codes


def write(tmp_path, name, data):
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_bytes(data.encode("utf-8"))
    return path


def check_file_and_cli(path, expected, exit_code):
    """lint_file gives `expected` ((code, line, col) list), the CLI prints the same codes and exits `exit_code`.

    The file's bytes are the same afterwards.
    """
    before = Path(path).read_bytes() if Path(path).is_file() else None
    assert found(lint_file(str(path))) == expected
    result = cli(path)
    assert result.exit_code == exit_code, result.output + result.stderr
    assert stdout_codes(result.stdout) == [code for code, _, _ in expected]
    if before is not None:
        assert Path(path).read_bytes() == before, "linting changed the file"
    return result


# -- line endings ---------------------------------------------------------------


def _endings(text, kind):
    lines = text.split("\n")
    body, last = lines[:-1], lines[-1]
    if kind == "crlf":
        return "\r\n".join(body) + "\r\n" + last
    if kind == "cr":
        return "\r".join(body) + "\r" + last
    if kind == "mixed":  # LF, CRLF and CR in turn
        seps = ["\n", "\r\n", "\r"]
        return "".join(line + seps[i % 3] for i, line in enumerate(body)) + last
    if kind == "crlf-no-final-newline":
        return "\r\n".join(body)
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["crlf", "cr", "mixed", "crlf-no-final-newline"])
def test_line_endings_give_the_same_positions_as_lf(tmp_path, kind):
    path = write(tmp_path, "train.py", _endings(MODEL, kind))
    check_file_and_cli(path, [MODEL_FINDING], EXIT_FINDINGS)


@pytest.mark.parametrize("kind", ["crlf", "cr", "mixed"])
def test_line_endings_clean_file_exits_0(tmp_path, kind):
    path = write(tmp_path, "train.py", _endings(CLEAN, kind))
    check_file_and_cli(path, [], EXIT_CLEAN)


@pytest.mark.parametrize("kind", ["crlf", "cr", "mixed"])
def test_line_endings_inside_strings_and_continuations_count_as_lines(tmp_path, kind):
    text = 'import keras\nDOC = """one\ntwo\n"""\nX = 1 + \\\n    2\nmodel = keras.Sequential([keras.layers.Dense(1, activation="softmax")])\n'
    path = write(tmp_path, "train.py", _endings(text, kind))
    check_file_and_cli(path, [("KER102", 7, 60)], EXIT_FINDINGS)


@pytest.mark.parametrize("kind", ["crlf", "cr", "mixed"])
def test_line_endings_syntax_error_position(tmp_path, kind):
    path = write(tmp_path, "train.py", _endings("import keras\n\ndef f(:\n    pass\n", kind))
    check_file_and_cli(path, [("KER001", 3, 7)], EXIT_FINDINGS)


@pytest.mark.parametrize("kind", ["crlf", "cr", "mixed"])
def test_line_endings_noqa_still_applies(tmp_path, kind):
    # Regression: in CR-only files noqa comments were not seen (suppressions read lines ending at \n only).
    text = MODEL.replace("activation='softmax'),", "activation='softmax'),  # noqa: KER102")
    path = write(tmp_path, "train.py", _endings(text, kind))
    check_file_and_cli(path, [], EXIT_CLEAN)


@pytest.mark.parametrize("kind", ["crlf", "cr", "mixed"])
def test_line_endings_file_level_noqa_still_applies(tmp_path, kind):
    path = write(tmp_path, "train.py", _endings(MODEL + "# kerlint: noqa: KER102\n", kind))
    check_file_and_cli(path, [], EXIT_CLEAN)


def test_crlf_with_a_latin1_cookie(tmp_path):
    text = "#!/usr/bin/env python\r\n# -*- coding: latin-1 -*-\r\nname = 'caf\xe9'\r\n" + _endings(MODEL, "crlf")
    path = write(tmp_path, "train.py", text.encode("latin-1"))
    check_file_and_cli(path, [("KER102", 7, 38)], EXIT_FINDINGS)


def test_cr_only_file_with_a_latin1_cookie(tmp_path):
    text = "#!/usr/bin/env python\r# -*- coding: latin-1 -*-\rname = 'caf\xe9'\r" + _endings(MODEL, "cr")
    path = write(tmp_path, "train.py", text.encode("latin-1"))
    # Python accepts this file (universal newlines), so kerlint must lint it.
    proc = subprocess.run([sys.executable, str(path)], capture_output=True, text=True)
    assert "SyntaxError" not in proc.stderr
    check_file_and_cli(path, [("KER102", 7, 38)], EXIT_FINDINGS)




def test_utf8_first_line_longer_than_4kb(tmp_path):
    # A generated vocabulary on line 1; 'é' (2 bytes) starts at byte 4095.
    first = "VOCAB = ['" + "a" * (4095 - len("VOCAB = ['")) + "é']\n"
    assert first.encode().index("é".encode()) == 4095
    path = write(tmp_path, "train.py", first + MODEL)
    assert subprocess.run([sys.executable, "-c", f"compile(open({str(path)!r}, 'rb').read(), 'f', 'exec')"]).returncode == 0
    check_file_and_cli(path, [("KER102", 5, 38)], EXIT_FINDINGS)


def test_latin1_cookie_after_a_first_line_longer_than_4kb(tmp_path):
    data = b"#!/usr/bin/env python # " + b"x" * 5000 + b"\n# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n" + MODEL.encode()
    path = write(tmp_path, "train.py", data)
    assert subprocess.run([sys.executable, "-c", f"compile(open({str(path)!r}, 'rb').read(), 'f', 'exec')"]).returncode == 0
    check_file_and_cli(path, [("KER102", 7, 38)], EXIT_FINDINGS)


# -- tabs -------------------------------------------------------------------------


def test_tab_indentation_is_linted_and_a_tab_counts_as_one_column(tmp_path):
    path = write(tmp_path, "train.py", MODEL.replace("    ", "\t"))
    check_file_and_cli(path, [("KER102", 4, 35)], EXIT_FINDINGS)


def test_tabs_inside_a_line(tmp_path):
    text = "import keras\nmodel = keras.Sequential([\tkeras.layers.Dense(1,\tactivation='softmax')])\n"
    path = write(tmp_path, "train.py", text)
    check_file_and_cli(path, [("KER102", 2, 61)], EXIT_FINDINGS)


def test_tab_indented_factory_function(tmp_path):
    text = "import keras\n\ndef build():\n\tm = keras.Sequential([\n\t\tkeras.layers.Dense(1, activation='softmax'),\n\t])\n\treturn m\n\nmodel = build()\n"
    path = write(tmp_path, "train.py", text)
    check_file_and_cli(path, [("KER102", 5, 36)], EXIT_FINDINGS)


@pytest.mark.parametrize(
    "text",
    [
        "import keras\nif True:\n\tx = 1\n        y = 2\n",  # tab, then 8 spaces: inconsistent
        "import keras\nif True:\n    \tx = 1\n\ty = 2\n",
    ],
    ids=["tab-then-spaces", "spaces-tab-then-tab"],
)
def test_inconsistent_tabs_and_spaces_is_a_ker001(tmp_path, text):
    path = write(tmp_path, "train.py", text)
    result = lint_file(str(path))
    ((code, line, _),) = found(result)
    assert (code, line) == ("KER001", 4)
    assert "indent" in result.diagnostics[0].message or "tab" in result.diagnostics[0].message.lower()
    assert stdout_codes(cli(path).stdout) == ["KER001"]


def test_tabs_and_crlf_together(tmp_path):
    path = write(tmp_path, "train.py", _endings(MODEL.replace("    ", "\t"), "crlf"))
    check_file_and_cli(path, [("KER102", 4, 35)], EXIT_FINDINGS)


# -- a 5 MB generated file --------------------------------------------------------


def _generated_source(size, code_share=1_500_000):
    """A generated module as tools write them: two models with findings, ~1.5 MB of code
    (weight lists, vocabularies, helpers), then embedded data blobs up to `size`, and a
    last model with a finding at the very end (its position must still be right).

    All-code 5 MB files lint too, just slowly (about 45 s): see the figures in the note
    of issue 6; this mix keeps the suite fast while still parsing a 5 MB file.
    """
    import base64
    import random

    rng = random.Random(6)
    head = (
        "import keras\nimport numpy as np\n\nNUM_CLASSES = 46\nmodel = keras.Sequential([\n"
        "    keras.Input(shape=(1000,)),\n    keras.layers.Dense(4, activation='relu'),\n"
        "    keras.layers.Dense(NUM_CLASSES, activation='softmax'),\n])\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])\n"
    )
    parts = [head]
    total = len(head)
    i = 0
    while total < code_share:
        if i % 3 == 0:
            chunk = f"WEIGHTS_{i} = [" + ", ".join(f"{(i * k) % 997 / 997:.6f}" for k in range(40)) + "]\n"
        elif i % 3 == 1:
            chunk = f"def helper_{i}(x, scale={i}):\n    y = np.asarray(x) * scale + WEIGHTS_{i - 1}[0]\n    return keras.ops.relu(y)\n\n"
        else:
            chunk = f"VOCAB_{i} = {{'tok_{i}_a': {i}, 'tok_{i}_b': {i + 1}, 'tok_{i}_c': {i + 2}}}\n"
        parts.append(chunk)
        total += len(chunk)
        i += 1
    last = "last = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"
    i = 0
    while total + len(last) < size:
        chunk = f"BLOB_{i} = '" + base64.b64encode(rng.randbytes(750)).decode() + "'\n"
        parts.append(chunk)
        total += len(chunk)
        i += 1
    parts.append(last)
    return "".join(parts)


def test_a_5mb_generated_file_completes_and_reports_normally(tmp_path):
    """No timing assertion: it must finish and report what a small file would."""
    text = _generated_source(5 * 1024 * 1024 + 1000)
    path = write(tmp_path, "generated.py", text)
    assert path.stat().st_size > 5 * 1024 * 1024
    last_line = text.count("\n")
    expected = [("KER112", 7, 24), ("KER101", 10, 38), ("KER102", last_line, 59)]
    assert found(lint_file(str(path))) == expected
    result = cli(path)
    assert result.exit_code == EXIT_FINDINGS
    assert stdout_codes(result.stdout) == ["KER112", "KER101", "KER102"]
    assert f"{path}:{last_line}:59: KER102" in result.stdout
    assert path.read_bytes() == text.encode()


# -- expressions nested thousands deep ----------------------------------------------

# Each shape, at depth n, as the value of `X = ...` after a model with a known finding.
SHAPES = {
    "parentheses": lambda n: "(" * n + "1" + ")" * n,
    "lists": lambda n: "[" * n + "1" + "]" * n,
    "calls": lambda n: "f(" * n + "1" + ")" * n,
    "plus-chain": lambda n: " + ".join(["a"] * n),
    "power-chain": lambda n: "**".join(["2"] * n),
    "or-chain": lambda n: " or ".join(["a"] * n),
    "comparison-chain": lambda n: " < ".join(["a"] * n),
    "unary-minus": lambda n: "-" * n + "1",
    "not-chain": lambda n: "not " * n + "x",
    "attribute-chain": lambda n: "a" + ".b" * n,
    "subscript-chain": lambda n: "a" + "[0]" * n,
    "call-chain": lambda n: "a" + "()" * n,
    "method-chain": lambda n: "a" + ".f()" * n,
    "string-concatenation": lambda n: " ".join(["'a'"] * n),
    "nested-lambdas": lambda n: "lambda: " * n + "1",
    "conditional-chain": lambda n: "1 if a else " * n + "1",
}

# Regression: at 1000-2000 levels these once turned every finding of the file into an
# internal error (LibCST's code generation, used for the findings' positions, recursed
# past Python's stack limit in the rule that reported).
DEPTHS = (1000, 2000, 5000)


def _finding_or_ker001(diagnostics):
    codes = [(d.code, d.line, d.col) for d in diagnostics]
    assert MODEL_FINDING in codes or any(d.code == "KER001" for d in diagnostics), codes
    if any(d.code == "KER001" for d in diagnostics):
        (parse_error,) = [d for d in diagnostics if d.code == "KER001"]
        assert parse_error.message, "a KER001 says what is wrong"


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_deeply_nested_expression(tmp_path, shape, depth):
    text = MODEL + "X = " + SHAPES[shape](depth) + "\n"
    result = lint_text(text, "deep.py")
    assert not result.errors, f"internal error in {[e.where for e in result.errors]}"
    _finding_or_ker001(result.diagnostics)
    path = write(tmp_path, "deep.py", text)
    file_result = lint_file(str(path))
    assert not file_result.errors
    _finding_or_ker001(file_result.diagnostics)
    run = cli(path)
    assert run.exit_code == EXIT_FINDINGS, run.stderr
    assert "internal error" not in run.stderr


@pytest.mark.parametrize("shape", ["parentheses", "plus-chain", "attribute-chain", "method-chain", "or-chain"])
def test_deep_expression_without_findings_in_a_real_process(tmp_path, shape):
    """The native parser must never abort the process (a stack overflow is not an exception)."""
    path = write(tmp_path, "deep.py", "import keras\nX = " + SHAPES[shape](5000) + "\n")
    proc = entry_point(path)
    assert proc.returncode in (EXIT_CLEAN, EXIT_FINDINGS), proc.stderr
    assert set(stdout_codes(proc.stdout)) <= {"KER001"}


def test_brackets_just_under_pythons_limit_are_linted_normally(tmp_path):
    text = MODEL + "X = " + "(" * 190 + "1" + ")" * 190 + "\n"
    path = write(tmp_path, "deep.py", text)
    check_file_and_cli(path, [MODEL_FINDING], EXIT_FINDINGS)


def test_brackets_past_pythons_limit_are_a_ker001(tmp_path):
    path = write(tmp_path, "deep.py", MODEL + "X = " + "[" * 3000 + "]" * 3000 + "\n")
    result = lint_file(str(path))
    assert found(result) == [("KER001", 6, 205)]
    assert "too many nested parentheses" in result.diagnostics[0].message
    assert cli(path).exit_code == EXIT_FINDINGS


def _nested(keyword_line, depth, body):
    return "".join(" " * i + keyword_line.format(i=i) + "\n" for i in range(depth)) + " " * depth + body + "\n"


NESTED_BLOCKS = {
    "function-defs": "def f{i}():",
    "class-defs": "class C{i}:",
    "ifs": "if x:",
    "withs": "with x:",
    "fors": "for i in x:",
}


@pytest.mark.parametrize("kind", sorted(NESTED_BLOCKS))
def test_nested_blocks_at_pythons_indentation_limit_are_linted(tmp_path, kind):
    """99 nested blocks is the most Python accepts; the model at the bottom is still understood."""
    inner = "m = keras.Sequential([keras.layers.Dense(1, activation='softmax')])"
    text = "import keras\n" + _nested(NESTED_BLOCKS[kind], 99, inner)
    path = write(tmp_path, "deep.py", text)
    check_file_and_cli(path, [("KER102", 101, 99 + 56)], EXIT_FINDINGS)


def test_a_model_returned_from_99_nested_function_defs(tmp_path):
    inner = "return keras.Sequential([keras.layers.Dense(1, activation='softmax')])"
    text = "import keras\n" + _nested("def f{i}():", 99, inner) + "model = f0()\n"
    path = write(tmp_path, "deep.py", text)
    check_file_and_cli(path, [("KER102", 101, 99 + 59)], EXIT_FINDINGS)


@pytest.mark.parametrize("kind", sorted(NESTED_BLOCKS))
@pytest.mark.parametrize("depth", [1000, 5000])
def test_nested_blocks_thousands_deep_are_a_ker001(tmp_path, kind, depth):
    text = "import keras\n" + _nested(NESTED_BLOCKS[kind], depth, "pass")
    path = write(tmp_path, "deep.py", text)
    result = lint_file(str(path))
    assert found(result) == [("KER001", 102, 1)]
    assert "too many levels of indentation" in result.diagnostics[0].message
    assert cli(path).exit_code == EXIT_FINDINGS


def test_inspect_on_a_deep_expression_does_not_crash(tmp_path):
    path = write(tmp_path, "deep.py", MODEL + "X = " + SHAPES["plus-chain"](1000) + "\n")
    result = cli("inspect", path)
    assert result.exit_code in (EXIT_CLEAN, EXIT_FINDINGS)


def test_inspect_on_deep_brackets_is_a_ker001(tmp_path):
    path = write(tmp_path, "deep.py", MODEL + "X = " + SHAPES["parentheses"](5000) + "\n")
    result = cli("inspect", path)
    assert result.exit_code == EXIT_FINDINGS
    assert "KER001" in result.stdout


def test_an_internal_error_is_never_summarised_as_all_checks_passed(tmp_path, monkeypatch):
    import dataclasses

    def boom(program):
        raise RuntimeError("rule exploded")
        yield  # pragma: no cover

    rules = dict(kerlint.runner.rule_by_code())
    rules["KER102"] = dataclasses.replace(rules["KER102"], check=boom)
    monkeypatch.setattr(kerlint.runner, "rule_by_code", lambda: rules)
    path = write(tmp_path, "train.py", MODEL)
    result = CliRunner().invoke(main, [str(path)])
    assert result.exit_code == EXIT_ERROR
    assert "internal error in rule KER102" in result.stderr and "rule exploded" in result.stderr
    assert "All checks passed" not in result.stderr


# -- symlinks ------------------------------------------------------------------------


needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="POSIX symlinks")


def _tree_with(tmp_path, *links):
    root = tmp_path / "project"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "model.py").write_text(MODEL)
    for name, target in links:
        os.symlink(target, root / name)
    return root


@needs_symlinks
def test_broken_symlink_in_a_directory(tmp_path):
    root = _tree_with(tmp_path, ("dangling.py", "missing.py"), ("dangling.ipynb", "missing.ipynb"), ("gone", "nowhere"))
    result = lint_file(str(root / "dangling.py"))
    ((code, _, _),) = found(result)
    assert code == "KER001" and "cannot read" in result.diagnostics[0].message
    run = cli(root)
    assert run.exit_code == EXIT_FINDINGS
    lines = run.stdout.splitlines()
    assert [line.split(": ")[1].split()[0] for line in lines] == ["KER001", "KER001", "KER102"]
    assert lines[0].startswith(f"{root / 'dangling.ipynb'}:") and lines[1].startswith(f"{root / 'dangling.py'}:")
    assert lines[2].startswith(f"{root / 'sub' / 'model.py'}:4:38: KER102")
    proc = entry_point(root, timeout=60)
    assert proc.returncode == EXIT_FINDINGS and proc.stdout == run.stdout


@needs_symlinks
def test_directory_symlink_loops_do_not_hang_discovery(tmp_path):
    root = _tree_with(tmp_path, ("up", "."), ("sub/parent", ".."), ("sub/self", "."))
    proc = entry_point(root, timeout=60)
    assert proc.returncode == EXIT_FINDINGS, proc.stderr
    # The model is reported once, not once per path through the loop.
    assert proc.stdout.splitlines() == [f"{root / 'sub' / 'model.py'}:4:38: KER102 " + proc.stdout.split(" KER102 ", 1)[1].splitlines()[0]]
    assert stdout_codes(cli(root).stdout) == ["KER102"]


@needs_symlinks
def test_a_file_symlink_loop_is_a_ker001_for_lint_file(tmp_path):
    root = _tree_with(tmp_path, ("a.py", "b.py"), ("b.py", "a.py"), ("self.py", "self.py"))
    for name in ("a.py", "b.py", "self.py"):
        result = lint_file(str(root / name))
        ((code, _, _),) = found(result)
        assert code == "KER001" and "cannot read" in result.diagnostics[0].message


@needs_symlinks
def test_a_file_symlink_loop_in_a_directory(tmp_path):
    root = _tree_with(tmp_path, ("a.py", "b.py"), ("b.py", "a.py"), ("self.py", "self.py"))
    proc = entry_point(root, timeout=60)
    assert proc.returncode == EXIT_FINDINGS
    assert stdout_codes(proc.stdout) == ["KER001", "KER001", "KER001", "KER102"]
    assert stdout_codes(cli(root).stdout) == ["KER001", "KER001", "KER001", "KER102"]


@needs_symlinks
def test_a_file_symlink_loop_named_on_the_command_line(tmp_path):
    root = _tree_with(tmp_path, ("self.py", "self.py"))
    proc = entry_point(root / "self.py", root / "sub" / "model.py", timeout=60)
    assert proc.returncode == EXIT_FINDINGS
    assert stdout_codes(proc.stdout) == ["KER001", "KER102"]


# -- notebooks -----------------------------------------------------------------------


NB_MODEL = "import keras\nmodel = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"


def _code_cell(source):
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}


def _notebook(cells, metadata=None, **extra):
    data = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
        if metadata is None
        else metadata,
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    data.update(extra)
    return json.dumps(data, indent=1).encode()


def check_notebook(tmp_path, data, expected, exit_code, name="nb.ipynb"):
    """lint_file: (code, cell, line) triples; CLI: the same codes and the exit status; the file untouched."""
    path = write(tmp_path, name, data)
    result = lint_file(str(path))
    assert not result.errors
    assert [(d.code, d.cell, d.line) for d in result.diagnostics] == expected
    run = cli(path)
    assert run.exit_code == exit_code, run.stdout + run.stderr
    assert stdout_codes(run.stdout) == [code for code, _, _ in expected]
    assert path.read_bytes() == data
    return result, run


@pytest.mark.parametrize(
    "data, position",
    [
        (b'{"cells": [', (1, 12)),
        (b"not json at all", (1, 1)),
        (b"", (1, 1)),
        (b'{\n "cells": [],\n "metadata": {,}\n}', (3, 15)),
        (_notebook([_code_cell(NB_MODEL)])[:-40], None),  # truncated mid-file
    ],
    ids=["unterminated", "not-json", "empty-file", "stray-comma", "truncated"],
)
def test_notebook_with_invalid_json(tmp_path, data, position):
    if position is None:  # where the decoder gives up
        with pytest.raises(json.JSONDecodeError) as err:
            json.loads(data)
        position = (err.value.lineno, err.value.colno)
    result, _ = check_notebook(tmp_path, data, [("KER001", None, position[0])], EXIT_FINDINGS)
    assert "JSON" in result.diagnostics[0].message
    assert (result.diagnostics[0].line, result.diagnostics[0].col) == position


@pytest.mark.parametrize("data", [b"[]", b"null", b'"cells"', b"42", b'{"cells": {}}', b'{"cells": null}'], ids=str)
def test_json_that_is_not_a_notebook(tmp_path, data):
    result, _ = check_notebook(tmp_path, data, [("KER001", None, 1)], EXIT_FINDINGS)
    assert "not a Jupyter notebook" in result.diagnostics[0].message


@pytest.mark.parametrize(
    "metadata",
    [
        {"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}},
        {"language_info": {"name": "R"}},
        {"kernelspec": {"name": "julia-1.9", "language": "julia", "display_name": "Julia"}},
        {"kernelspec": {"name": "bash", "language": "bash", "display_name": "Bash"}},
    ],
    ids=["R-kernelspec", "R-language-info", "julia", "bash"],
)
def test_non_python_kernel_is_skipped(tmp_path, metadata):
    """Code that would be a Python finding (or a Python syntax error) is not read in another language."""
    cells = [_code_cell("library(keras)\nmodel <- keras_model_sequential()\n"), _code_cell(NB_MODEL)]
    check_notebook(tmp_path, _notebook(cells, metadata), [], EXIT_CLEAN)


def test_magics_and_shell_escapes(tmp_path):
    cells = [
        _code_cell("%pip install keras\n!nvidia-smi\n%matplotlib inline\nfiles = !ls -la\nx = %env HOME\n%cd /tmp\n"),
        _code_cell("%%bash\necho not python\nfor i in 1 2; do echo $i; done\n"),
        _code_cell("%%writefile helper.py\ndef broken(:\n"),
        _code_cell("!pip install \\\n    tensorflow \\\n    keras\n" + NB_MODEL),
        _code_cell("%%time\nimport keras\nother = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"),
        _code_cell("model.fit?\n??model\n%timeit model.predict(x)\n"),
        _code_cell("IS_COLAB = False\nif IS_COLAB:\n    !pip install keras\n    %cd /content\n"),
        _code_cell("%%capture\n!ls\n"),
    ]
    check_notebook(tmp_path, _notebook(cells), [("KER102", 4, 5), ("KER102", 5, 3)], EXIT_FINDINGS)


@pytest.mark.parametrize(
    "data",
    [
        _notebook([]),
        json.dumps({"metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode(),
        _notebook([{"cell_type": "markdown", "metadata": {}, "source": "# only text"}]),
        _notebook([_code_cell(""), _code_cell([]), _code_cell("\n\n   \n")]),
        b"{}",
    ],
    ids=["empty-cells-list", "no-cells-key", "markdown-only", "empty-code-cells", "empty-object"],
)
def test_notebook_with_no_code(tmp_path, data):
    check_notebook(tmp_path, data, [], EXIT_CLEAN)


@pytest.mark.parametrize(
    "source",
    [NB_MODEL, NB_MODEL.splitlines(True), [NB_MODEL], ["import keras\n", "", "model = keras.Sequential(", "[keras.layers.Dense(1, activation='softmax')])\n"]],
    ids=["string", "list-of-lines", "list-of-one", "list-split-mid-line"],
)
def test_cell_source_as_a_string_or_a_list(tmp_path, source):
    check_notebook(tmp_path, _notebook([_code_cell(source)]), [("KER102", 1, 2)], EXIT_FINDINGS)


@pytest.mark.parametrize("source", [None, 42, {"text": NB_MODEL}, ["import keras\n", 7, None]], ids=["null", "number", "object", "list-with-junk"])
def test_cell_source_of_the_wrong_type_is_not_a_crash(tmp_path, source):
    cells = [_code_cell(source), _code_cell(NB_MODEL)]
    check_notebook(tmp_path, _notebook(cells), [("KER102", 2, 2)], EXIT_FINDINGS)


def test_cells_that_are_not_objects_are_skipped(tmp_path):
    cells = ["a string", 5, None, [], {"source": NB_MODEL}, _code_cell(NB_MODEL)]
    check_notebook(tmp_path, _notebook(cells), [("KER102", 6, 2)], EXIT_FINDINGS)


@pytest.mark.parametrize("kind", ["crlf", "cr", "tabs"])
def test_notebook_cells_with_crlf_cr_or_tabs(tmp_path, kind):
    source = "import keras\ndef build():\n    return keras.Sequential([keras.layers.Dense(1, activation='softmax')])\nmodel = build()\n"
    source = source.replace("    ", "\t") if kind == "tabs" else _endings(source, kind)
    check_notebook(tmp_path, _notebook([_code_cell(source)]), [("KER102", 1, 3)], EXIT_FINDINGS)


def _invalid_utf8_notebook():
    """A notebook whose second cell holds a raw 0xff byte inside its JSON string (line 9 of the file)."""
    good = _notebook([_code_cell(NB_MODEL), _code_cell("x = 'PLACEHOLDER'\n")])
    assert good.count(b"PLACEHOLDER") == 1
    return good.replace(b"PLACEHOLDER", b"caf\xff")


def test_a_cell_that_is_not_valid_utf8_is_a_ker001(tmp_path):
    data = _invalid_utf8_notebook()
    path = write(tmp_path, "nb.ipynb", data)
    result = lint_file(str(path))
    ((code, _, _),) = found(result)
    assert code == "KER001"
    assert "UTF-8" in result.diagnostics[0].message and "0xff" in result.diagnostics[0].message
    run = cli(path)
    assert run.exit_code == EXIT_FINDINGS and stdout_codes(run.stdout) == ["KER001"]
    assert path.read_bytes() == data


def result_line_of(data, needle):
    offset = data.index(needle)
    return data.count(b"\n", 0, offset) + 1, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def test_invalid_utf8_in_a_notebook_points_at_the_byte(tmp_path):
    data = _invalid_utf8_notebook()
    path = write(tmp_path, "nb.ipynb", data)
    (diagnostic,) = lint_file(str(path)).diagnostics
    assert (diagnostic.line, diagnostic.col) == result_line_of(data, b"\xff")


def test_a_cell_with_a_lone_surrogate_gets_a_truthful_ker001(tmp_path):
    data = b'{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": "x = \'\\ud800\'\\n"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    path = write(tmp_path, "nb.ipynb", data)
    result = lint_file(str(path))
    ((code, cell, _),) = [(d.code, d.cell, d.line) for d in result.diagnostics]
    assert (code, cell) == ("KER001", 1)
    assert "nested" not in result.diagnostics[0].message


def test_notebook_with_a_bom_and_a_python2_cell(tmp_path):
    data = b"\xef\xbb\xbf" + _notebook([_code_cell('print "x"\n'), _code_cell(NB_MODEL)])
    check_notebook(tmp_path, data, [("KER001", 1, 1), ("KER102", 2, 2)], EXIT_FINDINGS)


def test_notebook_in_utf16_is_a_ker001(tmp_path):
    data = _notebook([_code_cell(NB_MODEL)]).decode().encode("utf-16")
    result, _ = check_notebook(tmp_path, data, [("KER001", None, 1)], EXIT_FINDINGS)
    assert "UTF-8" in result.diagnostics[0].message


@pytest.mark.parametrize(
    "metadata",
    [
        pytest.param({"kernelspec": "python3"}, id="kernelspec-string"),
        pytest.param({"language_info": "python"}, id="language-info-string"),
        pytest.param("python", id="metadata-string"),
        pytest.param(["python"], id="metadata-list"),
        pytest.param({"kernelspec": None, "language_info": None}, id="nulls"),
        pytest.param({"kernelspec": {"language": None}}, id="language-null"),
    ],
)
def test_malformed_notebook_metadata(tmp_path, metadata):
    data = _notebook([_code_cell(NB_MODEL)], metadata)
    path = write(tmp_path, "nb.ipynb", data)
    result = lint_file(str(path))
    assert not result.errors
    assert [d.code for d in result.diagnostics] in (["KER102"], ["KER001"], [])
    run = cli(path)
    assert run.exit_code in (EXIT_CLEAN, EXIT_FINDINGS)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="deep-array"),
        pytest.param(b'{"cells": [' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_000 + b"]}", id="deep-objects-in-cells"),
        pytest.param(b'{"cells": [], "nbformat": ' + b"9" * 5000 + b"}", id="5000-digit-number"),
    ],
)
def test_hostile_json_is_a_ker001(tmp_path, data):
    path = write(tmp_path, "nb.ipynb", data)
    result = lint_file(str(path))
    assert [d.code for d in result.diagnostics] == ["KER001"] and not result.errors
    assert cli(path).exit_code == EXIT_FINDINGS


def test_notebook_with_nbformat3_worksheets_is_not_a_crash(tmp_path):
    data = json.dumps({"metadata": {}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": [{"cell_type": "code", "input": NB_MODEL, "language": "python"}]}]}).encode()
    path = write(tmp_path, "nb.ipynb", data)
    assert not lint_file(str(path)).errors
    assert cli(path).exit_code in (EXIT_CLEAN, EXIT_FINDINGS)


# -- everything at once: the run goes on -----------------------------------------------


def test_the_whole_battery_in_one_directory(tmp_path):
    """Every bad input of the battery side by side: each reported, the good file too, exit 1."""
    root = tmp_path / "project"
    root.mkdir()
    files = {
        "a_crlf.py": _endings(MODEL, "crlf").encode(),
        "b_cr.py": _endings(MODEL, "cr").encode(),
        "c_mixed.py": _endings(MODEL, "mixed").encode(),
        "d_tabs.py": MODEL.replace("    ", "\t").encode(),
        "e_taberror.py": b"if True:\n\tx = 1\n        y = 2\n",
        "f_deep_brackets.py": ("X = " + "(" * 5000 + ")" * 5000 + "\n").encode(),
        "g_deep_plus.py": ("X = " + " + ".join(["a"] * 5000) + "\n").encode(),
        "h_deep_defs.py": _nested("def f{i}():", 1000, "pass").encode(),
        "i_invalid_json.ipynb": b'{"cells": [',
        "j_r_kernel.ipynb": _notebook([_code_cell("x <- 1\n")], {"kernelspec": {"language": "R"}}),
        "k_magics.ipynb": _notebook([_code_cell("%pip install x\n!ls\n" + NB_MODEL)]),
        "l_no_cells.ipynb": _notebook([]),
        "m_list_source.ipynb": _notebook([_code_cell(NB_MODEL.splitlines(True))]),
        "n_bad_utf8.ipynb": _invalid_utf8_notebook(),
        "o_clean.py": CLEAN.encode(),
        "r_deep_plus_with_model.py": (MODEL + "X = " + " + ".join(["a"] * 1000) + "\n").encode(),
        "s_kernelspec_string.ipynb": _notebook([_code_cell(NB_MODEL)], {"kernelspec": "python3"}),
        "t_deep_json.ipynb": b"[" * 100_000 + b"]" * 100_000,
        "u_huge_number.ipynb": b'{"cells": [], "nbformat": ' + b"9" * 5000 + b"}",
        "v_cr_latin1.py": ("# -*- coding: latin-1 -*-\rname = 'caf\xe9'\r" + _endings(MODEL, "cr")).encode("latin-1"),
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    links = 0
    if hasattr(os, "symlink"):
        os.symlink("missing.py", root / "p_dangling.py")
        os.symlink(".", root / "q_loop_dir")
        os.symlink("w_loop_b.py", root / "w_loop_a.py")
        os.symlink("w_loop_a.py", root / "w_loop_b.py")
        links = 3
    proc = entry_point(root, timeout=300)
    assert proc.returncode == EXIT_FINDINGS, proc.stderr
    reported = {Path(line.split(":", 1)[0]).name: line.split(": ")[1].split()[0] for line in proc.stdout.splitlines()}
    expected = {
        "a_crlf.py": "KER102",
        "b_cr.py": "KER102",
        "c_mixed.py": "KER102",
        "d_tabs.py": "KER102",
        "e_taberror.py": "KER001",
        "f_deep_brackets.py": "KER001",
        "g_deep_plus.py": "KER001",
        "h_deep_defs.py": "KER001",
        "i_invalid_json.ipynb": "KER001",
        "k_magics.ipynb": "KER102",
        "m_list_source.ipynb": "KER102",
        "n_bad_utf8.ipynb": "KER001",
        "r_deep_plus_with_model.py": "KER102",
        "s_kernelspec_string.ipynb": "KER102",
        "t_deep_json.ipynb": "KER001",
        "u_huge_number.ipynb": "KER001",
        "v_cr_latin1.py": "KER102",
    }
    if links:
        expected.update({"p_dangling.py": "KER001", "w_loop_a.py": "KER001", "w_loop_b.py": "KER001"})
    assert reported == expected
    files_checked = len(files) + links
    assert f"of {files_checked} files" in proc.stderr
    for name, data in files.items():
        assert (root / name).read_bytes() == data
