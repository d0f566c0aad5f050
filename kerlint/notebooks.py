"""Jupyter notebooks: code cells as one program, in cell order.

Real notebooks hold `%pip install`, `!nvidia-smi`, `%%bash` cells, magics
inside an `if IS_COLAB:` block, and cells in Python 2. Each magic or shell
line becomes `pass` at its indentation (so an `if` keeps a body); a cell
magic other than the Python-running ones (`%%time`, `%%capture`...) blanks
its cell. Each cell is checked on its own: a cell that does not parse costs a
KER001 for that cell and is left out, the rest of the notebook is analysed.
Cells are numbered from 1 over all cells, as they appear in the notebook.
"""

from __future__ import annotations

import ast
import json
import re
import textwrap
import warnings
from dataclasses import dataclass, field
from typing import Optional

from kerlint.sources import SourceError, byte_position

# Cell magics whose body is Python, run as usual.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "tensorflow_version"})
_LINE_MAGIC = re.compile(r"^(\s*)(?:[%!]|[A-Za-z_][A-Za-z0-9_]*\s*=\s*[%!])")
# `model.fit?`, `??model`, `keras.layers.Dense??`
_HELP = re.compile(r"^(\s*)(?:\?{1,2}[\w.]+|[\w.]+\?{1,2})\s*$")
# `%time model.fit(x, y)`: the statement after a timing line magic is Python.
_TIMED_STATEMENT = re.compile(r"^(\s*)%(?:time|timeit|prun)\s+(?!-)(\S.*)$")  # with options: just `pass`


@dataclass
class CellError:
    cell: int
    error: SourceError


@dataclass
class Notebook:
    text: str  # the code cells joined, magics replaced
    line_map: list = field(default_factory=list)  # program line - 1 -> (cell, line in cell)
    errors: list = field(default_factory=list)  # CellError

    def program_line(self, cell: int, line: int) -> Optional[int]:
        """The joined program's line for a line of a cell (None for a cell left out)."""
        for index, (c, l) in enumerate(self.line_map):
            if c == cell and l == line:
                return index + 1
        return None

    def locate(self, line: int) -> tuple:
        """(cell, line in that cell) of a line of the joined program."""
        if 1 <= line <= len(self.line_map):
            return self.line_map[line - 1]
        return (None, line)


def _cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def _without_magics(source: str) -> Optional[str]:
    """The cell as Python, the way IPython sees it; None for a non-Python cell magic.

    Like IPython: the cell is dedented first; a magic or shell line and its
    backslash-continued lines become `pass` (the continuations blank); help
    syntax (`model.fit?`, `??model`) becomes `pass`; `%time stmt` keeps `stmt`.
    """
    lines = textwrap.dedent(source).splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        magic = lines[0].lstrip()[2:].split(maxsplit=1)
        if not magic or magic[0] not in _PYTHON_CELL_MAGICS:
            return None
        lines[0] = ""
    out = []
    continued = False
    for line in lines:
        if continued:  # a continuation line of the magic above
            out.append("")
            continued = line.rstrip().endswith("\\")
            continue
        timed = _TIMED_STATEMENT.match(line)
        if timed:
            out.append(timed.group(1) + timed.group(2))
            continue
        match = _LINE_MAGIC.match(line) or _HELP.match(line)
        if match:
            out.append(f"{match.group(1)}pass")
            continued = line.rstrip().endswith("\\")
        else:
            out.append(line)
    return "\n".join(out)


def _python_kernel(notebook: dict) -> bool:
    """A notebook says its language in metadata.kernelspec or .language_info; any malformed part is ignored."""

    def table(value) -> dict:
        return value if isinstance(value, dict) else {}

    metadata = table(notebook.get("metadata"))
    language = table(metadata.get("kernelspec")).get("language") or table(metadata.get("language_info")).get("name") or "python"
    return str(language).lower().startswith("python")


def load(data: bytes) -> Notebook:
    try:
        notebook = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        line, col = byte_position(data, err.start)
        raise SourceError(f"cannot decode the notebook as UTF-8: invalid byte 0x{data[err.start]:02x}", line, col) from None
    except json.JSONDecodeError as err:
        raise SourceError(f"invalid notebook JSON: {err.msg}", err.lineno, err.colno) from None
    except RecursionError:
        raise SourceError("invalid notebook JSON: nested too deeply") from None
    except ValueError as err:  # e.g. an integer longer than Python converts
        raise SourceError(f"invalid notebook JSON: {err}") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells", []), list):
        raise SourceError("not a Jupyter notebook: no list of cells")
    result = Notebook("")
    if not _python_kernel(notebook):
        return result
    parts = []
    for number, cell in enumerate(notebook.get("cells", []), 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = _without_magics(_cell_source(cell))
        if source is None or not source.strip():
            continue
        error = _check(source)
        if error is not None:
            result.errors.append(CellError(number, error))
            continue
        cell_lines = source.splitlines()
        parts.extend(cell_lines)
        result.line_map.extend((number, i) for i in range(1, len(cell_lines) + 1))
    result.text = "\n".join(parts) + ("\n" if parts else "")
    return result


def _check(source: str) -> Optional[SourceError]:
    if "\0" in source:
        return SourceError("cell contains a NUL byte")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
    except SyntaxError as err:
        return SourceError(f"syntax error: {err.msg}", err.lineno or 1, err.offset or 1)
    except UnicodeError:
        return SourceError("the cell holds text that is not valid Unicode (a lone surrogate)")
    except (RecursionError, MemoryError):
        return SourceError("the cell is nested too deeply to analyse")
    except ValueError as err:
        return SourceError(f"cannot parse the cell: {err}")
    return None
