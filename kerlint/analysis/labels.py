"""Where the labels passed to fit come from, and how they are encoded.

`to_categorical(y, 46)` -> one-hot, 46 classes; the y of `mnist.load_data()`
-> integer labels of 10 classes; `y / 255` -> scaled (the value range is no
longer known). Unknown origins stay unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

import libcst as cst

from kerlint.analysis.collect import Binding, Scope
from kerlint.analysis.collect import argument
from kerlint.analysis.values import as_int, evaluate, follow
from kerlint.knowledge.datasets import DATASETS, Dataset, cifar100_classes


@dataclass(frozen=True)
class Evidence:
    text: str  # "one-hot labels of 46 classes from to_categorical"
    node: cst.CSTNode  # where it was seen (its line is cited)


@dataclass(frozen=True)
class Labels:
    encoding: Optional[str] = None  # onehot | integer | multihot | continuous
    n_classes: Optional[int] = None
    dataset: Optional[Dataset] = None
    scaled: bool = False  # arithmetic applied since the origin: value range unknown
    evidence: tuple = field(default_factory=tuple)

    @property
    def known(self) -> bool:
        return self.encoding is not None

    @property
    def value_range(self) -> Optional[tuple]:
        if self.dataset is None or self.scaled or self.encoding != self.dataset.label_encoding:
            return None
        return self.dataset.y_range

    @property
    def cause(self) -> tuple:
        """The evidence a message cites: the last step (to_categorical over load_data)."""
        return self.evidence[-1:]

    @property
    def is_classes(self) -> bool:
        return self.encoding in ("onehot", "integer", "multihot")


_UNKNOWN = Labels()
_WRAPPERS = {"numpy.array", "numpy.asarray", "numpy.float32", "numpy.int32", "numpy.int64", "numpy.squeeze", "numpy.ravel", "tensorflow.convert_to_tensor", "tensorflow.constant"}
_ONE_HOT_ENCODERS = {"pandas.get_dummies", "sklearn.preprocessing.OneHotEncoder", "sklearn.preprocessing.LabelBinarizer"}
# Several labels on at once per row: multilabel targets, not one-hot classes.
_MULTI_HOT_ENCODERS = {"sklearn.preprocessing.MultiLabelBinarizer"}
_INTEGER_ENCODERS = {"sklearn.preprocessing.LabelEncoder"}


_DATASET_PASSTHROUGH = frozenset({"batch", "cache", "prefetch", "shuffle", "repeat", "take", "skip", "unbatch", "with_options"})
_DIRECTORY_DATASETS = frozenset({"image_dataset_from_directory", "text_dataset_from_directory", "audio_dataset_from_directory"})
# label_mode / class_mode -> (encoding, number of classes when the mode fixes it)
_LABEL_MODES = {"int": ("integer", None), "categorical": ("onehot", None), "binary": ("integer", 2)}
_CLASS_MODES = {"categorical": ("onehot", None), "sparse": ("integer", None), "binary": ("integer", 2)}


def _constant_argument(call: cst.Call, keyword: str, default: str, scope: Scope, order: int):
    node = argument(call, None, keyword)
    return default if node is None else evaluate(node, scope, order)


def _labels_for_mode(mode, table: dict, call: cst.Call, spelled: str) -> Labels:
    if not isinstance(mode, str) or mode not in table:
        return _UNKNOWN
    encoding, n = table[mode]
    text = f"{'one-hot' if encoding == 'onehot' else 'integer'} labels ({spelled})"
    return Labels(encoding, n, None, False, (Evidence(text, call),))


class LabelTracer:
    def __init__(self, finder) -> None:
        self.finder = finder  # ModelFinder: names and evaluation helpers
        self.c = finder.c

    def qualify(self, node) -> Optional[str]:
        return self.finder.qualify(node)

    def labels_of(self, expr: Optional[cst.BaseExpression], scope: Scope, order: int, depth: int = 0) -> Labels:
        if expr is None or depth > 30:
            return _UNKNOWN
        found, scope, order = follow(expr, scope, order)
        if isinstance(found, Binding):
            return self._from_binding(found, depth)
        if isinstance(found, cst.Subscript):
            one_hot = self._eye_one_hot(found, scope, order, depth)
            if one_hot is not None:
                return one_hot
            return self.labels_of(found.value, scope, order, depth + 1)  # y[:1000], y[idx]
        if isinstance(found, cst.BinaryOperation):
            inner = self.labels_of(found.left, scope, order, depth + 1)
            return replace(inner, scaled=True) if inner.known else inner
        if isinstance(found, cst.Call):
            return self._from_call(found, scope, order, depth)
        return _UNKNOWN

    def _from_binding(self, binding: Binding, depth: int) -> Labels:
        if binding.kind == "aug":  # y /= 255 transforms what y was before
            previous = self.labels_of(cst.Name(binding.name), binding.scope, binding.order, depth + 1)
            return replace(previous, scaled=True) if previous.known else previous
        if binding.kind == "assign" and binding.path and isinstance(binding.value, cst.Call):
            return self._from_unpacking(binding)
        return _UNKNOWN

    def labels_in_dataset(self, expr: Optional[cst.BaseExpression], scope: Scope, order: int, depth: int = 0) -> Labels:
        """The labels inside a dataset passed to fit alone: `fit(train_ds)`.

        From `image_dataset_from_directory(label_mode=...)` (and its text and
        audio siblings) and `ImageDataGenerator.flow_from_directory(class_mode=...)`,
        through `.batch()`, `.cache()`, `.prefetch()`, `.shuffle()`. A `.map()`
        may change the labels: unknown from there on.
        """
        if expr is None or depth > 30:
            return _UNKNOWN
        found, scope, order = follow(expr, scope, order)
        if not isinstance(found, cst.Call):
            return _UNKNOWN
        func = found.func
        if isinstance(func, cst.Attribute) and func.attr.value in _DATASET_PASSTHROUGH:
            return self.labels_in_dataset(func.value, scope, order, depth + 1)
        name = self.qualify(func)
        if name and name.rsplit(".", 1)[-1] in _DIRECTORY_DATASETS:
            mode = _constant_argument(found, "label_mode", "int", scope, order)
            return _labels_for_mode(mode, _LABEL_MODES, found, f"label_mode='{mode}'")
        if isinstance(func, cst.Attribute) and func.attr.value in ("flow_from_directory", "flow_from_dataframe"):
            mode = _constant_argument(found, "class_mode", "categorical", scope, order)
            return _labels_for_mode(mode, _CLASS_MODES, found, f"class_mode='{mode}'")
        return _UNKNOWN

    def _eye_one_hot(self, subscript: cst.Subscript, scope: Scope, order: int, depth: int) -> Optional[Labels]:
        """`np.eye(n)[y]`: one-hot rows of the identity matrix."""
        eye, eye_scope, eye_order = follow(subscript.value, scope, order)
        if not isinstance(eye, cst.Call) or self.qualify(eye.func) != "numpy.eye" or len(subscript.slice) != 1:
            return None
        index = subscript.slice[0].slice
        source = self.labels_of(index.value, scope, order, depth + 1) if isinstance(index, cst.Index) else Labels()
        n = as_int(evaluate(argument(eye, 0, "N"), eye_scope, eye_order))
        text = f"one-hot labels of {n} classes from np.eye" if n else "one-hot labels from np.eye"
        return Labels("onehot", n, source.dataset, False, source.evidence + (Evidence(text, eye),))

    def _from_unpacking(self, binding: Binding) -> Labels:
        """`(x_train, y_train), (x_test, y_test) = mnist.load_data()`."""
        call = binding.value
        dataset = self.dataset_of(call)
        if dataset is None or len(binding.path) != 2 or binding.path[1] != 1:
            return _UNKNOWN
        n = dataset.n_classes
        if dataset.name == "cifar100":
            mode = argument(call, 0, "label_mode")
            n = cifar100_classes(evaluate(mode, binding.scope, binding.order) if mode is not None else None)
        if dataset.task == "regression":
            text = f"continuous targets of {dataset.name} ({dataset.description})"
        else:
            text = f"integer labels of {n} classes from {dataset.name}.load_data()"
        return Labels(dataset.label_encoding, n, dataset, False, (Evidence(text, call),))

    def dataset_of(self, call: cst.Call) -> Optional[Dataset]:
        name = self.qualify(call.func)
        if name and name.startswith("keras.datasets.") and name.endswith(".load_data"):
            return DATASETS.get(name.split(".")[2])
        return None

    def _from_call(self, call: cst.Call, scope: Scope, order: int, depth: int) -> Labels:
        func = call.func
        name = self.qualify(func)
        first = call.args[0].value if call.args else None
        if name == "keras.utils.to_categorical" or name == "tensorflow.one_hot":
            n_node = argument(call, 1, "num_classes" if name.startswith("keras") else "depth")
            source = self.labels_of(first, scope, order, depth + 1)
            n = as_int(evaluate(n_node, scope, order)) if n_node is not None else source.n_classes
            fn = "to_categorical" if name.startswith("keras") else "tf.one_hot"
            text = f"one-hot labels of {n} classes from {fn}" if n else f"one-hot labels from {fn}"
            return Labels("onehot", n, source.dataset, False, source.evidence + (Evidence(text, call),))
        if name in _WRAPPERS:
            return self.labels_of(first, scope, order, depth + 1)
        if isinstance(func, cst.Attribute) and func.attr.value in ("astype", "reshape", "flatten", "ravel", "squeeze", "copy", "to_numpy", "values"):
            return self.labels_of(func.value, scope, order, depth + 1)
        encoder = self._encoder_class(func, scope, order)
        if encoder in _ONE_HOT_ENCODERS or name in _ONE_HOT_ENCODERS:
            return Labels("onehot", None, None, False, (Evidence("one-hot labels", call),))
        if encoder in _MULTI_HOT_ENCODERS or name in _MULTI_HOT_ENCODERS:
            return Labels("multihot", None, None, False, (Evidence("multilabel targets from MultiLabelBinarizer", call),))
        if encoder in _INTEGER_ENCODERS:
            return Labels("integer", None, None, False, (Evidence("integer labels from LabelEncoder", call),))
        return _UNKNOWN

    def _encoder_class(self, func, scope: Scope, order: int) -> Optional[str]:
        """`LabelEncoder().fit_transform(y)` or `enc.fit_transform(y)` -> the encoder's class."""
        if not (isinstance(func, cst.Attribute) and func.attr.value in ("fit_transform", "transform")):
            return None
        found, _, _ = follow(func.value, scope, order)
        if isinstance(found, cst.Call):
            return self.qualify(found.func)
        return None
