"""`kerlint explain CODE`: a rule's documentation followed by its examples."""

from __future__ import annotations

import inspect
import re

from kerlint.registry import SEVERITIES, Rule

_EXPECT = re.compile(r"\s*# expect: ([A-Z0-9, ]+)$")


def example_for_display(code: str) -> str:
    """The example as a user would write it, with `# expect:` markers shown as arrows."""
    lines = []
    for line in inspect.cleandoc(code).splitlines():
        match = _EXPECT.search(line)
        lines.append(_EXPECT.sub(lambda m: f"  # <- {m.group(1).strip()}", line) if match else line)
    return "\n".join(lines)


def render(rule: Rule) -> str:
    default = "on by default" if rule.default else "off by default (enable with --select)"
    parts = [f"{rule.code} {rule.name} ({SEVERITIES[rule.severity]}, {default})", "", inspect.cleandoc(rule.doc)]
    if rule.examples_target != "3":
        parts += ["", f"(The examples are checked with --target-keras {rule.examples_target}.)"]
    if rule.bad:
        parts += ["", "## Example", "```python", example_for_display(rule.bad[0]), "```"]
    if rule.good:
        parts += ["", "## Use instead", "```python", example_for_display(rule.good[0]), "```"]
    return "\n".join(parts)
