"""flake8 plugin: `flake8 --select KER train.py` reports kerlint's findings.

Registered under the `KER` prefix (pyproject.toml, entry point group
`flake8.extension`), so editor set-ups that already run flake8 show kerlint's
findings unchanged. flake8 does the selection and `# noqa` handling itself;
kerlint's default rules and its `target-keras` setting (from
`[tool.kerlint]`) decide what is checked.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from kerlint import __version__


class KerlintChecker:
    name = "kerlint"
    version = __version__

    def __init__(self, tree, filename: str, lines: list) -> None:
        # `tree` is requested only so that flake8 runs this once per file.
        self.filename = filename
        self.lines = lines

    def run(self) -> Iterator[tuple]:
        from kerlint import config
        from kerlint.registry import all_rules
        from kerlint.runner import lint_text

        target = "3"
        try:
            start = Path(os.path.abspath(self.filename)) if self.filename not in ("-", "stdin") else Path.cwd()
            settings = config.load(config.find_pyproject(start), {r.code for r in all_rules()})
            target = settings.target_keras
        except (config.ConfigError, OSError):
            pass  # a broken kerlint config is reported by kerlint itself, not inside flake8
        result = lint_text("".join(self.lines), self.filename, target=target)
        for d in result.diagnostics:
            yield d.line, d.col - 1, f"{d.code} {d.message}", type(self)
