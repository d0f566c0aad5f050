"""The README's rule table, from the rules themselves (tests/test_readme.py keeps them equal).

    python scripts/rule_table.py          # print it
    python scripts/rule_table.py --write  # rewrite it in README.md, between its markers
"""

import re
import sys
from pathlib import Path

from kerlint.registry import all_rules

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- rules:start[^\n]*-->\n)(.*?)(\n<!-- rules:end -->)", re.S)


def table() -> str:
    rows = ["| code | name | severity | default | what it reports |", "|---|---|---|---|---|"]
    for rule in all_rules():
        rows.append(f"| {rule.code} | {rule.name} | {rule.severity} | {'on' if rule.default else 'off'} | {rule.summary} |")
    return "\n".join(rows)


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        README.write_text(BLOCK.sub(lambda m: m.group(1) + table() + m.group(3), README.read_text()))
    else:
        print(table())
