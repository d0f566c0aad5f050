"""What a run reports: one Diagnostic per finding, already positioned."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst


@dataclass(frozen=True)
class Finding:
    """What a rule yields: the node to point at and the message.

    The runner turns findings into Diagnostics; positions are computed only
    for files that have findings (see kerlint.runner), never by the rules.
    """

    node: cst.CSTNode
    message: str


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int  # 1-based
    col: int  # 1-based
    code: str
    message: str
    severity: str = "E"
    rule_name: Optional[str] = None

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"
