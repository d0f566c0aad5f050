"""Write kerlint/knowledge/keras<major>.json from the installed Keras.

kerlint never imports Keras at lint time; this script is how it learns the
Keras API, from the framework itself (nothing in the output is typed by hand).

Keras 3, from the current TensorFlow (the `test` extra installs it):

    pip install -e '.[test]'
    python scripts/generate_knowledge.py

Keras 2 (tf.keras of tensorflow 2.15), in a separate virtualenv:

    python3 -m venv /tmp/k2 && /tmp/k2/bin/pip install 'tensorflow-cpu==2.15.*'
    /tmp/k2/bin/python scripts/generate_knowledge.py

`--print` writes the JSON to stdout instead (the drift test compares it with
the shipped file). The output is deterministic: sorted, no timestamps.

What it records, per major version:
- public names of keras and of its API modules (layers, losses, ...);
- `identifiers`: the strings `get()` accepts for losses, metrics (plus the
  names only compile() understands, such as "acc"), activations, optimizers;
- `classes`: for every public layer, loss, metric and optimizer class, its
  constructor's keyword parameters (the whole class hierarchy, plus what the
  base Layer takes through **kwargs, read from its source) and whether
  unknown keywords are accepted;
- `model_members`: what a compiled and fitted Sequential and functional
  model expose (methods, properties and instance attributes);
- `signatures`: the parameters of compile, fit, evaluate, predict, save,
  save_weights, load_weights and friends.
"""

from __future__ import annotations

import ast
import inspect
import json
import os
import sys
import textwrap
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

MODULES = ["activations", "callbacks", "datasets", "layers", "losses", "metrics", "models", "optimizers", "utils"]
MODEL_METHODS = [
    "compile", "fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch",
    "save", "save_weights", "load_weights", "summary", "get_layer", "to_json", "get_config",
]


def load_keras():
    import tensorflow as tf  # tf.keras is Keras 2 on TF <= 2.15, Keras 3 after

    keras = tf.keras
    major = int(str(getattr(keras, "__version__", None) or tf.__version__.replace("2.", "2.", 1)).split(".")[0])
    if not hasattr(keras, "__version__"):
        major = 2
    return keras, major


def public_names(module) -> list:
    return sorted(n for n in dir(module) if not n.startswith("_"))


def _snake(name: str) -> str:
    import re

    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def accepted_identifiers(module) -> list:
    """Strings `module.get()` resolves, probed from every public name and its snake_case."""
    candidates = set()
    for name in public_names(module):
        candidates.update({name, name.lower(), _snake(name)})
    registry = _registry_keys(module)
    candidates.update(registry)
    accepted = []
    for name in sorted(candidates):
        try:
            value = module.get(name)
        except Exception:  # noqa: BLE001 - rejected by Keras: not an identifier
            continue
        if value is not None:
            accepted.append(name)
    return accepted


def _registry_keys(module) -> set:
    try:
        import importlib

        src = importlib.import_module(f"keras.src.{module.__name__.rsplit('.', 1)[-1]}")
        return set(getattr(src, "ALL_OBJECTS_DICT", {}))
    except Exception:  # noqa: BLE001 - Keras 2 has no keras.src registry
        return set()


def compile_only_metrics(keras, candidates) -> list:
    """Metric strings that only compile() resolves ("acc", "ce"): probed on a tiny model."""
    import numpy as np

    found = []
    x = np.zeros((4, 3), "float32")
    y = np.zeros((4, 1), "float32")
    for name in candidates:
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_shape=(3,))])
        try:
            model.compile(loss="binary_crossentropy", metrics=[name])
            model.evaluate(x, y, verbose=0)
        except Exception:  # noqa: BLE001 - not accepted
            continue
        found.append(name)
    return sorted(found)


