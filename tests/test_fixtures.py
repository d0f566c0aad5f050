"""Whole realistic scripts: the findings must be exactly the `# expect:` markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from expectations import actual_findings, expected_findings
from kerlint.runner import lint_file

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.py"))


def test_there_are_clean_and_buggy_fixtures():
    names = [f.name for f in FIXTURES]
    assert any(n.startswith("clean_") for n in names) and any(n.startswith("buggy_") for n in names)


def _target(text: str) -> str:
    """A fixture written for tf.keras 2.15 says so in a `# kerlint-test: target-keras=2` line."""
    return "2" if "# kerlint-test: target-keras=2" in text else "3"


@pytest.mark.parametrize("path", FIXTURES, ids=[f.name for f in FIXTURES])
def test_fixture(path):
    result = lint_file(str(path), target=_target(path.read_text(encoding="utf-8")))
    assert not result.errors, result.errors
    expected = expected_findings(path.read_text(encoding="utf-8"))
    if path.name.startswith("clean_"):
        assert expected == [], "a clean fixture carries no markers"
    assert actual_findings(result.diagnostics) == expected, "\n".join(d.format() for d in result.diagnostics)
