"""The Program: what a script does, in Keras terms. Rules read this, not the raw tree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

import libcst as cst

from kerlint.analysis.collect import collect
from kerlint.analysis.positions import positions
from kerlint.analysis.data import DataTracer
from kerlint.analysis.labels import Evidence, LabelTracer, Labels
from kerlint.analysis.collect import argument
from kerlint.analysis.models import Compile, Head, Layer, LossSpec, Model, ModelFinder
from kerlint.analysis.task import Task, infer


@dataclass(frozen=True)
class Training:
    """One output head of one model, trained with one compile's loss."""

    model: Model
    head: Head
    compile: Compile
    loss: LossSpec
    labels: Labels
    task: Task


class Program:
    def __init__(self, module: cst.Module, path: str = "<string>", locate=None, target: str = "3") -> None:
        self.module = module
        self.path = path
        self.target = target  # the Keras major version the code is checked against
        # notebooks: program line -> (cell, line in cell)
        self.locate = locate
        self.collected = collect(module)
        self.finder = ModelFinder(self.collected)
        self.models: list[Model] = self.finder.find()
        self.tracer = LabelTracer(self.finder)
        self.data = DataTracer(self.finder)
        self._labels: dict = {}
        self._positions: dict[int, tuple] = {}
        self._shape_flow = None

    # -- shapes -----------------------------------------------------------------
    @property
    def shape_flow(self):
        """Static shapes (kerlint.analysis.shape_flow), computed when a rule first asks."""
        if self._shape_flow is None:
            from kerlint.analysis.shape_flow import ShapeFlow

            self._shape_flow = ShapeFlow(self.finder, self.target)
        return self._shape_flow

    def shapes_of(self, model: Model):
        return self.shape_flow.of_model(model)

    def output_shape(self, model: Model, head: Head):
        outputs = self.shapes_of(model).outputs
        index = model.heads.index(head) if head in model.heads else -1
        return outputs[index] if 0 <= index < len(outputs) else None

    def target_shape(self, model: Model, compile_: Optional[Compile] = None):
        """(shape, fit call) of the labels of the first fit whose label shape is known (single-output models)."""
        if len(model.heads) != 1:
            return None, None
        for call in self._fits_for(model, compile_):
            if call.y is not None:
                shape = self.shape_flow.arrays.shape_of(call.y, call.scope, call.order)
                if shape is not None:
                    return shape, call
        return None, None

    # -- names and positions ------------------------------------------------
    def qualify(self, node: cst.CSTNode) -> Optional[str]:
        return self.finder.qualify(node)

    def position(self, node: cst.CSTNode) -> tuple[int, int]:
        """1-based (line, column) of a node.

        Positions cost a code generation pass over the module, so they are
        computed on the first request (only files that report something ask),
        for the requested node and every node rules usually point at: calls,
        their arguments and the items of list arguments.
        """
        found = self._positions.get(id(node))
        if found is None:
            targets = [node]
            if not self._positions:
                for site in self.collected.calls:
                    targets.append(site.node)
                    for arg in site.node.args:
                        targets.append(arg.value)
                        if isinstance(arg.value, (cst.List, cst.Tuple)):
                            targets.extend(e.value for e in arg.value.elements)
            self._positions.update(positions(self.module, targets))
            found = self._positions[id(node)]
        return found

    def line_of(self, node: cst.CSTNode) -> int:
        return self.position(node)[0]

    def where(self, node: cst.CSTNode) -> str:
        """`line 12`, or `cell 3, line 4` in a notebook: how messages cite a place."""
        line = self.line_of(node)
        if self.locate is None:
            return f"line {line}"
        cell, cell_line = self.locate(line)
        return f"cell {cell}, line {cell_line}" if cell is not None else f"line {line}"

    def cite(self, evidence: Evidence) -> str:
        return f"{evidence.text} at {self.where(evidence.node)}"

    def cite_all(self, evidence) -> str:
        return "; ".join(self.cite(e) for e in evidence)

    def source_of(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    # -- layers ---------------------------------------------------------------
    def layer_calls(self) -> Iterator[Layer]:
        """Every layer constructed in the file, whether or not it ends up in a known model."""
        for site in self.collected.calls:
            kind = self.finder.layer_class(site.node.func)
            if kind is not None:
                yield self.finder.layer_of(site.node, site.scope, site.order)

    # -- data -----------------------------------------------------------------
    def labels_of_model(self, model: Model, compile_: Optional[Compile] = None) -> Labels:
        """The labels the model is fitted on (single-output models; the first fit that says).

        With a compile, only the fits that follow it and precede the model's next
        compile count: a recompile with another loss is meant for later fits.
        """
        key = (id(model), id(compile_))
        if key not in self._labels:
            labels = Labels()
            if len(model.heads) == 1:
                for call in self._fits_for(model, compile_):
                    if call.y is None:
                        found = self.tracer.labels_in_dataset(call.x, call.scope, call.order)
                    else:
                        found = self.tracer.labels_of(call.y, call.scope, call.order)
                    if found.known:
                        labels = found
                        break
            self._labels[key] = labels
        return self._labels[key]

    @staticmethod
    def _fits_for(model: Model, compile_: Optional[Compile]) -> list:
        fits = model.data_calls("fit", "train_on_batch", "fit_generator")
        if compile_ is None or len(model.compiles) < 2:
            return fits
        later = sorted(c.order for c in model.compiles if c.order > compile_.order)
        end = later[0] if later else float("inf")
        return [f for f in fits if compile_.order < f.order < end]

    def trainings(self) -> Iterator[Training]:
        for model in self.models:
            for head, compile_, loss in model.trainings():
                labels = self.labels_of_model(model, compile_)
                yield Training(model, head, compile_, loss, labels, infer(head, compile_, loss, labels))

    def compile_calls(self) -> Iterator[Compile]:
        """The compiles of known models, then any other `x.compile(loss=...)` (e.g. a loaded model)."""
        seen = set()
        for model in self.models:
            for compile_ in model.compiles:
                if id(compile_.call) not in seen:
                    seen.add(id(compile_.call))
                    yield compile_
        for site in self.collected.calls:
            func = site.node.func
            if (
                isinstance(func, cst.Attribute)
                and func.attr.value == "compile"
                and id(site.node) not in seen
                and argument(site.node, None, "loss") is not None
            ):
                yield self.finder.compile_of(site)

    def task_of(self, model: Model, head: Head) -> Task:
        for candidate, compile_, loss in model.trainings():
            if candidate is head:
                return infer(head, compile_, loss, self.labels_of_model(model, compile_))
        return infer(head, None, None, self.labels_of_model(model))
