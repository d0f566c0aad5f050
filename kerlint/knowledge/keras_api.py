"""The public Keras API, from the JSON files written by scripts/generate_knowledge.py."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def load(major: int = 3) -> dict:
    path = _HERE / f"keras{major}.json"
    if not path.exists():
        return {"top_level": [], "modules": {}}
    return json.loads(path.read_text(encoding="utf-8"))


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
    """Does the canonical Keras module (`keras`, `keras.layers`, ...) export `name`?"""
    return name in _exports(module)
