"""Settings from `[tool.kerlint]` in pyproject.toml, validated, then overridden by the CLI.

The file is found as ruff finds its own: the closest pyproject.toml with a
`[tool.kerlint]` table, walking up from the first linted path (or the current
directory). It is read as TOML data only: nothing in it is ever evaluated.

    [tool.kerlint]
    select = ["KER1", "KER5"]        # replaces the default selection
    extend-select = ["KER404"]       # adds to it
    ignore = ["KER113"]
    per-file-ignores = {"notebooks/*.ipynb" = ["KER507"]}
    exclude = [...]                  # replaces the default excludes
    extend-exclude = ["legacy/"]     # adds to them
    target-keras = "3"               # or "2"
    output-format = "concise"        # full | json | sarif | github
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.9/3.10
    import tomli as tomllib

from kerlint.discovery import SKIPPED_DIRECTORIES

OUTPUT_FORMATS = ("concise", "full", "json", "sarif", "github")
TARGETS = ("3", "2")


class ConfigError(Exception):
    """A configuration the user must fix: the message names the file and the key."""


@dataclass
class Settings:
    select: Optional[list] = None  # None: the default rules
    extend_select: list = field(default_factory=list)
    ignore: list = field(default_factory=list)
    per_file_ignores: dict = field(default_factory=dict)  # glob -> [codes]
    exclude: list = field(default_factory=lambda: sorted(SKIPPED_DIRECTORIES))
    extend_exclude: list = field(default_factory=list)
    target_keras: str = "3"
    output_format: str = "concise"
    root: Path = field(default_factory=Path.cwd)  # paths in the config are relative to it
    source: Optional[Path] = None  # the pyproject.toml read, if any

    def is_excluded(self, path: str) -> bool:
        """Is a file or directory met while walking excluded?

        A pattern without `/` matches the entry's own name (`build`, `*.egg-info`);
        one with `/` matches its path relative to the config's directory
        (`legacy/old`, `src/*/generated`). The directories passed on the command
        line are walked whatever their own names.
        """
        name = os.path.basename(os.path.normpath(path))
        relative = None
        for pattern in [*self.exclude, *self.extend_exclude]:
            pattern = pattern.rstrip("/")
            if "/" not in pattern:
                if fnmatch.fnmatch(name, pattern):
                    return True
                continue
            relative = relative or _relative(path, self.root)
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(relative, pattern + "/*"):
                return True
        return False

    def ignored_for(self, path: str) -> list:
        """Codes per-file-ignores turns off for this path."""
        relative = _relative(path, self.root)
        codes = []
        for pattern, ignored in self.per_file_ignores.items():
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(os.path.basename(path), pattern):
                codes.extend(ignored)
        return codes


def _relative(path: str, root: Path) -> str:
    # abspath, not resolve(): a symlink loop must not stop the run (resolve raises on one).
    absolute = os.path.abspath(path) if path != "-" else path
    try:
        return Path(os.path.relpath(absolute, os.path.abspath(root))).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


_KEYS = {
    "select": "codes",
    "extend-select": "codes",
    "ignore": "codes",
    "per-file-ignores": "per-file",
    "exclude": "strings",
    "extend-exclude": "strings",
    "target-keras": "target",
    "output-format": "format",
}


def find_pyproject(start: Path) -> Optional[Path]:
    """The closest pyproject.toml with a [tool.kerlint] table, from `start` upwards."""
    directory = start if start.is_dir() else start.parent
    for candidate in [directory, *directory.parents]:
        path = candidate / "pyproject.toml"
        if path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue  # not ours to complain about unless it holds [tool.kerlint]
            if "kerlint" in data.get("tool", {}):
                return path
    return None


def load(path: Optional[Path], known_codes: set) -> Settings:
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read: {err}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML: {err}") from None
    table = data.get("tool", {}).get("kerlint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.kerlint] must be a table")
    settings = Settings(root=path.parent, source=path)
    for key, value in table.items():
        kind = _KEYS.get(key)
        where = f"{path}: [tool.kerlint] {key}"
        if kind is None:
            close = difflib.get_close_matches(key, list(_KEYS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(_KEYS)})"
            raise ConfigError(f"{path}: unknown key '{key}' in [tool.kerlint]{hint}")
        attribute = key.replace("-", "_")
        if kind == "codes":
            setattr(settings, attribute, _codes(value, where, known_codes))
        elif kind == "strings":
            setattr(settings, attribute, _strings(value, where))
        elif kind == "per-file":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected a table of glob = [codes], got {type(value).__name__}")
            settings.per_file_ignores = {glob: _codes(codes, f"{where}.{glob}", known_codes) for glob, codes in value.items()}
        elif kind == "target":
            if str(value) not in TARGETS:
                raise ConfigError(f"{where}: expected \"3\" or \"2\", got {value!r}")
            settings.target_keras = str(value)
        elif kind == "format":
            if value not in OUTPUT_FORMATS:
                raise ConfigError(f"{where}: expected one of {', '.join(OUTPUT_FORMATS)}, got {value!r}")
            settings.output_format = value
    return settings


def _strings(value, where: str) -> list:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
    return list(value)


def _codes(value, where: str, known_codes: set) -> list:
    codes = [c.strip().upper() for c in _strings(value, where)]
    for code in codes:
        if code != "ALL" and not any(k.startswith(code) for k in known_codes):
            raise ConfigError(f"{where}: unknown rule code or prefix '{code}' (see `kerlint rules`)")
    return codes
