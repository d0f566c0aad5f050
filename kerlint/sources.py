"""Reading and parsing a file; every way it can fail becomes a KER001 position.

Decoding follows PEP 263 (a coding cookie, a UTF-8 BOM, UTF-8 otherwise).
When LibCST rejects a file, Python's own parser is asked where the error is:
LibCST's syntax-error positions are coarse (`def f(:` at 2:1, where Python
says 1:7).
"""

from __future__ import annotations

import ast
import io
import re
import symtable
import tokenize
import warnings
from dataclasses import dataclass
from typing import Optional

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # LibCST is imported when a file is parsed: a run served by the cache never needs it
    import libcst as cst


class SourceError(Exception):
    """The file cannot be analysed; line and col are 1-based."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = max(1, line)
        self.col = max(1, col)


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def decode(data: bytes) -> str:
    try:
        # A coding cookie can only be on the first two lines; detect_encoding reads
        # them with readline, which ends lines at \n only (a CR-only file would hide it).
        head = b"\n".join(re.split(rb"\r\n|\r|\n", data, maxsplit=2)[:2]) + b"\n"
        encoding, _ = tokenize.detect_encoding(io.BytesIO(head).readline)
    except SyntaxError as err:
        raise SourceError(f"cannot decode the file: {err.msg if hasattr(err, 'msg') else err}", getattr(err, "lineno", 1) or 1) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        line, col = byte_position(data, err.start)
        raise SourceError(f"cannot decode the file as {encoding}: invalid byte 0x{data[err.start]:02x}", line, col) from None
    except LookupError:
        raise SourceError(f"cannot decode the file: unknown encoding {encoding!r}") from None
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise SourceError("source contains a NUL byte", line, col)
    return text


def syntax_error(text: str) -> Optional[SourceError]:
    """What Python's own parser says is wrong with the text, at its position; None if it parses.

    Building the symbol table (parse, then scopes; no `ast` objects, no
    bytecode) costs about half of `ast.parse` (this check is all a non-Keras
    file costs), but it also refuses some code that parses (`nonlocal` at
    module level): only its failures are asked again of `ast.parse`, whose
    answer is the one reported.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            symtable.symtable(text, "<kerlint>", "exec")
        return None
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except SyntaxError as err:
        return SourceError(f"syntax error: {err.msg}", err.lineno or 1, err.offset or 1)
    except (RecursionError, MemoryError):
        return SourceError("the code is nested too deeply to analyse")
    except ValueError as err:  # e.g. NUL bytes on some Python versions
        return SourceError(f"cannot parse: {err}")
    return None


def parse(text: str) -> cst.Module:
    """Parse with LibCST, after Python's own parser has accepted the text.

    Python's parser goes first for two reasons: its error positions are the
    precise ones, and it refuses nesting (over 200 brackets, very long operator
    chains) on which LibCST's native parser overflows its stack and aborts the
    whole process instead of raising.
    """
    import libcst as cst

    error = syntax_error(text)
    if error is not None:
        raise error
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as err:
        # Python accepts it but LibCST does not (syntax newer than LibCST knows).
        first_line = str(err.message).splitlines()[0] if str(err.message) else "unsupported syntax"
        raise SourceError(f"cannot parse: {first_line}", err.raw_line, err.raw_column + 1) from None
    except RecursionError:
        raise SourceError("the code is nested too deeply to analyse") from None


@dataclass
class Source:
    path: str
    text: str


def read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        raise SourceError("is a directory, not a file") from None
    except OSError as err:
        raise SourceError(f"cannot read the file: {err.strerror or err}") from None


def read(path: str) -> Source:
    return Source(path, decode(read_bytes(path)))
