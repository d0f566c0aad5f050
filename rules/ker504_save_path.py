"""A save or load path that Keras 3 rejects.

## What it does
Under `target-keras = "3"`, reports literal paths (plain strings, or the fixed
ending of an f-string) that Keras 3 refuses:
- `model.save_weights(path)` not ending in `.weights.h5`;
- `model.save(path)` or `ModelCheckpoint(path)` without `.keras` (or legacy `.h5`);
- `ModelCheckpoint(path, save_weights_only=True)` not ending in `.weights.h5`;
- `load_model(path)` on a TensorFlow SavedModel directory (no `.keras` / `.h5`);
- `load_weights(path, by_name=True)` on anything but a legacy `.h5` file.

## Why is this bad?
Keras 3 raises `ValueError` on these paths, typically at the end of training
(when the model is saved) or in the first epoch's checkpoint: hours of
training without a saved model. Keras 2 wrote a TensorFlow checkpoint or a
SavedModel directory for such paths; code written for it breaks on upgrade.

## Fix safety
`--fix` renames a weights file written as a plain string literal
(`"w.h5"` -> `"w.weights.h5"`, in `save_weights` and weights-only
`ModelCheckpoint`), only when the path appears nowhere else in the file (a
`load_weights("w.h5")` further down would no longer match). Under Keras 3 the
original call raises, so no file of the old name came from it. Paths of whole
models (`.keras`) and SavedModel directories are reported only: the files
they produce differ.

## References
- https://keras.io/api/models/model_saving_apis/
- https://keras.io/guides/migrating_to_keras_3/
"""

import libcst as cst

from kerlint.analysis.collect import argument
from kerlint.analysis.values import evaluate
from kerlint.rulekit import Finding, Program

CODE = "KER504"
NAME = "rejected-save-path"
SEVERITY = "E"

BAD = [
    '''
    import keras

    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    checkpoint = keras.callbacks.ModelCheckpoint("best.h5", save_weights_only=True)  # expect: KER504
    model.fit(x, y, epochs=10, callbacks=[checkpoint])
    model.save_weights("final.h5")  # expect: KER504
    model.save("exported_model")  # expect: KER504
    ''',
]

GOOD = [
    '''
    import keras

    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    checkpoint = keras.callbacks.ModelCheckpoint("best_{epoch:02d}.weights.h5", save_weights_only=True)
    model.fit(x, y, epochs=10, callbacks=[checkpoint])
    model.save_weights(f"runs/{run_id}/final.weights.h5")
    model.save("exported_model.keras")
    model.save(export_path)
    restored = keras.models.load_model("exported_model.keras")
    ''',
]

_MODEL_FILES = (".keras", ".h5", ".hdf5")


def _path(node, scope, order):
    """The literal path, or the fixed tail of an f-string; None when not known."""
    if isinstance(node, cst.FormattedString):
        last = node.parts[-1] if node.parts else None
        return last.value if isinstance(last, cst.FormattedStringText) else None
    value = evaluate(node, scope, order)
    return value if isinstance(value, str) else None


def check(program: Program):
    if program.target != "3":
        return
    finder = program.finder
    for site in program.collected.calls:
        call, func, scope, order = site.node, site.node.func, site.scope, site.order
        name = program.qualify(func)
        if isinstance(func, cst.Attribute) and func.attr.value in ("save", "save_weights", "load_weights"):
            if not finder.holds_model(func.value, scope, order) or finder.defines_method(func.value, scope, order, func.attr.value):
                continue
            yield from _method(program, func.attr.value, call, scope, order)
        elif name == "keras.callbacks.ModelCheckpoint":
            node = argument(call, 0, "filepath")
            path = _path(node, scope, order) if node is not None else None
            weights_only = argument(call, None, "save_weights_only")
            if path is None:
                continue
            if weights_only is not None and evaluate(weights_only, scope, order) is True:
                if not path.endswith(".weights.h5"):
                    yield Finding(node, _message("ModelCheckpoint(save_weights_only=True)", path, ".weights.h5"), _suffix_fix(program, node, path))
            elif weights_only is None or evaluate(weights_only, scope, order) is False:
                if not path.endswith(_MODEL_FILES):
                    yield Finding(node, _message("ModelCheckpoint()", path, ".keras"))
        elif name in ("keras.models.load_model", "keras.saving.load_model"):
            node = argument(call, 0, "filepath")
            path = _path(node, scope, order) if node is not None else None
            if path is not None and not path.endswith(_MODEL_FILES + (".zip",)):
                yield Finding(node, f"load_model('{path}'): Keras 3 reads .keras and legacy .h5 files only, not TensorFlow SavedModel directories; load it with keras.layers.TFSMLayer or re-save it as .keras")


def _method(program: Program, method: str, call, scope, order):
    node = argument(call, 0, "filepath")
    path = _path(node, scope, order) if node is not None else None
    if path is None:
        return
    if method == "save_weights" and not path.endswith(".weights.h5"):
        yield Finding(node, _message("save_weights()", path, ".weights.h5"), _suffix_fix(program, node, path))
    elif method == "save" and not path.endswith(_MODEL_FILES):
        yield Finding(node, _message("save()", path, ".keras"))
    elif method == "load_weights" and argument(call, None, "by_name") is not None:
        by_name = evaluate(argument(call, None, "by_name"), scope, order)
        if by_name is True and (path.endswith(".weights.h5") or not path.endswith((".h5", ".hdf5"))):
            yield Finding(node, f"load_weights('{path}', by_name=True): Keras 3 supports by_name only for legacy .h5 files")


def _fixed(path: str, suffix: str) -> str:
    base = path[: -len(".h5")] if path.endswith(".h5") and suffix == ".weights.h5" else path
    return base + suffix


def _message(what: str, path: str, suffix: str) -> str:
    return f"{what} in Keras 3 needs a path ending in {suffix}, got '{path}': use '{_fixed(path, suffix)}'"


def _suffix_fix(program: Program, node, path: str) -> tuple:
    """`"w.h5"` -> `"w.weights.h5"`: a plain literal (no prefix, no escapes) named nowhere else."""
    if not isinstance(node, cst.SimpleString) or node.prefix or "\\" in node.value:
        return ()
    if program.module.code.count(path) != 1:
        return ()
    quote = node.quote
    return ((node, f"{quote}{_fixed(path, '.weights.h5')}{quote}"),)
