"""Applying safe fixes: `--fix` writes them, `--diff` shows them.

A fix is a set of token Edits (kerlint.diagnostics.Edit). Each edit is applied
only if the text at its position still reads what the rule saw, edits that
overlap are left for the next round, and rounds repeat until nothing changes
(at most MAX_ROUNDS). If the result would not parse, the file is left as it
was. Writing keeps the file's encoding, BOM and line endings (the text is
edited as decoded, never re-normalised), goes through a temporary file in the
same directory and an atomic rename, and keeps the file's permissions.
"""

from __future__ import annotations

import codecs
import difflib
import io
import os
import tempfile
import tokenize
from dataclasses import dataclass
from typing import Iterable, Optional

from kerlint import sources
from kerlint.runner import lint_text

MAX_ROUNDS = 10


@dataclass
class FixOutcome:
    original: str
    fixed: str
    applied: int  # edits applied over all rounds

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def _offsets(text: str) -> list:
    """Offset of the start of each line (1-based lines -> index line-1)."""
    starts, position = [0], 0
    for line in text.splitlines(keepends=True):
        position += len(line)
        starts.append(position)
    return starts


def apply_edits(text: str, edits: Iterable) -> tuple:
    """Apply the edits that still match and do not overlap: (new text, number applied)."""
    starts = _offsets(text)
    spans = []
    for edit in edits:
        if not 1 <= edit.line <= len(starts):
            continue
        start = starts[edit.line - 1] + edit.col - 1
        if text[start:start + len(edit.old)] == edit.old:
            spans.append((start, start + len(edit.old), edit.new))
    spans.sort()
    chosen, end = [], -1
    for span in spans:
        if span[0] >= end:  # overlapping edits wait for the next round
            chosen.append(span)
            end = span[1]
    for start, stop, new in reversed(chosen):
        text = text[:start] + new + text[stop:]
    return text, len(chosen)


def fix_text(text: str, path: str, codes: Optional[set] = None, target: str = "3") -> FixOutcome:
    current, applied = text, 0
    for _ in range(MAX_ROUNDS):
        result = lint_text(current, path, codes, target=target)
        edits = [edit for d in result.diagnostics for edit in d.fix]
        if not edits:
            break
        candidate, count = apply_edits(current, edits)
        if count == 0 or candidate == current:
            break
        try:
            sources.parse(candidate)
        except sources.SourceError:
            break  # never produce a file that does not parse
        current, applied = candidate, applied + count
    return FixOutcome(text, current, applied)


def diff(outcome: FixOutcome, path: str) -> str:
    before, after = (path, path) if os.path.isabs(path) else (f"a/{path}", f"b/{path}")
    return "".join(
        difflib.unified_diff(outcome.original.splitlines(keepends=True), outcome.fixed.splitlines(keepends=True), before, after)
    )


def read_for_fix(path: str) -> tuple:
    """(text, encoding, has BOM) of a Python file, decoded as Python would."""
    data = sources.read_bytes(path)
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    bom = data.startswith(codecs.BOM_UTF8)
    return sources.decode(data), ("utf-8" if encoding == "utf-8-sig" else encoding), bom


def write_atomically(path: str, text: str, encoding: str, bom: bool) -> None:
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode(encoding)
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".kerlint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        mode = os.stat(path).st_mode
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
