"""API removed from the target Keras.

## What it does
Reports Keras APIs that no longer exist in the target version
(`target-keras`, "3" by default): `model.to_yaml()` and `model_from_yaml`,
`predict_classes` / `predict_proba`, `fit_generator` and its siblings,
optimizer `lr=` and `decay=`, Keras 1 keywords (`nb_epoch=`, `init=`,
`output_dim=`, `border_mode=` ...), and module paths that moved
(`keras.layers.core`, `keras.utils.np_utils`, `keras.engine` ...). Each message
names the version that removed it and the replacement. Under
`target-keras = "2"` (tf.keras 2.15) only what 2.15 had already removed is
reported.

## Why is this bad?
The script stops with an AttributeError, TypeError or ImportError the first
time it reaches the line, often after data loading and training have run.
`decay=` is worse in Keras 3: it is accepted and ignored (only a warning), so
the model trains without the decay the author intended.

## Fix safety
`--fix` applies the renames that keep the meaning: `lr=` -> `learning_rate=`,
`nb_epoch=` -> `epochs=`, `fit_generator` / `evaluate_generator` /
`predict_generator` -> `fit` / `evaluate` / `predict` (when the generator is
passed by position), and the Keras 1 layer keywords with a one-to-one
successor (`init=`, `output_dim=`, `border_mode=`, `subsample=`,
`W_regularizer=`...). No fix when the new name is already passed. Removed
methods and modules that need rewritten code (`predict_classes`, `to_yaml`,
`keras.layers.core`) and keywords whose values changed meaning (`decay=`,
`samples_per_epoch=`, `dim_ordering=`) are reported only.

## References
- https://keras.io/guides/migrating_to_keras_3/
- https://github.com/keras-team/keras/releases/tag/2.13.1
"""

from kerlint.knowledge import keras_api, removed
from kerlint.analysis.names import dotted_name
from kerlint.rulekit import Finding, Program

import libcst as cst

CODE = "KER501"
NAME = "removed-api"
SEVERITY = "E"

BAD = [
    '''
    from keras.utils.np_utils import to_categorical  # expect: KER501
    from tensorflow import keras

    model = keras.Sequential([keras.layers.Dense(10, activation="softmax", input_shape=(64,))])
    model.compile(optimizer=keras.optimizers.Adam(lr=0.001),  # expect: KER501
                  loss="categorical_crossentropy")
    model.fit(x, to_categorical(y), nb_epoch=10)  # expect: KER501
    classes = model.predict_classes(x)  # expect: KER501
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    # output_dim= is Embedding's own argument; only Dense lost it (Keras 1).
    embed = keras.layers.Embedding(input_dim=10000, output_dim=64)
    ''',
    '''
    import numpy as np
    from keras.utils import to_categorical
    from tensorflow import keras

    model = keras.Sequential([keras.layers.Dense(10, activation="softmax", input_shape=(64,))])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),
                  loss="categorical_crossentropy")
    model.fit(x, to_categorical(y), epochs=10)
    classes = np.argmax(model.predict(x), axis=-1)
    ''',
]

_FIT = frozenset({"fit", "fit_generator", "evaluate", "evaluate_generator"})


