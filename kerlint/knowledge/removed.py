"""APIs removed or renamed in Keras, with the version that removed them and the replacement.

`removed_in` is a Keras version: "2.0" (Keras 1 spellings), "2.6" (tf.keras 2.6
removed them; so they are gone under target-keras 2, which means 2.15), "3".
tests/test_removed_api.py holds each entry against the generated knowledge
files, and tests/test_claims_tensorflow.py shows the runtime effect of some.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional


@lru_cache(maxsize=None)
def _version(text: str) -> tuple:
    return tuple(int(part) for part in text.split("."))


@dataclass(frozen=True)
class Removed:
    kind: str  # model_method | function | keyword | module
    name: str
    removed_in: str
    replacement: str
    applies_to: str = ""  # keyword: which calls ("optimizer", "fit", "layer"); function: the module
    rename: str = ""  # the new name when a plain rename is a safe fix (same meaning, same values)

    def removed_for(self, target: str) -> bool:
        """Is it gone in the target major version ("3" or "2", i.e. 2.15)?"""
        return _version(self.removed_in) <= ((3, 0) if target == "3" else (2, 15))

    def describe(self) -> str:
        return f"removed in Keras {self.removed_in}"


REMOVED = [
    # model methods
    Removed("model_method", "to_yaml", "2.6", "model.to_json()"),
    Removed("model_method", "predict_classes", "2.6", "np.argmax(model.predict(x), axis=-1) (or (model.predict(x) > 0.5).astype('int32') for a sigmoid output)"),
    Removed("model_method", "predict_proba", "2.6", "model.predict(x)"),
    Removed("model_method", "fit_generator", "3", "model.fit(generator, ...)", rename="fit"),
    Removed("model_method", "evaluate_generator", "3", "model.evaluate(generator, ...)", rename="evaluate"),
    Removed("model_method", "predict_generator", "3", "model.predict(generator, ...)", rename="predict"),
    # functions
    Removed("function", "model_from_yaml", "2.6", "keras.models.model_from_json()", "keras.models"),
    Removed("function", "merge", "2.0", "the Concatenate(), Add(), Multiply()... layers", "keras.layers"),
    # keywords
    Removed("keyword", "lr", "3", "learning_rate=", "optimizer", rename="learning_rate"),
    # tf.keras 2.11-2.15 raise on decay=; Keras 3 ignores it with only a warning.
    Removed("keyword", "decay", "2.11", "a learning-rate schedule (keras.optimizers.schedules.InverseTimeDecay)", "optimizer"),
    Removed("keyword", "nb_epoch", "2.0", "epochs=", "fit", rename="epochs"),
    Removed("keyword", "samples_per_epoch", "2.0", "steps_per_epoch=", "fit"),
    Removed("keyword", "nb_val_samples", "2.0", "validation_steps=", "fit"),
    Removed("keyword", "init", "2.0", "kernel_initializer=", "layer", rename="kernel_initializer"),
    Removed("keyword", "output_dim", "2.0", "units=", "layer", rename="units"),
    Removed("keyword", "border_mode", "2.0", "padding=", "layer", rename="padding"),
    Removed("keyword", "subsample", "2.0", "strides=", "layer", rename="strides"),
    Removed("keyword", "dim_ordering", "2.0", "data_format=", "layer"),
    Removed("keyword", "W_regularizer", "2.0", "kernel_regularizer=", "layer", rename="kernel_regularizer"),
    Removed("keyword", "b_regularizer", "2.0", "bias_regularizer=", "layer", rename="bias_regularizer"),
    Removed("keyword", "W_constraint", "2.0", "kernel_constraint=", "layer", rename="kernel_constraint"),
    Removed("keyword", "b_constraint", "2.0", "bias_constraint=", "layer", rename="bias_constraint"),
    Removed("keyword", "bias", "2.0", "use_bias=", "layer", rename="use_bias"),
    # modules: Keras 2.13 moved its implementation to keras.src, so these paths
    # fail to import in tf.keras 2.15 already (checked), and in Keras 3.
    Removed("module", "keras.layers.merge", "2.13", "keras.layers (Concatenate, Add, ...)"),
    Removed("module", "keras.utils.np_utils", "2.13", "keras.utils (to_categorical is there)"),
    Removed("module", "keras.layers.core", "2.13", "keras.layers"),
    Removed("module", "keras.layers.convolutional", "2.13", "keras.layers"),
    Removed("module", "keras.layers.recurrent", "2.13", "keras.layers"),
    Removed("module", "keras.layers.embeddings", "2.13", "keras.layers"),
    Removed("module", "keras.layers.normalization", "2.13", "keras.layers"),
    Removed("module", "keras.layers.pooling", "2.13", "keras.layers"),
    Removed("module", "keras.layers.advanced_activations", "2.13", "keras.layers (LeakyReLU, PReLU, ELU, ReLU...)"),
    Removed("module", "keras.engine", "2.13", "keras (Model, Sequential, Input, layers.Layer)"),
    Removed("module", "keras.wrappers.scikit_learn", "2.13", "the scikeras package (scikeras.wrappers.KerasClassifier)"),
]


_BY_NAME: dict = {}
for _entry in REMOVED:
    _BY_NAME.setdefault((_entry.kind, _entry.name), []).append(_entry)


def find(kind: str, name: str, target: str, applies_to: Optional[str] = None) -> Optional[Removed]:
    for entry in _BY_NAME.get((kind, name), ()):
        if entry.removed_for(target) and (applies_to is None or entry.applies_to == applies_to):
            return entry
    return None


def known(kind: str, name: str, applies_to: Optional[str] = None) -> Optional[Removed]:
    """The entry whatever the target (to keep KER503 quiet on names KER501 owns)."""
    for entry in _BY_NAME.get((kind, name), ()):
        if applies_to is None or entry.applies_to == applies_to:
            return entry
    return None


def modules(target: str) -> list:
    """The module paths gone in the target, for import checks."""
    return [e for e in REMOVED if e.kind in ("module", "function") and e.removed_for(target)]
