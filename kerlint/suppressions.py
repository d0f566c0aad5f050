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
class Suppressions:
    by_line: dict = field(default_factory=dict)  # line -> frozenset of codes, or ALL
    file_codes: Optional[frozenset] = frozenset()  # ALL: the whole file

    def suppresses(self, line: int, code: str) -> bool:
        if self.file_codes is ALL or _matches(self.file_codes, code):
            return True
        if line not in self.by_line:
            return False
        codes = self.by_line[line]
        return codes is ALL or _matches(codes, code)


def _matches(codes: frozenset, code: str) -> bool:
    return any(code.startswith(c) for c in codes)


def _merge(a, b):
    return ALL if a is ALL or b is ALL else a | b


def parse(text: str) -> Suppressions:
    result = Suppressions()
    pending: list = []  # noqa codes seen in the current logical line
    start = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if start is None and token.type not in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
                start = token.start[0]
            if token.type == tokenize.COMMENT:
                file_match = _FILE_NOQA.match(token.string)
                if file_match and token.line.strip() == token.string.strip():
                    codes = _codes(file_match.group("codes"))
                    result.file_codes = _merge(result.file_codes, codes)
                    continue
                match = _NOQA.search(token.string)
                if match:
                    codes = _codes(match.group("codes"))
                    if start is None:  # a comment on a line of its own
                        result.by_line[token.start[0]] = _merge(result.by_line.get(token.start[0], frozenset()), codes)
                    else:
                        pending.append(codes)
            elif token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                if pending and start is not None:
                    combined = frozenset()
                    for codes in pending:
                        combined = _merge(combined, codes)
                    for line in range(start, token.start[0] + 1):
                        result.by_line[line] = _merge(result.by_line.get(line, frozenset()), combined)
                pending, start = [], None
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass  # a file that parsed but does not tokenize cleanly: keep what was read
    return result
