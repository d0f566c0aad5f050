"""The removed-API table agrees with the generated knowledge, and KER501 follows --target-keras."""

from __future__ import annotations

import textwrap

import pytest

from kerlint.knowledge import keras_api, removed
from kerlint.runner import lint_text

CODE = textwrap.dedent(
    """
    import tensorflow as tf
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])
    model.compile(optimizer=keras.optimizers.SGD(lr=0.1, decay=1e-6), loss="mse")
    model.fit_generator(batches, epochs=3)
    text = model.to_yaml()
    """
)


def findings(target):
    result = lint_text(CODE, "t.py", {"KER501"}, target=target)
    return [(d.line, d.message.split(" ")[0]) for d in result.diagnostics]


def test_keras3_reports_everything_removed_by_keras3():
    assert findings("3") == [(5, "lr="), (5, "decay="), (6, "model.fit_generator()"), (7, "model.to_yaml()")]


def test_keras2_reports_only_what_tf_keras_215_removed():
    assert findings("2") == [(5, "decay="), (7, "model.to_yaml()")]


def test_decay_is_described_as_ignored_in_keras3():
    result = lint_text(CODE, "t.py", {"KER501"}, target="3")
    decay = [d.message for d in result.diagnostics if d.message.startswith("decay=")]
    assert decay and "ignored" in decay[0]


@pytest.mark.parametrize("entry", [e for e in removed.REMOVED if e.kind == "model_method"], ids=lambda e: e.name)
def test_removed_model_methods_are_absent_from_generated_knowledge(entry):
    for target in ("3", "2"):
        members = keras_api.model_members(target)
        if entry.removed_for(target) and entry.name != "to_yaml":
            assert entry.name not in members, (entry.name, target)
        if not entry.removed_for(target):
            assert entry.name in members, (entry.name, target)


def test_removed_keywords_are_not_parameters_of_the_target():
    for entry in removed.REMOVED:
        if entry.kind != "keyword" or not entry.removed_for("3"):
            continue
        if entry.applies_to == "fit":
            assert entry.name not in keras_api.signature("fit", "3")["params"]
        elif entry.applies_to == "layer":
            assert entry.name not in keras_api.class_params("layers", "Dense", "3")["params"]
        elif entry.applies_to == "optimizer" and entry.name != "decay":  # decay is swallowed, see above
            assert entry.name not in keras_api.class_params("optimizers", "Adam", "3")["params"]


def test_a_non_model_receiver_is_left_alone():
    code = "from sklearn.linear_model import LogisticRegression\nclf = LogisticRegression()\np = clf.predict_proba(x)\n"
    assert lint_text(code, "t.py", {"KER501"}).diagnostics == []


def test_the_merge_module_is_not_called_the_keras1_merge_function():
    from kerlint.runner import lint_text

    result = lint_text("from keras.layers.merge import concatenate\nfrom keras.layers import Dense, merge\n", "t.py", {"KER501"})
    assert [d.message for d in result.diagnostics] == [
        "keras.layers.merge does not exist since Keras 2.13; use keras.layers (Concatenate, Add, ...)",
        "keras.layers.merge was removed in Keras 2.0; use the Concatenate(), Add(), Multiply()... layers",
    ]
