"""The public Keras API, from the JSON files written by scripts/generate_knowledge.py."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

_HERE = Path(__file__).resolve().parent
TARGETS = ("3", "2")


@lru_cache(maxsize=None)
def load(major: int = 3) -> dict:
    path = _HERE / f"keras{major}.json"
    if not path.exists():
        return {"top_level": [], "modules": {}, "identifiers": {}, "classes": {}, "model_members": [], "signatures": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def api(target: str = "3") -> dict:
    return load(int(target))


@lru_cache(maxsize=None)
def _exports(module: str) -> frozenset:
    names: set = set()
    for major in (3, 2):
        data = load(major)
        if module == "keras":
            names.update(data["top_level"])
        elif module.startswith("keras.") and module.count(".") == 1:
            names.update(data["modules"].get(module.split(".")[1], ()))
    return frozenset(names)


def module_exports(module: str, name: str) -> bool:
    """Does the canonical Keras module (`keras`, `keras.layers`, ...) export `name` (any version)?"""
    return name in _exports(module)


@lru_cache(maxsize=None)
def identifiers(kind: str, target: str = "3") -> frozenset:
    """Strings Keras accepts for `kind`: losses, metrics, activations, optimizers."""
    data = api(target).get("identifiers", {})
    names = set(data.get(kind, ()))
    if kind == "metrics":
        names.update(data.get("compile_metrics", ()))
    return frozenset(names)


def class_params(module: str, name: str, target: str = "3") -> Optional[dict]:
    """{'params': [...], 'accepts_any_keyword': bool} for keras.<module>.<name>, or None."""
    return api(target).get("classes", {}).get(module, {}).get(name)


def model_members(target: str = "3") -> frozenset:
    return frozenset(api(target).get("model_members", ()))


def signature(method: str, target: str = "3") -> Optional[dict]:
    return api(target).get("signatures", {}).get(method)


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'get_config'?)` or ''."""
    pool = sorted(set(candidates))
    match = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    if not match:
        lowered = {c.lower(): c for c in pool}
        match = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
        match = [lowered[m] for m in match]
    return f" (did you mean '{match[0]}'?)" if match else ""
