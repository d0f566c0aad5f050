"""Finding, loading and validating the rules shipped in kerlint.rules.

A rule is a module of its own (rules/kerNNN_name.py in the source tree) that
defines, top to bottom:

- a docstring in fixed sections (## What it does, ## Why is this bad?,
  ## Fix safety, ## References); ``kerlint explain`` prints it with the
  module's examples appended as "Example" and "Use instead";
- ``CODE``, ``NAME``, ``SEVERITY`` ("E", "W" or "I"), optionally ``DEFAULT``
  (on unless the severity is "I");
- ``BAD`` and ``GOOD``: example programs; expected findings in BAD are marked
  ``# expect: KER101`` on the reported line, and the test suite runs them
  (with ``EXAMPLES_TARGET``, "3" unless the module says "2");
- ``check(program)``: yields Findings.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Callable, Iterable, Sequence

SEVERITIES = {"E": "error", "W": "warning", "I": "info"}
# Codes the engine itself emits (kerlint/runner.py): their modules carry the
# documentation and examples but no check().
ENGINE_CODES = frozenset({"KER001", "KER002"})
CODE_RE = re.compile(r"^KER\d{3}$")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    default: bool
    doc: str
    bad: Sequence[str]
    good: Sequence[str]
    check: Callable[..., Iterable]
    module: str
    examples_target: str = "3"  # the target-keras its examples are written for

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else self.name


def _rule_from_module(module: ModuleType) -> Rule:
    severity = module.SEVERITY
    return Rule(
        code=module.CODE,
        name=module.NAME,
        severity=severity,
        default=getattr(module, "DEFAULT", severity != "I"),
        doc=module.__doc__ or "",
        bad=tuple(getattr(module, "BAD", ())),
        good=tuple(getattr(module, "GOOD", ())),
        # None for the codes the engine itself emits (KER001).
        check=getattr(module, "check", None),
        module=module.__name__,
        examples_target=getattr(module, "EXAMPLES_TARGET", "3"),
    )


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every shipped rule, sorted by code."""
    import kerlint.rules as package

    rules = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if hasattr(module, "CODE"):
            rules.append(_rule_from_module(module))
    return tuple(sorted(rules, key=lambda r: r.code))


@dataclass(frozen=True)
class RuleInfo:
    """What choosing rules needs: no docs, examples or check."""

    code: str
    name: str
    severity: str
    default: bool


@lru_cache(maxsize=1)
def rule_index() -> tuple[RuleInfo, ...]:
    """Code, name, severity and default of every rule, read from the rule files without importing them.

    Importing the rules imports the analysis and LibCST (about 0.2 s); a run
    whose files all come from the result cache needs only this. Falls back to
    importing them where the sources cannot be read (a bytecode-only install).
    """
    import ast

    import kerlint.rules as package

    infos = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        try:
            path = Path(info.module_finder.path) / f"{info.name}.py"  # type: ignore[union-attr]
            values = _constants(ast.parse(path.read_text(encoding="utf-8")))
            severity = values["SEVERITY"]
            infos.append(RuleInfo(values["CODE"], values["NAME"], severity, values.get("DEFAULT", severity != "I")))
        except (AttributeError, OSError, SyntaxError, KeyError, ValueError):
            return tuple(RuleInfo(r.code, r.name, r.severity, r.default) for r in all_rules())
    return tuple(sorted(infos, key=lambda r: r.code))


def _constants(tree) -> dict:
    import ast

    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if isinstance(node.value, ast.Constant):
                found[node.targets[0].id] = node.value.value
    return found


def rule_by_code() -> dict[str, Rule]:
    return {r.code: r for r in all_rules()}


def known_prefix(selector: str) -> bool:
    """True when a --select/--ignore value names at least one code (or is ALL)."""
    return selector == "ALL" or any(r.code.startswith(selector) for r in rule_index())


def selected(codes: Iterable[str], select: Sequence[str] | None, ignore: Sequence[str]) -> set[str]:
    """The codes a run reports: flake8/ruff semantics, the longest matching prefix wins.

    With no --select, the default rules are on (severity I is opt-in).
    """
    codes = list(codes)
    by_code = {r.code: r for r in rule_index()}

    def specificity(code: str, selectors: Iterable[str]) -> int:
        best = -1
        for s in selectors:
            if s == "ALL":
                best = max(best, 0)
            elif code.startswith(s):
                best = max(best, len(s))
        return best

    chosen = set()
    for code in codes:
        if select is None:
            rule = by_code.get(code)
            on = rule.default if rule else True
            sel_level = 0 if on else -1
        else:
            sel_level = specificity(code, select)
        ign_level = specificity(code, ignore)
        # The more specific selector wins; at equal specificity, ignore wins.
        if sel_level >= 0 and sel_level > ign_level:
            chosen.add(code)
    return chosen
