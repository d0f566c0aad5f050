"""Fuzzing: kerlint never crashes, whatever program it is given.

Two sources of programs:

(a) programs generated from the Python grammar by hypothesmith (skipped when
    hypothesmith is not installed): `from_grammar()` (any text the grammar
    derives, most of it valid Python) and `from_node()` (LibCST-built trees,
    always valid), each alone or spliced into a Keras script so that the
    model analysis and the rules have something to chew on;
(b) the real Keras scripts of tests/fixtures/ and examples/, mutated: tokens
    and lines deleted, duplicated, swapped, moved, or replaced by another
    token of the same script.

For every program: `lint_text` never raises, reports no internal error
(`result.errors` is empty: a rule that raises is a bug even when it is
caught and reported), and positions are inside the file; for every program
that parses, `kerlint.inspection.render` (what `kerlint inspect` prints)
never raises either.

The example counts are bounded for CI. A long run is opt-in:

    KERLINT_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py --hypothesis-show-statistics

sets every fuzz test here to that many examples.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from kerlint import sources
from kerlint.inspection import render
from kerlint.registry import all_rules
from kerlint.runner import lint_text

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted([*(ROOT / "tests" / "fixtures").glob("*.py"), *(ROOT / "examples").glob("*.py")])
TEXTS = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in SCRIPTS}
ALL_CODES = frozenset(r.code for r in all_rules())

_LONG_RUN = int(os.environ.get("KERLINT_FUZZ_EXAMPLES", "0") or 0)


def fuzz_settings(ci_examples: int):
    """`ci_examples` in CI; KERLINT_FUZZ_EXAMPLES=N for a long run."""
    return settings(
        max_examples=_LONG_RUN or ci_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# -- the property ------------------------------------------------------------------


# Bugs the fuzzers found are pinned by deterministic tests below (fixed ones stay as regressions).
# While one is open, the fuzzers count its internal errors as a hypothesis event
# (see --hypothesis-show-statistics) instead of failing on them again, so that
# they go on looking for new ones. Remove the entry with the fix.
KNOWN_BUGS: dict = {}


def _unknown(errors) -> list:
    left = []
    for error in errors:
        bug = next((name for name, matches in KNOWN_BUGS.items() if matches(error.detail)), None)
        if bug is None:
            left.append(error)
        else:
            _event(f"known bug: {bug}")
    return left


def _event(message: str) -> None:
    """hypothesis.event, which may only be called inside a hypothesis test."""
    from hypothesis.control import currently_in_test_context

    if currently_in_test_context():
        event(message)


def assert_never_crashes(text: str, path: str = "fuzz.py", target: str = "3", codes=None) -> None:
    try:
        result = lint_text(text, path, codes, target=target)
    except Exception as err:  # noqa: BLE001 - the point is to show it
        raise AssertionError(f"lint_text raised {type(err).__name__}: {err}") from err
    errors = _unknown(result.errors)
    assert not errors, "internal error(s):\n" + "\n".join(f"[{e.where}]\n{e.detail}" for e in errors)
    n_lines = max(1, len(text.splitlines()))
    for d in result.diagnostics:
        assert 1 <= d.line <= n_lines + 1 and d.col >= 1, f"position outside the file: {d}"
    try:
        module = sources.parse(text)
    except sources.SourceError:
        _event("does not parse: KER001")
        assert any(d.code == "KER001" for d in result.diagnostics) or (codes is not None and "KER001" not in codes)
        return
    _event("parses: linted and inspected")
    try:
        render(module, path)
    except Exception as err:  # noqa: BLE001
        raise AssertionError(f"inspection.render raised {type(err).__name__}: {err}") from err


def test_the_scripts_to_mutate_are_there_and_lint_cleanly():
    assert len(TEXTS) >= 10, sorted(TEXTS)
    for path, text in TEXTS.items():
        assert_never_crashes(text, path, codes=ALL_CODES)


# -- (a) programs from the Python grammar ---------------------------------------------

KERAS_HEAD = (
    "import keras\nfrom keras import layers\n\nNUM_CLASSES = 10\n"
    "model = keras.Sequential([layers.Dense(64, activation='relu'), layers.Dense(NUM_CLASSES, activation='softmax')])\n"
    "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])\n"
)
KERAS_TAIL = "model.fit(x_train, keras.utils.to_categorical(y_train, NUM_CLASSES), epochs=3)\nmodel.summary()\n"


def _splice(program: str, where: str) -> str:
    if where == "alone":
        return program
    if where == "after-a-model":
        return KERAS_HEAD + program + ("\n" if program and not program.endswith(("\n", "\r")) else "") + KERAS_TAIL
    return program + ("\n" if program and not program.endswith(("\n", "\r")) else "") + KERAS_HEAD + KERAS_TAIL


SPLICES = st.sampled_from(["alone", "after-a-model", "before-a-model"])


try:
    import hypothesmith as _hypothesmith
except ImportError:  # the fixture below skips the two tests that need it
    _hypothesmith = None

# Built once: building hypothesmith's grammar strategy is what costs, not drawing from it.
GRAMMAR_PROGRAMS = _hypothesmith.from_grammar() if _hypothesmith else st.just("")
LIBCST_PROGRAMS = _hypothesmith.from_node() if _hypothesmith else st.just("")


@pytest.fixture(scope="module")
def hypothesmith():
    return pytest.importorskip("hypothesmith", reason="pip install hypothesmith to fuzz with grammar-generated programs")


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles what it generates
@fuzz_settings(ci_examples=150)
@given(program=GRAMMAR_PROGRAMS, where=SPLICES, target=st.sampled_from(["3", "2"]))
def test_grammar_generated_programs_never_crash(hypothesmith, program, where, target):
    text = _splice(program, where)
    note(f"text = {text!r}")
    assert_never_crashes(text, target=target, codes=ALL_CODES)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@fuzz_settings(ci_examples=20)
@given(program=LIBCST_PROGRAMS, where=SPLICES)
def test_libcst_generated_programs_never_crash(hypothesmith, program, where):
    text = _splice(program, where)
    note(f"text = {text!r}")
    assert_never_crashes(text, codes=ALL_CODES)


# -- (b) mutated real Keras scripts ----------------------------------------------------

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def _tokens(text: str) -> list:
    units = _TOKEN.findall(text)
    assert "".join(units) == text
    return units


def _lines(text: str) -> list:
    return text.splitlines(keepends=True)


OPS = ["delete", "duplicate", "swap", "move", "replace"]


@st.composite
def mutants(draw):
    """(script name, mutated text): 1 to 8 edits on tokens or lines of a real script."""
    name = draw(st.sampled_from(sorted(TEXTS)), label="script")
    text = TEXTS[name]
    for _ in range(draw(st.integers(1, 8), label="edits")):
        level = draw(st.sampled_from(["token", "word", "line"]))
        units = _lines(text) if level == "line" else _tokens(text)
        if level == "word":  # replace a name or number by another of the script: mostly still parses
            words = [i for i, u in enumerate(units) if re.fullmatch(r"\w+", u)]
            if len(words) < 2:
                continue
            i = draw(st.sampled_from(words))
            j = draw(st.sampled_from(words))
            units[i] = units[j]
            text = "".join(units)
            continue
        if not units:
            continue
        op = draw(st.sampled_from(OPS))
        i = draw(st.integers(0, len(units) - 1))
        j = draw(st.integers(0, len(units) - 1))
        if op == "delete":
            del units[i]
        elif op == "duplicate":
            units.insert(i, units[i])
        elif op == "swap":
            units[i], units[j] = units[j], units[i]
        elif op == "move":
            units.insert(j, units.pop(i))
        else:
            units[i] = units[j]
        text = "".join(units)
    return name, text


@fuzz_settings(ci_examples=200)
@given(mutant=mutants(), target=st.sampled_from(["3", "2"]))
def test_mutated_keras_scripts_never_crash(mutant, target):
    name, text = mutant
    note(f"mutant of {name}: {text!r}")
    assert_never_crashes(text, name, target=target, codes=ALL_CODES)


@fuzz_settings(ci_examples=50)
@given(mutant=mutants())
def test_mutated_keras_scripts_default_rules_and_noqa(mutant):
    """The default selection, with suppression comments sprinkled in (the noqa pass runs only on findings)."""
    name, text = mutant
    lines = text.splitlines(keepends=True)
    text = "".join(line.rstrip("\r\n") + "  # noqa: KER1\n" if i % 3 == 0 and line.strip() else line for i, line in enumerate(lines))
    note(f"mutant of {name}: {text!r}")
    assert_never_crashes(text, name)


@fuzz_settings(ci_examples=50)
@given(mutant=mutants(), data=st.data())
def test_mutated_scripts_as_notebook_cells_never_crash(mutant, data):
    """The same mutants cut into notebook cells (magics among them): lint_bytes on the .ipynb never raises."""
    import json

    from kerlint.runner import lint_bytes

    name, text = mutant
    lines = text.splitlines(keepends=True)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(lines)), max_size=6), label="cell boundaries"))
    cells, start = [], 0
    for cut in [*cuts, len(lines)]:
        cells.append("".join(lines[start:cut]))
        start = cut
    if data.draw(st.booleans(), label="magics"):
        cells.insert(data.draw(st.integers(0, len(cells))), "%pip install keras\n!nvidia-smi\n")
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": c.splitlines(True)} for c in cells],
        "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    note(f"cells = {cells!r}")
    try:
        result = lint_bytes(json.dumps(notebook).encode(), name.replace(".py", ".ipynb"), ALL_CODES)
    except Exception as err:  # noqa: BLE001
        raise AssertionError(f"lint_bytes raised {type(err).__name__}: {err}") from err
    errors = _unknown(result.errors)
    assert not errors, "\n".join(e.detail for e in errors)
    for d in result.diagnostics:
        assert d.cell is None or 1 <= d.cell <= len(notebook["cells"]), d


# -- bugs the fuzzers found, pinned ------------------------------------------------------


def test_init_calling_its_own_method_is_not_an_internal_error():
    text = (
        "import keras\nfrom keras import layers\n\n\nclass Net(keras.Model):\n    def __init__(self):\n"
        "        super().__init__()\n        self.build_layers()\n\n    def build_layers(self):\n"
        "        self.hidden = layers.Dense(64, activation='relu')\n        self.out = layers.Dense(10, activation='softmax')\n\n"
        "    def call(self, x):\n        return self.out(self.hidden(x))\n\n\nmodel = Net()\n"
        "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n"
    )
    result = lint_text(text, "net.py")
    assert not result.errors, result.errors[0].detail
