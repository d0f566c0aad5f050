"""The README's commands and rule table stay true."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    command = ci[-1]
    assert command in readme


def test_rule_table_is_current():
    table = subprocess.run([sys.executable, str(ROOT / "scripts" / "rule_table.py")], capture_output=True, text=True, check=True).stdout.strip()
    assert table in (ROOT / "README.md").read_text()
