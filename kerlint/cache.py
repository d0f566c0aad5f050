"""Results cached by file content, kerlint version and the settings that shape them.

A re-run on an unchanged tree reads one small JSON per file instead of
parsing. The key is a hash of: kerlint's version, the selected codes, the
target Keras, whether the file is a notebook, and the file's bytes; the
path is not part of it (moving a file keeps its entry; the path is put back
into the findings on the way out). Results with an internal error are never
stored. Entries are written atomically, so parallel runs cannot corrupt them.

Location: $KERLINT_CACHE_DIR, else `.kerlint_cache` in the project root (where
the pyproject.toml with [tool.kerlint] is, or the current directory), like
ruff's `.ruff_cache`; `--no-cache` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, replace
from pathlib import Path
from typing import Optional

from kerlint import __version__
from kerlint.diagnostics import Diagnostic, Edit

_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is a cache made by kerlint.\n"


class Cache:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    @staticmethod
    def location(project_root: Path) -> Path:
        override = os.environ.get("KERLINT_CACHE_DIR")
        return Path(override) if override else project_root / ".kerlint_cache"

    def key(self, data: bytes, path: str, codes, target: str) -> str:
        digest = hashlib.sha256()
        for part in (__version__, ",".join(sorted(codes)), target, "nb" if path.endswith(".ipynb") else "py"):
            digest.update(part.encode() + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.directory / __version__ / key[:2] / f"{key}.json"

    def get(self, key: str, path: str) -> Optional[list]:
        try:
            items = json.loads(self._file(key).read_text(encoding="utf-8"))
            return [
                replace(Diagnostic(**{**item, "fix": ()}), path=path, fix=tuple(Edit(**edit) for edit in item["fix"]))
                for item in items
            ]
        except (OSError, ValueError, TypeError, KeyError):
            return None  # a missing or damaged entry is a miss

    def put(self, key: str, diagnostics: list) -> None:
        target = self._file(key)
        try:
            self._prepare()
            target.parent.mkdir(parents=True, exist_ok=True)
            items = [{**asdict(d), "fix": [asdict(e) for e in d.fix]} for d in diagnostics]
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(items, out)
            os.replace(temporary, target)
        except OSError:
            pass  # a read-only or full disk costs speed, never a result

    def _prepare(self) -> None:
        if (self.directory / "CACHEDIR.TAG").exists():
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "CACHEDIR.TAG").write_text(_TAG)
        (self.directory / ".gitignore").write_text("# Automatically created by kerlint.\n*\n")
