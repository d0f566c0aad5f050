"""Write kerlint/knowledge/keras<major>.json from the installed Keras.

kerlint never imports Keras at lint time; this script is how it learns the
Keras API. Run it with the Keras you want to describe installed:

    pip install -e '.[test]'          # Keras 3, via the current TensorFlow
    python scripts/generate_knowledge.py

Keras 2 (tf.keras from tensorflow 2.15), in a separate virtualenv:

    python -m venv /tmp/k2 && /tmp/k2/bin/pip install 'tensorflow-cpu==2.15.*'
    /tmp/k2/bin/python scripts/generate_knowledge.py

The output is deterministic (sorted keys, no timestamps) so that the test suite
can check the shipped file against a fresh run (tests/test_knowledge_drift.py).
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

MODULES = [
    "activations",
    "callbacks",
    "datasets",
    "layers",
    "losses",
    "metrics",
    "models",
    "optimizers",
    "utils",
]


def load_keras():
    import tensorflow as tf  # noqa: F401  (tf.keras is Keras 2 on TF <= 2.15)

    keras = tf.keras
    major = int(str(getattr(keras, "__version__", "3")).split(".")[0])
    return keras, major


def public_names(module) -> list[str]:
    return sorted(n for n in dir(module) if not n.startswith("_"))


def knowledge(keras, major: int) -> dict:
    data = {
        "keras_major": major,
        "top_level": public_names(keras),
        "modules": {},
    }
    for name in MODULES:
        module = getattr(keras, name, None)
        if module is not None:
            data["modules"][name] = public_names(module)
    return data


def main(argv: list[str]) -> int:
    keras, major = load_keras()
    out = Path(__file__).resolve().parent.parent / "kerlint" / "knowledge" / f"keras{major}.json"
    if argv[1:] == ["--print"]:
        sys.stdout.write(json.dumps(knowledge(keras, major), indent=1, sort_keys=True) + "\n")
        return 0
    out.write_text(json.dumps(knowledge(keras, major), indent=1, sort_keys=True) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
