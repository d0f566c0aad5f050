"""What a run reports: one Diagnostic per finding, already positioned."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import libcst as cst


@dataclass(frozen=True)
class Finding:
    """What a rule yields: the node to point at, the message, and maybe a safe fix.

    The runner turns findings into Diagnostics; positions are computed only
    for files that have findings (see kerlint.runner), never by the rules.
    `fix` replaces whole tokens: ((node, new_text), ...), each node a Name or a
    plain string literal, so that the edit can be checked against the text.
    """

    node: cst.CSTNode
    message: str
    fix: tuple = ()


@dataclass(frozen=True)
class Edit:
    """Replace `old` at (line, col) (1-based) with `new`; applied only if the text still reads `old` there."""

    line: int
    col: int
    old: str
    new: str


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int  # 1-based (within the cell, for notebooks)
    col: int  # 1-based
    code: str
    message: str
    severity: str = "E"
    rule_name: Optional[str] = None
    cell: Optional[int] = None  # notebooks: the cell's number, from 1
    fix: tuple = ()  # Edits of a safe fix, in the analysed text's coordinates

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.line, self.col, self.code, self.message)

    def __lt__(self, other: "Diagnostic") -> bool:
        return self.sort_key() < other.sort_key()

    @property
    def location(self) -> str:
        cell = f"cell {self.cell}:" if self.cell is not None else ""
        return f"{self.path}:{cell}{self.line}:{self.col}"

    def format(self) -> str:
        return f"{self.location}: {self.code} {self.message}"
