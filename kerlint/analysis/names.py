"""Every Keras spelling to one canonical dotted name.

`tf.keras.layers.Dense`, `from tensorflow.keras import layers as L; L.Dense`,
`from keras.layers import Dense as D`, `keras = tf.keras; keras.layers.Dense`
and `from keras.layers import *; Dense` all become ``keras.layers.Dense``.

This is kerlint's own light pass over imports and aliasing assignments; it
replaces LibCST's QualifiedNameProvider, which costs several times the parse
and misses `keras = tf.keras` and star imports.
"""

from __future__ import annotations

import builtins
from typing import Iterable, Optional

import libcst as cst

from kerlint.knowledge import keras_api

# Submodules whose public objects kerlint knows by their last name only:
# keras.layers.core.Dense, keras.layers.convolutional.Conv2D and
# keras.layers.experimental.preprocessing.Rescaling are all keras.layers.X.
_FLAT_GROUPS = (
    "layers",
    "losses",
    "metrics",
    "activations",
    "optimizers",
    "callbacks",
    "utils",
    "initializers",
    "regularizers",
)

_MODEL_NAMES = {
    "keras.models.Sequential": "keras.Sequential",
    "keras.models.Model": "keras.Model",
    "keras.engine.sequential.Sequential": "keras.Sequential",
    "keras.engine.training.Model": "keras.Model",
    "keras.engine.functional.Functional": "keras.Model",
    "keras.layers.Input": "keras.Input",
    "keras.engine.input_layer.Input": "keras.Input",
}

_BUILTINS = frozenset(dir(builtins))


def canonical(dotted: str) -> str:
    """Map one fully qualified spelling to kerlint's canonical name."""
    parts = dotted.split(".")
    if parts[0] == "tensorflow" and len(parts) > 1:
        if parts[1] == "keras":
            parts = parts[1:]
        elif parts[1:3] == ["python", "keras"]:
            parts = parts[2:]
        elif parts[1] == "compat" and "keras" in parts:
            parts = parts[parts.index("keras"):]
    if parts[0] in ("tf_keras", "keras_core"):
        parts = ["keras"] + parts[1:]
    if parts[0] == "keras" and len(parts) > 1 and parts[1] == "src":
        parts = ["keras"] + parts[2:]
    if parts[0] == "keras" and len(parts) > 3 and parts[1] in _FLAT_GROUPS:
        parts = ["keras", parts[1], parts[-1]]
    name = ".".join(parts)
    return _MODEL_NAMES.get(name, name)


def dotted_name(expr: cst.BaseExpression) -> Optional[str]:
    """`a.b.c` as a string, or None for anything that is not a plain dotted name."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        base = dotted_name(expr.value)
        return f"{base}.{expr.attr.value}" if base else None
    return None


def _module_path(node: cst.BaseExpression) -> str:
    return dotted_name(node) or ""


class ImportTable:
    """Local names bound by imports and aliasing assignments, file-wide.

    Imports are taken file-wide (scripts import at the top; an import inside a
    function means the same module). `add_alias` handles `keras = tf.keras`.
    """

    def __init__(self) -> None:
        self.aliases: dict[str, str] = {}
        self.star_modules: list[str] = []
        # Names the file binds itself (assignments, defs, parameters): these
        # never come from a star import.
        self.local_names: set[str] = set()

    # -- collection -------------------------------------------------------
    def add_import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = _module_path(alias.name)
            if alias.asname is not None:
                self.aliases[alias.asname.name.value] = full  # type: ignore[union-attr]
            else:
                top = full.split(".")[0]
                self.aliases[top] = top

    def add_import_from(self, node: cst.ImportFrom) -> None:
        if node.relative:
            return
        module = _module_path(node.module) if node.module else ""
        if not module:
            return
        if isinstance(node.names, cst.ImportStar):
            if module not in self.star_modules:
                self.star_modules.append(module)
            return
        for alias in node.names:
            name = _module_path(alias.name)
            local = alias.asname.name.value if alias.asname is not None else name  # type: ignore[union-attr]
            self.aliases[local] = f"{module}.{name}"

    def add_alias(self, target: str, value: cst.BaseExpression) -> bool:
        """`keras = tf.keras`, `Dense = layers.Dense`: True when it aliases Keras."""
        qualified = self.qualify_raw(value)
        if qualified and _is_keras_related(qualified):
            self.aliases[target] = qualified
            return True
        return False

    # -- queries ----------------------------------------------------------
    def qualify_raw(self, expr: cst.BaseExpression) -> Optional[str]:
        dotted = dotted_name(expr)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        base = self.aliases.get(head)
        if base is None:
            base = self._from_star(head)
            if base is None:
                return None
        return f"{base}.{rest}" if rest else base

    def qualify(self, expr: cst.BaseExpression) -> Optional[str]:
        """The canonical name of a dotted expression, or None when it is not an import."""
        raw = self.qualify_raw(expr)
        return canonical(raw) if raw else None

    def _from_star(self, name: str) -> Optional[str]:
        if not self.star_modules or name in self.local_names or name in _BUILTINS:
            return None
        candidates = [m for m in self.star_modules if keras_api.module_exports(canonical(m), name)]
        if candidates:
            return f"{candidates[-1]}.{name}"
        return None


def _is_keras_related(qualified: str) -> bool:
    top = qualified.split(".")[0]
    return top in ("keras", "tensorflow", "tf_keras", "keras_core")


def collect_local_names(names: Iterable[str], table: ImportTable) -> None:
    table.local_names.update(names)
