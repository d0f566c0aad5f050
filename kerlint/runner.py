"""Lint one file: read -> parse -> Program -> rules -> positioned Diagnostics."""

from __future__ import annotations

import sys
import threading
import traceback
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterable, Optional

from kerlint import notebooks, sources, suppressions
from kerlint.diagnostics import Diagnostic, Edit
from kerlint.registry import Rule, all_rules, rule_by_code

if TYPE_CHECKING:  # the analysis (and LibCST) load when a file is analysed, not for cached results
    from kerlint.analysis.program import Program

PARSE_ERROR = "KER001"
UNUSED_NOQA = "KER002"


@dataclass(frozen=True)
class InternalError:
    """A rule (or the analysis) raised: reported once, and the run exits 2."""

    path: str
    where: str  # the rule code, or "analysis"
    detail: str


@dataclass
class FileResult:
    path: str
    diagnostics: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # InternalError
    text: str = ""  # the analysed program (a notebook's joined cells)
    notebook: Optional["notebooks.Notebook"] = None

    def source_line(self, diagnostic) -> Optional[str]:
        """The line of source a diagnostic points at, for the `full` output format."""
        line = diagnostic.line
        if diagnostic.cell is not None and self.notebook is not None:
            line = self.notebook.program_line(diagnostic.cell, diagnostic.line)
        lines = self.text.splitlines()
        return lines[line - 1] if line is not None and 1 <= line <= len(lines) else None


class _TooDeep(Exception):
    """The tree is deeper than Python's default recursion limit allows (code generation recurses)."""


_DEEP_STACK = 512 * 1024 * 1024
_DEEP_RECURSION = 200_000


def lint_text(text: str, path: str, codes: Optional[Iterable[str]] = None, locate=None, target: str = "3") -> FileResult:
    """Lint source text. `codes`: the rule codes to run (None: the default selection).

    `target`: the Keras major version ("3" or "2") the API rules check against.
    A file nested deeper than Python's recursion limit is linted again in a
    thread with a large stack; if even that fails it gets a KER001.
    """
    codes = set(codes) if codes is not None else {r.code for r in all_rules() if r.default}
    try:
        return run_deep(_lint_text, text, path, codes, locate, target)
    except (_TooDeep, RecursionError, MemoryError):
        result = FileResult(path, text=text)
        if PARSE_ERROR in codes:
            result.diagnostics.append(_parse_error(path, sources.SourceError("the code is nested too deeply to analyse")))
        return result


def run_deep(function, *args):
    """Call `function`; if the tree is too deep for Python's default stack, call it
    again in a thread with a 512 MiB stack and a high recursion limit (LibCST's
    code generation recurses once per level). Raises RecursionError if even that fails."""
    try:
        return function(*args)
    except (_TooDeep, RecursionError):
        pass
    outcome: list = []

    def deep() -> None:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(_DEEP_RECURSION)
        try:
            outcome.append(function(*args))
        except (_TooDeep, RecursionError, MemoryError):
            pass
        finally:
            sys.setrecursionlimit(limit)

    previous = threading.stack_size(_DEEP_STACK)
    try:
        worker = threading.Thread(target=deep)
        worker.start()
        worker.join()
    finally:
        threading.stack_size(previous)
    if not outcome:
        raise RecursionError("nested too deeply to analyse")
    return outcome[0]


def _lint_text(text: str, path: str, codes: set, locate, target: str) -> FileResult:
    from kerlint.analysis.program import Program

    result = FileResult(path, text=text)
    try:
        module = sources.parse(text)
    except sources.SourceError as err:
        if PARSE_ERROR in codes:
            result.diagnostics.append(_parse_error(path, err))
        return result
    try:
        program = Program(module, path, locate, target)
    except RecursionError:
        raise _TooDeep() from None
    except Exception:  # noqa: BLE001 - a crash of the analysis must not end the run
        result.errors.append(InternalError(path, "analysis", traceback.format_exc(limit=-3)))
        return result
    by_code = rule_by_code()
    for code in sorted(codes):
        rule = by_code.get(code)
        if rule is None or rule.check is None:
            continue
        try:
            result.diagnostics.extend(_run_rule(rule, program, path))
        except RecursionError:
            raise _TooDeep() from None  # code generation of a very deep tree: retried with a big stack
        except Exception:  # noqa: BLE001 - reported as an internal error, other rules go on
            result.errors.append(InternalError(path, rule.code, traceback.format_exc(limit=-3)))
    if result.diagnostics or UNUSED_NOQA in codes:
        marks = suppressions.parse(text)
        result.diagnostics = [d for d in result.diagnostics if not marks.suppresses(d.line, d.code)]
        if UNUSED_NOQA in codes:
            for directive, code in marks.unused():
                result.diagnostics.append(
                    Diagnostic(path, directive.line, directive.col, UNUSED_NOQA, f"unused suppression of {code}: nothing to silence here; remove it", "W", "unused-noqa")
                )
    result.diagnostics.sort()
    return result


