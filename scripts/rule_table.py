"""Print the README's rule table from the rules themselves (tests/test_readme.py keeps them equal)."""

from kerlint.registry import all_rules


def table() -> str:
    rows = ["| code | name | severity | default | what it reports |", "|---|---|---|---|---|"]
    for rule in all_rules():
        rows.append(f"| {rule.code} | {rule.name} | {rule.severity} | {'on' if rule.default else 'off'} | {rule.summary} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(table())
