"""Which files a run looks at: the paths given, recursing into directories."""

from __future__ import annotations

import os
from typing import Callable, Iterator, Optional

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


def _default_excluded(path: str) -> bool:
    name = os.path.basename(path)
    return name in SKIPPED_DIRECTORIES or name.endswith(".egg-info")


def discover(paths: list, is_excluded: Optional[Callable[[str], bool]] = None) -> Iterator[str]:
    """Files to lint, in a stable order. A path named explicitly is always linted.

    `is_excluded` (from the settings' exclude patterns) prunes directories and
    files found by walking; virtualenvs are always skipped.
    """
    excluded = is_excluded or _default_excluded
    seen: set = set()
    for path in paths:
        if os.path.isdir(path):
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(
                    d for d in dirs if not excluded(os.path.join(root, d)) and not _is_virtualenv(os.path.join(root, d))
                )
                found.extend(os.path.join(root, f) for f in files if f.endswith(EXTENSIONS) and not excluded(os.path.join(root, f)))
            for file in sorted(found):
                if file not in seen:
                    seen.add(file)
                    yield file
        elif path not in seen:
            seen.add(path)
            yield path
