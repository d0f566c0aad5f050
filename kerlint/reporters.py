"""Output formats: concise (flake8 lines), full, json, sarif, github; and --statistics.

Each reporter takes the FileResults of a run and returns the text to print.
Colour comes from click.style, which click.echo strips when stdout is not a
terminal, so pipes and CI logs get plain text.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Iterable

import click

from kerlint import __version__
from kerlint.registry import SEVERITIES, all_rules, rule_index

_SARIF_LEVEL = {"E": "error", "W": "warning", "I": "note"}
_GITHUB_LEVEL = {"E": "error", "W": "warning", "I": "notice"}
DOCS_URL = "https://github.com/kerlint/kerlint/blob/main/README.md#rules"


def _diagnostics(results: Iterable) -> list:
    return [d for result in results for d in result.diagnostics]


def concise(results: list) -> str:
    lines = []
    for d in _diagnostics(results):
        location = click.style(d.location, bold=True)
        code = click.style(d.code, fg="red" if d.severity == "E" else "yellow", bold=True)
        fixable = click.style(" [*]", fg="cyan") if d.fix and d.cell is None else ""
        lines.append(f"{location}: {code}{fixable} {d.message}")
    return "\n".join(lines)


def full(results: list) -> str:
    blocks = []
    for result in results:
        for d in result.diagnostics:
            head = f"{click.style(d.location, bold=True)}: {click.style(d.code, fg='red', bold=True)} {d.message}"
            source = result.source_line(d)
            if source is None:
                blocks.append(head)
                continue
            gutter = " " * len(str(d.line))
            caret = " " * (d.col - 1) + click.style("^", fg="red", bold=True)
            block = f"{head}\n{gutter} |\n{d.line} | {source}\n{gutter} | {caret}"
            if d.fix and d.cell is None:
                changes = ", ".join(f"`{e.old}` -> `{e.new}`" for e in d.fix)
                block += f"\n{gutter} = {click.style('fix', fg='cyan', bold=True)} (--fix): {changes}"
            blocks.append(block)
    return "\n\n".join(blocks)


def as_json(results: list) -> str:
    items = [
        {
            "code": d.code,
            "name": d.rule_name,
            "severity": SEVERITIES.get(d.severity, d.severity),
            "message": d.message,
            "filename": d.path,
            "cell": d.cell,
            "location": {"row": d.line, "column": d.col},
            "fix": [{"row": e.line, "column": e.col, "old": e.old, "new": e.new} for e in d.fix] or None,
        }
        for d in _diagnostics(results)
    ]
    return json.dumps(items, indent=2)


def sarif(results: list) -> str:
    """SARIF 2.1.0, with every rule and its documentation in tool.driver.rules."""
    rules = list(all_rules())
    index = {rule.code: i for i, rule in enumerate(rules)}
    driver_rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.doc.strip()},
            "help": {"text": rule.doc.strip(), "markdown": rule.doc.strip()},
            "helpUri": DOCS_URL,
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity], "enabled": rule.default},
        }
        for rule in rules
    ]
    sarif_results = []
    for d in _diagnostics(results):
        result = {
            "ruleId": d.code,
            "level": _SARIF_LEVEL.get(d.severity, "warning"),
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.path.replace("\\", "/")},
                        "region": {"startLine": d.line, "startColumn": d.col},
                    }
                }
            ],
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        if d.cell is not None:
            result["properties"] = {"cell": d.cell}
        sarif_results.append(result)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "kerlint", "version": __version__, "informationUri": DOCS_URL, "rules": driver_rules}},
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(document, indent=2)


def github(results: list) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    lines = []
    for d in _diagnostics(results):
        level = _GITHUB_LEVEL.get(d.severity, "warning")
        where = f" (cell {d.cell})" if d.cell is not None else ""
        message = f"{d.message}{where}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines.append(f"::{level} title=kerlint ({d.code}),file={d.path},line={d.line},col={d.col}::{d.code} {message}")
    return "\n".join(lines)


def statistics(results: list) -> str:
    counts = Counter(d.code for d in _diagnostics(results))
    by_code = {r.code: r for r in rule_index()}
    width = max((len(str(n)) for n in counts.values()), default=1)
    lines = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        name = by_code[code].name if code in by_code else ""
        lines.append(f"{count:>{width}}\t{code}\t{name}")
    return "\n".join(lines)


REPORTERS = {"concise": concise, "full": full, "json": as_json, "sarif": sarif, "github": github}
