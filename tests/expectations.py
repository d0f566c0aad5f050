"""`# expect: KER101` markers: the findings a piece of code must produce, by line."""

from __future__ import annotations

import re

EXPECT = re.compile(r"#\s*expect:\s*([A-Z0-9,\s]+?)\s*$")


def expected_findings(text: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        match = EXPECT.search(line)
        if match:
            for code in match.group(1).replace(",", " ").split():
                found.append((number, code))
    return sorted(found)


def actual_findings(diagnostics) -> list[tuple[int, str]]:
    return sorted((d.line, d.code) for d in diagnostics)
