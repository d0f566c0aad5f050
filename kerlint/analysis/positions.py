"""Line and column of the nodes a file reports, and only of those.

LibCST's PositionProvider records a range for every node of the module: on
real Keras code that costs about 2.4 times the parse itself. kerlint needs the
start of the handful of nodes it reports, so it runs the same code generation
with a state that tracks the current line and column and records only the
requested nodes. The result equals PositionProvider's (tests/test_positions.py
checks it on the fixtures).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Iterable, Iterator, Optional

import libcst as cst
from libcst._nodes.internal import CodegenState

_NEWLINE = re.compile(r"\r\n?|\n")


class _TargetedPositionState(CodegenState):
    def __init__(self, module: cst.Module, targets: set) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.line = 1  # 1-based
        self.column = 0  # 0-based, as LibCST counts
        self.targets = targets
        self.syntactic: dict = {}  # id(node) -> (line, column) where its own tokens start
        self.inclusive: dict = {}  # id(node) -> (line, column) including leading whitespace

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        for token in self.indent_tokens:
            self._advance(token)

    def add_token(self, value: str) -> None:
        self._advance(value)

    def _advance(self, value: str) -> None:
        if "\n" in value or "\r" in value:
            segments = _NEWLINE.split(value)
            self.line += len(segments) - 1
            self.column = len(segments[-1])
        else:
            self.column += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self.targets and key not in self.inclusive:
            self.inclusive[key] = (self.line, self.column)

    def after_codegen(self, node: cst.CSTNode) -> None:
        pass

    @contextmanager
    def record_syntactic_position(
        self, node: cst.CSTNode, *, start_node: Optional[cst.CSTNode] = None, end_node: Optional[cst.CSTNode] = None
    ) -> Iterator[None]:
        key = id(node)
        if key in self.targets and key not in self.syntactic:
            self.syntactic[key] = (self.line, self.column)
        yield


def positions(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict:
    """id(node) -> 1-based (line, column) of where each node starts."""
    targets = {id(node) for node in nodes}
    if not targets:
        return {}
    state = _TargetedPositionState(module, targets)
    module._codegen(state)
    found = {}
    for key in targets:
        line, column = state.syntactic.get(key) or state.inclusive.get(key, (1, 0))
        found[key] = (line, column + 1)
    return found
