"""Every rule's own examples are tests: BAD must fire where marked, GOOD must stay silent."""

from __future__ import annotations

import inspect

import pytest

from expectations import actual_findings, expected_findings
from kerlint.registry import all_rules
from kerlint.runner import lint_text

ALL_CODES = [r.code for r in all_rules()]
EXAMPLES = [
    pytest.param(rule, kind, index, id=f"{rule.code}-{kind}{index}")
    for rule in all_rules()
    for kind in ("bad", "good")
    for index in range(len(getattr(rule, kind)))
]


@pytest.mark.parametrize("rule, kind, index", EXAMPLES)
def test_example(rule, kind, index):
    code = inspect.cleandoc(getattr(rule, kind)[index]) + "\n"
    result = lint_text(code, f"{rule.code}_{kind}{index}.py", ALL_CODES, target=rule.examples_target)
    assert not result.errors, result.errors
    if kind == "bad":
        expected = expected_findings(code)
        assert any(c == rule.code for _, c in expected), "a BAD example must mark its own rule"
        assert actual_findings(result.diagnostics) == expected, [d.format() for d in result.diagnostics]
    else:
        assert actual_findings(result.diagnostics) == [], [d.format() for d in result.diagnostics]
