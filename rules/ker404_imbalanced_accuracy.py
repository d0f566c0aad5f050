"""Imbalanced classes monitored by accuracy alone.

## What it does
Reports a `fit` that passes `class_weight=` or `sample_weight=` (the script
knows its classes are imbalanced) to a model whose only metric is accuracy.
Off by default (methodology advice): enable with `--extend-select KER404`.

## Why is this bad?
With 95% negatives, a model that always answers "negative" has 95% accuracy.
Accuracy hides exactly the failure that class weights try to prevent;
precision, recall and AUC show it.

## Fix safety
No automatic fix.

## References
- Chollet, Deep Learning with Python, "Choosing a measure of success"
- https://keras.io/examples/structured_data/imbalanced_classification/
"""

from kerlint.analysis.collect import argument
from kerlint.rulekit import Finding, Program, semantics

CODE = "KER404"
NAME = "imbalanced-classes-accuracy-only"
SEVERITY = "I"

BAD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([keras.Input(shape=(30,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])  # expect: KER404
    model.fit(x_train, y_train, epochs=20, class_weight={0: 1.0, 1: 19.0})
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([keras.Input(shape=(30,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy",
                  metrics=["accuracy", keras.metrics.Precision(), keras.metrics.Recall(), keras.metrics.AUC()])
    model.fit(x_train, y_train, epochs=20, class_weight={0: 1.0, 1: 19.0})
    ''',
]

_INFORMATIVE = frozenset({"precision", "recall", "auc", "f1_score", "f_beta_score", "precision_at_recall", "recall_at_precision",
                          "true_positives", "false_positives", "true_negatives", "false_negatives",
                          "sensitivity_at_specificity", "specificity_at_sensitivity"})


def check(program: Program):
    for model in program.models:
        weighted = [c for c in model.data_calls("fit") if argument(c.call, None, "class_weight") is not None or argument(c.call, None, "sample_weight") is not None]
        if not weighted:
            continue
        for compile_ in model.compiles:
            names = {m.name for m in compile_.metrics}
            if names and names <= semantics.ACCURACY_METRICS and not names & _INFORMATIVE:
                metric = compile_.metrics[0]
                yield Finding(metric.node, "the classes are weighted (imbalanced) but accuracy is the only metric: "
                              "a model that always predicts the majority class scores high; add Precision(), Recall() or AUC()")
