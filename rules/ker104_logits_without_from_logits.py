"""Linear output with a crossentropy loss that expects probabilities.

## What it does
Reports a model whose output layer has no activation (it outputs logits) and
whose crossentropy loss is used without `from_logits=True`. A loss given as a
string (`"sparse_categorical_crossentropy"`) or function always expects
probabilities.

## Why is this bad?
Without `from_logits=True` the loss treats the raw scores as probabilities:
Keras divides them by their sum and clips the result into (0, 1) before
taking the log. A negative score for the true class becomes the same clipped
value whatever its size (a loss of about 16 with no gradient), and the others
are compared on a meaningless scale. Training stalls or learns the wrong
thing, without any error. Either end the model with `softmax` / `sigmoid`, or
keep the logits and tell the loss.

## Fix safety
No automatic fix yet: both remedies are valid.

## References
- https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class
"""

from kerlint.rulekit import Finding, Program, describe_output, semantics

CODE = "KER104"
NAME = "logits-without-from-logits"
SEVERITY = "E"

BAD = [
    '''
    import tensorflow as tf

    model = tf.keras.Sequential([
        tf.keras.layers.Flatten(input_shape=(28, 28)),
        tf.keras.layers.Dense(128, activation="relu"),
        tf.keras.layers.Dense(10),
    ])
    model.compile(optimizer="adam",
                  loss=tf.keras.losses.SparseCategoricalCrossentropy(),  # expect: KER104
                  metrics=["accuracy"])
    ''',
]

GOOD = [
    '''
    import tensorflow as tf

    model = tf.keras.Sequential([
        tf.keras.layers.Flatten(input_shape=(28, 28)),
        tf.keras.layers.Dense(128, activation="relu"),
        tf.keras.layers.Dense(10),
    ])
    model.compile(optimizer="adam",
                  loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    ''',
]

_ACTIVATION = {"binary_crossentropy": "sigmoid", "binary_focal_crossentropy": "sigmoid"}


def check(program: Program):
    for training in program.trainings():
        output, loss = training.head.output, training.loss
        if output.activation != "linear" or output.layer is None or output.layer.kind != "Dense":
            continue
        if loss.name not in semantics.CROSSENTROPY or loss.from_logits is not False:
            continue
        activation = _ACTIVATION.get(loss.name, "softmax")
        if loss.form == "instance":
            fix = f"pass from_logits=True to {program.source_of(loss.node.func)}()"
        else:
            class_name = "".join(part.capitalize() for part in loss.name.split("_"))
            fix = f"use keras.losses.{class_name}(from_logits=True)"
        yield Finding(loss.node, f"{describe_output(output)} produces logits but {loss.name} expects probabilities; {fix}, or add activation='{activation}'")
