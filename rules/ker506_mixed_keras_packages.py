"""Standalone `keras` and `tensorflow.keras` used in one file (Keras 2).

## What it does
Under `target-keras = "2"` only: reports a file that uses both the standalone
`keras` package and `tensorflow.keras` (`tf.keras`) for objects that must
work together (layers, models, optimizers, callbacks, losses, metrics), at
the first use of the second one. Preprocessing helpers and datasets, which
return plain arrays, are not counted.

## Why is this bad?
With Keras 2 these are two separate packages with separate class hierarchies:
a layer from one cannot be added to a model of the other
(`The added layer must be an instance of class Layer`), callbacks and
optimizers of one are rejected by the other, and saved models may not load
across them. In Keras 3 `tf.keras` is `keras`, which is why the rule is off
there.

## Fix safety
No automatic fix.

## References
- https://keras.io/getting_started/faq/
"""

import libcst as cst

from kerlint.analysis.names import dotted_name
from kerlint.rulekit import Finding, Program

CODE = "KER506"
NAME = "mixed-keras-packages"
SEVERITY = "W"
EXAMPLES_TARGET = "2"

BAD = [
    '''
    import keras
    from tensorflow.keras.layers import Dense  # expect: KER506

    model = keras.models.Sequential()
    model.add(Dense(1, input_shape=(3,)))
    ''',
]

GOOD = [
    '''
    from keras.preprocessing.text import Tokenizer
    from tensorflow.keras.preprocessing.sequence import pad_sequences
    from tensorflow.keras import layers

    tokens = pad_sequences(Tokenizer().texts_to_sequences(texts))
    ''',
    '''
    from tensorflow import keras
    from tensorflow.keras.layers import Dense

    model = keras.models.Sequential()
    model.add(Dense(1, input_shape=(3,)))
    ''',
]


def check(program: Program):
    if program.target != "2":
        return
    uses = []  # (order key, package, node)
    for node in program.collected.import_nodes:
        for package, where in _packages_imported(node):
            uses.append((program.position(where), package, where))
    for node, _, _ in program.collected.attribute_reads:
        if program.finder.imports.qualify_raw(node) == "tensorflow.keras":
            uses.append((program.position(node), "tensorflow.keras", node))
    uses.sort(key=lambda u: u[0])
    first = {}
    for position, package, node in uses:
        first.setdefault(package, (position, node))
        if len(first) == 2:
            (other,) = set(first) - {package}
            yield Finding(node, f"{package} is used here and {other} at line {first[other][0][0]}: under Keras 2 they are "
                          "separate packages whose layers, models and optimizers do not mix; use one of them")
            return


def _packages_imported(node):
    if isinstance(node, cst.Import):
        for alias in node.names:
            yield from _package(dotted_name(alias.name) or "", alias.name)
    elif node.module is not None and not node.relative:
        module = dotted_name(node.module) or ""
        if module == "tensorflow" and not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                if dotted_name(alias.name) == "keras":
                    yield "tensorflow.keras", alias.name
        yield from _package(module, node.module)


# Submodules whose objects cannot cross packages; preprocessing helpers and
# datasets return plain arrays and lists, which mix fine.
_OBJECT_MODULES = frozenset(
    {"layers", "models", "optimizers", "callbacks", "losses", "metrics", "regularizers", "initializers",
     "applications", "Model", "Sequential", "Input", "backend"}
)


def _package(path: str, where):
    parts = path.split(".")
    if parts[:2] == ["tensorflow", "keras"]:
        package, rest = "tensorflow.keras", parts[2:]
    elif parts[0] == "keras":
        package, rest = "keras", parts[1:]
    else:
        return
    if not rest or rest[0] in _OBJECT_MODULES:
        yield package, where
