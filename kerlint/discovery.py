"""Which files a run looks at: the paths given, recursing into directories."""

from __future__ import annotations

import os
from typing import Iterator

# Never worth linting: version control, virtualenvs, build output and caches.
SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        ".venv",
        "venv",
        ".env",
        "env",
        "__pycache__",
        "build",
        "dist",
        ".eggs",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".kerlint_cache",
        ".ipynb_checkpoints",
        "node_modules",
        "site-packages",
        ".hypothesis",
    }
)
EXTENSIONS = (".py", ".ipynb")


def _is_virtualenv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def discover(paths: list[str]) -> Iterator[str]:
    """Files to lint, in a stable order. A path named explicitly is always linted."""
    seen: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(
                    d for d in dirs if d not in SKIPPED_DIRECTORIES and not d.endswith(".egg-info") and not _is_virtualenv(os.path.join(root, d))
                )
                found.extend(os.path.join(root, f) for f in files if f.endswith(EXTENSIONS))
            for file in sorted(found):
                if file not in seen:
                    seen.add(file)
                    yield file
        elif path not in seen:
            seen.add(path)
            yield path
