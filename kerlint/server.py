"""`kerlint server`: a language server (stdio) for editors, on pygls (the `lsp` extra).

It lints the open document's current text on open, change and save, publishes
the findings as diagnostics, and offers each safe fix as a quick-fix code
action. Settings come from the `[tool.kerlint]` of the document's project.
Positions are converted to LSP's: 0-based lines, UTF-16 code units.
"""

from __future__ import annotations

import os
from pathlib import Path

from kerlint import __version__

_SEVERITY = {"E": 1, "W": 2, "I": 3}  # lsprotocol DiagnosticSeverity values


def _utf16(line: str, col: int) -> int:
    """LSP character offset of a 1-based code-point column."""
    return len(line[: col - 1].encode("utf-16-le")) // 2


def build_server():
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    from kerlint import config
    from kerlint.registry import all_rules, selected
    from kerlint.runner import lint_bytes

    server = LanguageServer("kerlint", __version__)
    results: dict = {}  # uri -> (FileResult, document lines)
    known = {r.code for r in all_rules()}

    def settings_for(path: str):
        try:
            return config.load(config.find_pyproject(Path(os.path.abspath(path)).parent), known)
        except (config.ConfigError, OSError):
            return config.Settings()

    def to_range(lines, line: int, col: int, length: int):
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        start = types.Position(line=line - 1, character=_utf16(text, col))
        end = types.Position(line=line - 1, character=_utf16(text, col + length))
        return types.Range(start=start, end=end)

    def lint(ls, uri: str) -> None:
        document = ls.workspace.get_text_document(uri)
        path = document.path or uri
        if path.endswith(".ipynb"):
            return  # notebook documents use the notebook protocol: not served yet
        settings = settings_for(path)
        codes = selected(known, settings.select, settings.ignore + settings.ignored_for(path))
        result = lint_bytes(document.source.encode("utf-8"), path, codes, settings.target_keras)
        lines = document.source.splitlines()
        results[uri] = (result, lines)
        diagnostics = [
            types.Diagnostic(
                range=to_range(lines, d.line, d.col, 1),
                message=d.message,
                severity=types.DiagnosticSeverity(_SEVERITY.get(d.severity, 2)),
                code=d.code,
                source="kerlint",
            )
            for d in result.diagnostics
        ]
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params):
        lint(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params):
        lint(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls, params):
        lint(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params):
        results.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_actions(ls, params):
        uri = params.text_document.uri
        if uri not in results:
            return []
        result, lines = results[uri]
        wanted = params.range
        actions = []
        for d in result.diagnostics:
            if not d.fix or not (wanted.start.line <= d.line - 1 <= wanted.end.line):
                continue
            edits = [types.TextEdit(range=to_range(lines, e.line, e.col, len(e.old)), new_text=e.new) for e in d.fix]
            actions.append(
                types.CodeAction(
                    title=f"Fix {d.code}: {' '.join(f'{e.old} -> {e.new}' for e in d.fix)}",
                    kind=types.CodeActionKind.QuickFix,
                    edit=types.WorkspaceEdit(changes={uri: edits}),
                    is_preferred=True,
                )
            )
        return actions

    return server


def main() -> None:
    build_server().start_io()
