"""`# noqa` comments, as flake8 reads them, and file-level `# kerlint: noqa`.

- `# noqa` silences every finding on its statement, `# noqa: KER101,KER104`
  only those codes (prefixes too, `# noqa: KER1`). The comment may stand on
  any line of a multi-line statement, such as a long `model.compile(...)`.
- `# kerlint: noqa` on a line of its own silences the whole file;
  `# kerlint: noqa: KER201` silences those codes in the whole file.

Comments are found with the tokenizer, so `"# noqa"` inside a string does not
count. This runs only for files that have findings.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from typing import Optional

_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]*(?:[\s,]+[A-Z]+[0-9]*)*))?", re.IGNORECASE)
_FILE_NOQA = re.compile(r"#\s*kerlint:\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]*(?:[\s,]+[A-Z]+[0-9]*)*))?\s*$", re.IGNORECASE)

ALL = None  # "every code"


def _codes(text: Optional[str]) -> Optional[frozenset]:
    if not text:
        return ALL
    return frozenset(c.upper() for c in re.split(r"[\s,]+", text.strip()) if c)


@dataclass
class Directive:
    """One `# noqa: ...` comment: where it is, what it names, which lines it covers."""

    line: int
    col: int  # 1-based column of the comment
    codes: Optional[frozenset]  # ALL for a bare `# noqa`
    lines: range
    file_level: bool = False
    used: set = field(default_factory=set)  # the codes it actually silenced


@dataclass
class Suppressions:
    directives: list = field(default_factory=list)

    def suppresses(self, line: int, code: str) -> bool:
        """Is a finding silenced? Marks the directives that silence it as used."""
        silenced = False
        for directive in self.directives:
            if not directive.file_level and line not in directive.lines:
                continue
            if directive.codes is ALL or _matches(directive.codes, code):
                directive.used.add(code)
                silenced = True
        return silenced

    def unused(self) -> list:
        """(directive, code) for every KER code named in a directive that silenced nothing."""
        found = []
        for directive in self.directives:
            if directive.codes is ALL:
                continue  # a bare noqa may be there for another tool's codes
            for code in sorted(directive.codes):
                if code.startswith("KER") and not any(used.startswith(code) for used in directive.used):
                    found.append((directive, code))
        return found


def _matches(codes: frozenset, code: str) -> bool:
    return any(code.startswith(c) for c in codes)


def parse(text: str) -> Suppressions:
    result = Suppressions()
    pending: list = []  # (line, col, codes) of noqa comments in the current logical line
    start = None
    try:
        # Python ends lines at \r too; StringIO.readline only at \n (one line per \r keeps numbering).
        lines = text.replace("\r\n", "\n").replace("\r", "\n")
        for token in tokenize.generate_tokens(io.StringIO(lines).readline):
            if start is None and token.type not in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
                start = token.start[0]
            if token.type == tokenize.COMMENT:
                line, col = token.start[0], token.start[1] + 1
                file_match = _FILE_NOQA.match(token.string)
                if file_match and token.line.strip() == token.string.strip():
                    codes = _codes(file_match.group("codes"))
                    result.directives.append(Directive(line, col, codes, range(0), file_level=True))
                    continue
                match = _NOQA.search(token.string)
                if match:
                    codes = _codes(match.group("codes"))
                    if start is None:  # a comment on a line of its own covers that line
                        result.directives.append(Directive(line, col, codes, range(line, line + 1)))
                    else:
                        pending.append((line, col, codes))
            elif token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                if start is not None:
                    for line, col, codes in pending:
                        result.directives.append(Directive(line, col, codes, range(start, token.start[0] + 1)))
                pending, start = [], None
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass  # a file that parsed but does not tokenize cleanly: keep what was read
    return result