def _kwargs_read_in(function) -> set:
    """Keyword names a function reads out of **kwargs: kwargs.pop("x"), "x" in kwargs, allowed sets."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("pop", "get"):
            if isinstance(node.func.value, ast.Name) and node.func.value.id == "kwargs" and node.args:
                if isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    names.add(node.args[0].value)
        elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
            if any(isinstance(c, ast.Name) and c.id == "kwargs" for c in node.comparators):
                names.add(node.left.value)
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "allowed_kwargs" for t in node.targets):
            if isinstance(node.value, (ast.Set, ast.List, ast.Tuple)):
                names.update(e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str))
    return names


def constructor(cls) -> dict:
    """Keyword parameters a class's constructor accepts, across its hierarchy."""
    params = set()
    open_kwargs = True
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None or klass is object:
            continue
        try:
            signature = inspect.signature(init)
        except (TypeError, ValueError):
            continue
        has_var_kw = False
        for p in list(signature.parameters.values())[1:]:
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
                params.add(p.name)
            elif p.kind == p.VAR_KEYWORD:
                has_var_kw = True
        params.update(_kwargs_read_in(init))
        if not has_var_kw:
            open_kwargs = False
            break
    if open_kwargs:
        open_kwargs = _probe_accepts_unknown_keyword(cls, open_kwargs)
    return {"params": sorted(params), "accepts_any_keyword": open_kwargs}


_PROBE = "kerlint_probe_keyword"


def _probe_accepts_unknown_keyword(cls, fallback: bool) -> bool:
    """Instantiate with a made-up keyword: rejected by name -> closed; built -> open."""
    try:
        cls(**{_PROBE: 1})
    except Exception as err:  # noqa: BLE001 - the message says whether the keyword was the problem
        return False if _PROBE in str(err) else fallback
    return True


def classes(module) -> dict:
    found = {}
    for name in public_names(module):
        obj = getattr(module, name)
        if inspect.isclass(obj):
            found[name] = constructor(obj)
    return found


def model_members(keras) -> list:
    import numpy as np

    x = np.zeros((4, 3), "float32")
    y = np.zeros((4, 1), "float32")
    sequential = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])
    inputs = keras.Input((3,))
    functional = keras.Model(inputs, keras.layers.Dense(1)(inputs))
    members = set(dir(keras.Model))
    for model in (sequential, functional):
        model.compile(optimizer="sgd", loss="mse")
        model.fit(x, y, epochs=1, verbose=0)
        members.update(dir(model))
    return sorted(m for m in members if not m.startswith("_"))


def signatures(keras) -> dict:
    found = {}
    for name in MODEL_METHODS:
        method = getattr(keras.Model, name, None)
        if method is None:
            continue
        parameters = list(inspect.signature(method).parameters.values())[1:]
        found[name] = {
            "params": [p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)],
            "accepts_any_keyword": any(p.kind == p.VAR_KEYWORD for p in parameters),
        }
    return found


def knowledge(keras, major: int) -> dict:
    identifiers = {name: accepted_identifiers(getattr(keras, name)) for name in ("losses", "metrics", "activations", "optimizers")}
    extra = compile_only_metrics(keras, ["accuracy", "acc", "crossentropy", "ce"])
    identifiers["compile_metrics"] = sorted(set(extra) - set(identifiers["metrics"]))
    return {
        "keras_major": major,
        "top_level": public_names(keras),
        "modules": {name: public_names(getattr(keras, name)) for name in MODULES if hasattr(keras, name)},
        "identifiers": identifiers,
        "classes": {name: classes(getattr(keras, name)) for name in ("layers", "losses", "metrics", "optimizers")},
        "model_members": model_members(keras),
        "signatures": signatures(keras),
    }


def main(argv: list) -> int:
    keras, major = load_keras()
    text = json.dumps(knowledge(keras, major), indent=1, sort_keys=True) + "\n"
    if argv[1:] == ["--print"]:
        sys.stdout.write(text)
        return 0
    out = Path(__file__).resolve().parent.parent / "kerlint" / "knowledge" / f"keras{major}.json"
    out.write_text(text)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