def _run_rule(rule: Rule, program: Program, path: str) -> list:
    found = []
    seen = set()
    for finding in rule.check(program):
        line, col = program.position(finding.node)
        key = (line, col, finding.message)
        if key in seen:  # the same layer reached through two models
            continue
        seen.add(key)
        # Positions are where a node's own token starts; the whitespace a node
        # owns (` -= ` for an operator) is not part of the edit.
        edits = tuple(Edit(*program.position(node), program.source_of(node).strip(), text) for node, text in finding.fix)
        found.append(Diagnostic(path, line, col, rule.code, finding.message, rule.severity, rule.name, fix=edits))
    return found


def _parse_error(path: str, err: sources.SourceError) -> Diagnostic:
    return Diagnostic(path, err.line, err.col, PARSE_ERROR, err.message, "E", "unparsable-file")


def lint_file(path: str, codes: Optional[Iterable[str]] = None, target: str = "3", prefilter: bool = True) -> FileResult:
    try:
        data = sources.read_bytes(path)
    except sources.SourceError as err:
        return _unreadable(path, err, codes)
    return lint_bytes(data, path, codes, target, prefilter)


# Every finding but KER001 needs a Keras or TensorFlow name in the file, or a
# kerlint code in a suppression comment: without these bytes there is
# nothing to analyse, only the syntax to check (tests/test_prefilter.py runs
# the suite's files both ways and compares).
_MATTERS = (b"keras", b"tensorflow", b"KER")


def might_matter(data: bytes) -> bool:
    return any(marker in data for marker in _MATTERS)


def lint_bytes(data: bytes, path: str, codes: Optional[Iterable[str]] = None, target: str = "3", prefilter: bool = True) -> FileResult:
    """Lint a file's content (from disk or stdin); `path` names it and decides .py or .ipynb."""
    wanted = set(codes) if codes is not None else {r.code for r in all_rules() if r.default}
    if path.endswith(".ipynb"):
        return _lint_notebook(data, path, wanted, target)
    try:
        text = sources.decode(data)
    except sources.SourceError as err:
        return _unreadable(path, err, wanted)
    if prefilter and not might_matter(data):
        return _syntax_only(text, path, wanted)
    return lint_text(text, path, wanted, target=target)


def _syntax_only(text: str, path: str, codes: set) -> FileResult:
    """A file that cannot matter to Keras: Python's parser checks it, LibCST never sees it."""
    result = FileResult(path, text=text)
    if PARSE_ERROR in codes:
        error = sources.syntax_error(text)
        if error is not None:
            result.diagnostics.append(_parse_error(path, error))
    return result


def _unreadable(path: str, err: "sources.SourceError", codes) -> FileResult:
    result = FileResult(path)
    if codes is None or PARSE_ERROR in set(codes):
        result.diagnostics.append(_parse_error(path, err))
    return result


def _lint_notebook(data: bytes, path: str, codes: set, target: str) -> FileResult:
    """Lint the code cells as one program; report positions per cell."""
    try:
        notebook = notebooks.load(data)
    except sources.SourceError as err:
        return _unreadable(path, err, codes)
    result = lint_text(notebook.text, path, codes, notebook.locate, target)
    result.notebook = notebook
    located = []
    for d in result.diagnostics:
        cell, line = notebook.locate(d.line)
        located.append(replace(d, line=line, cell=cell))
    if PARSE_ERROR in codes:
        for bad in notebook.errors:
            located.append(replace(_parse_error(path, bad.error), cell=bad.cell))
    result.diagnostics = sorted(located)
    return result
