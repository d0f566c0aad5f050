"""The rule catalogue itself: unique codes, complete docs, examples on both sides."""

from __future__ import annotations

import re

from kerlint.registry import ENGINE_CODES, SEVERITIES, all_rules, selected

SECTIONS = ["## What it does", "## Why is this bad?", "## Fix safety", "## References"]


def test_codes_are_unique_and_well_formed():
    codes = [r.code for r in all_rules()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"KER\d{3}", c) for c in codes)
    names = [r.name for r in all_rules()]
    assert len(names) == len(set(names))


def test_every_rule_is_documented_with_examples():
    for rule in all_rules():
        assert rule.severity in SEVERITIES, rule.code
        for section in SECTIONS:
            assert section in rule.doc, f"{rule.code} lacks {section}"
        assert rule.bad and rule.good, f"{rule.code} needs bad and good examples"
        assert (rule.check is None) == (rule.code in ENGINE_CODES), rule.code


def test_issue_two_rules_are_all_shipped():
    codes = {r.code for r in all_rules()}
    expected = {"KER001", *(f"KER1{n:02d}" for n in range(1, 14)), "KER115"}
    assert expected <= codes


def test_selection_prefixes_and_ignore():
    codes = ["KER001", "KER101", "KER102", "KER113"]
    assert selected(codes, ["KER1"], []) == {"KER101", "KER102", "KER113"}
    assert selected(codes, ["KER1"], ["KER102"]) == {"KER101", "KER113"}
    # The more specific selector wins over a broader ignore.
    assert selected(codes, ["KER101"], ["KER1"]) == {"KER101"}
    assert selected(codes, None, ["KER10"]) == {"KER001", "KER113"}
    assert selected(codes, ["ALL"], ["KER001"]) == {"KER101", "KER102", "KER113"}


def test_the_rule_index_read_without_imports_matches_the_rules():
    from kerlint.registry import all_rules, rule_index

    assert [(r.code, r.name, r.severity, r.default) for r in rule_index()] == [
        (r.code, r.name, r.severity, r.default) for r in all_rules()
    ]
