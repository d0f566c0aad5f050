"""`kerlint inspect FILE`: what kerlint understood, so users can see why it said what it said."""

from __future__ import annotations

import libcst as cst

from kerlint.analysis.program import Program
from kerlint.analysis.shape_flow import format_shape
from kerlint.analysis.task import UNKNOWN


def render(module: cst.Module, path: str, locate=None, target: str = "3") -> str:
    program = Program(module, path, locate, target)
    if not program.models:
        return f"{path}: no Keras model found"
    out = []
    for number, model in enumerate(program.models, 1):
        line = program.where(model.node if not isinstance(model.node, cst.ClassDef) else model.node.name)
        out.append(f"model {number}: {model.name} ({model.kind}, {line})")
        shapes = program.shapes_of(model)
        out.append(f"  input: {_input(program, shapes)}")
        out.append("  layers:" + " " * 35 + "output shape")
        for head_index, head in enumerate(model.heads):
            if len(model.heads) > 1:
                out.append(f"   output {head_index + 1}" + (f" ({head.name})" if head.name else "") + ":")
            if not head.chain:
                out.append("    (none found)")
            for layer in _graph_layers(shapes, head) if len(model.heads) == 1 else head.chain:
                text = layer.describe() if layer.known else f"? {_short(program, layer.call)}"
                out.append(f"    {program.where(layer.call):<17} {text:<32} {_layer_shape(shapes, layer)}")
        for head_index, head in enumerate(model.heads):
            output = head.output
            label = f"  output{' ' + str(head_index + 1) if len(model.heads) > 1 else ''}:"
            if output.layer is None:
                out.append(f"{label} unknown final layer")
            else:
                out.append(f"{label} {output.layer.kind}, {output.units if output.units is not None else '?'} units, activation {output.activation or '?'}")
        if not model.compiles:
            out.append("  compile: not compiled in this file")
        for compile_ in model.compiles:
            loss = _short(program, compile_.loss_node) if compile_.loss_node is not None else "none"
            metrics = ", ".join(m.name or _short(program, m.node) for m in compile_.metrics) or "none"
            out.append(f"  compile ({program.where(compile_.call)}): loss {loss}; metrics {metrics}")
        for call in model.calls:
            labels = program.tracer.labels_of(call.y, call.scope, call.order) if call.y is not None else None
            x = _short(program, call.x) if call.x is not None else "-"
            y = _short(program, call.y) if call.y is not None else "-"
            out.append(f"  {call.method} ({program.where(call.call)}): x={x}, y={y}")
            if call.x is not None:
                out.append(f"    x: {_story(program, call.x, call)}")
            if labels is not None and labels.known:
                out.append(f"    y: {' -> '.join(program.cite(e) for e in labels.evidence)}")
            elif call.y is not None:
                out.append(f"    y: {_story(program, call.y, call)}")
            if call.method == "fit":
                out.append(f"    evaluation: {_protocol(program, call)}")
        for head in model.heads:
            task = program.task_of(model, head)
            n = f", {task.n_classes} classes" if task.n_classes and task.kind != UNKNOWN else ""
            evidence = f" (from {task.source}: {program.cite_all(task.evidence)})" if task.evidence else ""
            out.append(f"  task: {task.kind}{n}{evidence}")
        out.append("")
    return "\n".join(out).rstrip()


def _input(program: Program, shapes) -> str:
    if shapes.source is None:
        return "shape unknown"
    where = f", {program.where(shapes.source.node)}" if shapes.source.node is not None else ""
    return f"{format_shape(shapes.input)} (from {shapes.source.text}{where})"


def _graph_layers(shapes, head) -> list:
    """Every layer the shapes were followed through, inputs before the layers they feed (the order
    they were computed in), then what of the head's chain was not reached."""
    ordered = [record.layer for record in shapes.layers.values()]
    reached = {id(layer) for layer in ordered}
    return ordered + [layer for layer in head.chain if id(layer) not in reached]


def _layer_shape(shapes, layer) -> str:
    found = shapes.of(layer)
    if found is None:
        return "?"
    if found.varies:
        return "varies (built or called more than once)"
    if found in shapes.rank_errors:
        return f"? (input {format_shape(found.inputs[0])} has the wrong rank)"
    if found in shapes.collapsed:
        return f"{format_shape(found.output)}: size <= 0"
    return format_shape(found.output)


def _short(program: Program, node: cst.CSTNode, limit: int = 60) -> str:
    text = " ".join(program.source_of(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


_STEP_WORDS = {"divide": "divided", "multiply": "multiplied", "subtract": "shifted", "add": "shifted", "scaler": "scaled by a scaler",
               "slice": "sliced", "index": "indexed", "keep": "reshaped/cast", "onehot": "one-hot encoded", "concat": "slices joined"}


def _story(program: Program, expr, call) -> str:
    """Where an array comes from and what was done to it."""
    trace = program.data.trace(expr, call.scope, call.order)
    if trace.origin is None:
        return "origin not known to kerlint"
    origin = trace.origin
    part = "inputs" if origin.part == "x" else "labels"
    text = f"{origin.dataset.name} {origin.split} {part} ({program.where(origin.node)})"
    for step in trace.steps:
        if step.kind == "keep":
            continue
        what = _STEP_WORDS.get(step.kind, step.kind)
        text += f" -> {what}: {_short(program, step.node, 40)} ({program.where(step.node)})"
    if not trace.scaled and origin.part == "x":
        text += " -> not scaled"
    return text


def _protocol(program: Program, call) -> str:
    from kerlint.analysis.collect import argument

    parts = []
    split = argument(call.call, None, "validation_split")
    if split is not None:
        parts.append(f"hold-out: validation_split={_short(program, split)}")
    data = argument(call.call, None, "validation_data")
    if data is not None:
        parts.append(f"hold-out: validation_data={_short(program, data)}")
    for loop in program.collected.loops:
        if loop.contains(call.order):
            parts.append(f"inside a loop ({program.where(loop.node)}: {_short(program, loop.node.iter, 40)}), e.g. K-fold")
            break
    return "; ".join(parts) or "no validation during training"
