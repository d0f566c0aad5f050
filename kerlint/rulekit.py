"""What rule modules import: the Finding type and wording shared by several rules."""

from __future__ import annotations

from typing import Optional

from kerlint.analysis.labels import Labels
from kerlint.analysis.models import Output
from kerlint.analysis.program import Program, Training
from kerlint.analysis.task import BINARY, MULTICLASS, MULTILABEL, Task
from kerlint.diagnostics import Finding
from kerlint.knowledge import semantics

__all__ = ["Finding", "Program", "Training", "describe_output", "evidence_clause", "classification_loss", "semantics"]


def describe_output(output: Output) -> str:
    """`softmax output Dense(46)` / `linear output Dense(10)`."""
    layer = output.layer
    units = output.units
    if layer is None:
        return f"{output.activation or 'unknown'} output"
    size = f"{units} unit{'s' if units != 1 else ''}" if units is not None else "units unknown"
    return f"{output.activation or 'unknown'} output ({layer.kind}, {size})"


def evidence_clause(program: Program, task: Task, labels: Optional[Labels] = None) -> str:
    """`46 classes: one-hot labels of 46 classes from to_categorical at line 12`."""
    evidence = labels.evidence if labels is not None and labels.known else task.evidence
    return program.cite_all(evidence) if evidence else ""


def classification_loss(task: Task, labels: Labels, units: Optional[int]) -> str:
    """The loss that fits a classification task, given what is known of its labels."""
    if task.kind == BINARY or (units == 1 and task.kind != MULTICLASS):
        return "binary_crossentropy"
    if task.kind == MULTILABEL:
        return "binary_crossentropy"
    if labels.encoding == "onehot":
        return "categorical_crossentropy"
    if labels.encoding == "integer":
        return "sparse_categorical_crossentropy"
    if task.kind == MULTICLASS:
        return "categorical_crossentropy (one-hot labels) or sparse_categorical_crossentropy (integer labels)"
    return "a crossentropy loss"