def check(program: Program):
    target = program.target
    yield from _modules(program, target)
    finder = program.finder
    for site in program.collected.calls:
        call, func = site.node, site.node.func
        if isinstance(func, cst.Attribute):
            entry = removed.find("model_method", func.attr.value, target)
            if entry is not None and finder.holds_model(func.value, site.scope, site.order):
                # fit(generator=...) does not exist: rename only calls that pass the generator by position
                safe = entry.rename and not any(a.keyword is not None and a.keyword.value == "generator" for a in call.args)
                fix = ((func.attr, entry.rename),) if safe else ()
                yield Finding(func.attr, f"model.{entry.name}() was {entry.describe()}; use {entry.replacement}", fix)
        name = program.qualify(func)
        if name and "." in name:
            module, last = name.rsplit(".", 1)
            entry = removed.find("function", last, target)
            if entry is not None and entry.applies_to == module:
                yield Finding(func, f"{name}() was {entry.describe()}; use {entry.replacement}")
                continue
        applies_to = _keyword_context(program, site, name)
        if applies_to is None:
            continue
        accepted = _accepted_keywords(program, site, name, applies_to)
        for arg in call.args:
            if arg.keyword is None or arg.keyword.value in accepted:
                continue  # Embedding(output_dim=64) is valid: only Dense lost output_dim=
            entry = removed.find("keyword", arg.keyword.value, target, applies_to)
            if entry is None:
                continue
            if entry.name == "decay" and target == "3":
                text = "decay= is ignored by Keras 3 optimizers (only a warning): the learning rate will not decay"
            else:
                text = f"{entry.name}= was {entry.describe()}"
            passed = {a.keyword.value for a in call.args if a.keyword is not None}
            fix = ((arg.keyword, entry.rename),) if entry.rename and entry.rename not in passed else ()
            yield Finding(arg.keyword, f"{text}; use {entry.replacement}", fix)


def _accepted_keywords(program: Program, site, name, applies_to: str) -> frozenset:
    """What the target's own class or method accepts, from the generated knowledge."""
    target = program.target
    if applies_to == "layer":
        spec = keras_api.class_params("layers", program.finder.layer_class(site.node.func), target)
    elif applies_to == "optimizer":
        spec = keras_api.class_params("optimizers", name.rsplit(".", 1)[1], target)
    else:
        spec = keras_api.signature(site.node.func.attr.value, target)
    params = set(spec["params"]) if spec else set()
    return frozenset(params - {"decay"})  # Keras 3 optimizers swallow decay= with a warning


def _keyword_context(program: Program, site, name):
    """Which removed keywords can apply to this call: optimizer, layer or fit."""
    if name and name.startswith("keras.optimizers.") and name.rsplit(".", 1)[1][:1].isupper():
        return "optimizer"
    if program.finder.layer_class(site.node.func) is not None:
        return "layer"
    func = site.node.func
    if isinstance(func, cst.Attribute) and func.attr.value in _FIT and program.finder.holds_model(func.value, site.scope, site.order):
        return "fit"
    return None


def _modules(program: Program, target: str):
    for node in program.collected.import_nodes:
        yield from _first_removed_module(node, target)


def _first_removed_module(node, target: str):
    """At most one finding per import statement: `from keras.layers.core import A, B` is one mistake."""
    for path, where, imported_name in _imported_paths(node):
        parts = path.split(".")
        if parts[:2] == ["tensorflow", "keras"]:
            parts = parts[1:]
        path = ".".join(parts)
        # `keras.layers.merge` was Keras 1's merge() function (gone in 2.0) when imported by name from
        # keras.layers, and the module of the merge layers (gone in 2.13) when imported as a module
        for entry in sorted(removed.modules(target), key=lambda e: (e.kind == "module") == imported_name):
            if entry.kind == "module" and (path == entry.name or path.startswith(entry.name + ".")):
                yield Finding(where, f"{entry.name} does not exist since Keras {entry.removed_in}; use {entry.replacement}")
                return
            if entry.kind == "function" and path == f"{entry.applies_to}.{entry.name}":
                yield Finding(where, f"{path} was {entry.describe()}; use {entry.replacement}")
                return


def _imported_paths(node):
    """(dotted path, node to point at, imported by name from its package?) for each module an import names."""
    if isinstance(node, cst.Import):
        for alias in node.names:
            yield dotted_name(alias.name) or "", alias.name, False
    elif node.module is not None and not node.relative:
        module = dotted_name(node.module) or ""
        yield module, node.module, False
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                yield f"{module}.{dotted_name(alias.name)}", alias.name, True
