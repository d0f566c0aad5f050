"""The task a model is trained for, inferred from its labels, output and loss.

Priority follows how much each source says about intent: the labels (the
data defines the problem), then the output activation (softmax/sigmoid are
deliberate), then the loss, then the metrics. A linear output says little on
its own (regression, or logits for a crossentropy). The evidence is kept so
that messages and `kerlint inspect` can show why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from kerlint.analysis.labels import Evidence, Labels
from kerlint.analysis.models import Compile, Head, LossSpec
from kerlint.knowledge import semantics

BINARY = "binary"
MULTICLASS = "multiclass"
MULTILABEL = "multilabel"
REGRESSION = "regression"
REGRESSION01 = "regression in [0, 1]"
UNKNOWN = "unknown"
CLASSIFICATION = (BINARY, MULTICLASS, MULTILABEL)


@dataclass(frozen=True)
class Task:
    kind: str
    n_classes: Optional[int] = None
    evidence: tuple = field(default_factory=tuple)
    source: str = ""  # labels | output | loss | metrics

    @property
    def is_classification(self) -> bool:
        return self.kind in CLASSIFICATION


def infer(head: Head, compile_: Optional[Compile], loss: Optional[LossSpec], labels: Labels) -> Task:
    from_labels = _from_labels(labels)
    if from_labels is not None:
        return from_labels
    out = head.output
    units = out.units
    act = out.activation
    loss_name = loss.name if loss is not None else None
    where = out.activation_node or (out.layer.call if out.layer else None)
    if act == "softmax" and (units is None or units > 1):
        n = units
        return Task(MULTICLASS, n, (Evidence(f"softmax output of {n} units" if n else "softmax output", where),), "output")
    if out.layer is not None and out.layer.kind != "Dense":
        # A convolution or recurrent output predicts per position (segmentation,
        # reconstruction, sequence tagging): units say nothing about classes.
        if loss_name in semantics.REGRESSION_LOSSES:
            kind = REGRESSION01 if act == "sigmoid" else REGRESSION
            return Task(kind, None, (Evidence(f"{loss_name} loss on a {out.layer.kind} output", loss.node),), "loss")
        return Task(UNKNOWN)
    if act == "sigmoid" and out.layer is not None:
        if loss_name in semantics.REGRESSION_LOSSES and not has_class_metric(compile_):
            return Task(REGRESSION01, None, (Evidence(f"sigmoid output trained with {loss_name}", where),), "output")
        if units == 1:
            return Task(BINARY, 2, (Evidence("sigmoid output of 1 unit", where),), "output")
        if units is not None and units > 1:
            return Task(MULTILABEL, units, (Evidence(f"sigmoid output of {units} units", where),), "output")
    if loss is not None and loss_name is not None:
        node = loss.node
        if loss_name in semantics.CATEGORICAL_CROSSENTROPY | semantics.SPARSE_CROSSENTROPY:
            n = units if units is not None and units > 1 else None
            return Task(MULTICLASS, n, (Evidence(f"{loss_name} loss", node),), "loss")
        if loss_name in semantics.BINARY_CROSSENTROPY and units is not None:
            kind = BINARY if units == 1 else MULTILABEL
            return Task(kind, 2 if kind == BINARY else units, (Evidence(f"{loss_name} loss", node),), "loss")
        if loss_name in semantics.REGRESSION_LOSSES and act in ("linear", "relu", "softplus", "exponential"):
            return Task(REGRESSION, None, (Evidence(f"{loss_name} loss on a {act} output", node),), "loss")
    return Task(UNKNOWN)


def _from_labels(labels: Labels) -> Optional[Task]:
    if not labels.known:
        return None
    if labels.encoding == "continuous":
        return Task(REGRESSION, None, labels.evidence, "labels")
    if labels.encoding == "multihot":
        return Task(MULTILABEL, labels.n_classes, labels.evidence, "labels")
    n = labels.n_classes
    if n == 2 and labels.encoding == "integer":
        return Task(BINARY, 2, labels.evidence, "labels")
    return Task(MULTICLASS, n, labels.evidence, "labels")


def has_class_metric(compile_: Optional[Compile]) -> bool:
    return compile_ is not None and any(m.name in semantics.ACCURACY_METRICS for m in compile_.metrics)
