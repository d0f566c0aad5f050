"""`from_logits=True` on a model whose output is already a probability.

## What it does
Reports a crossentropy loss created with `from_logits=True` for a model whose
output layer already applies `softmax` or `sigmoid`.

## Why is this bad?
With `from_logits=True` the loss applies softmax (or sigmoid) itself. Applied a
second time to values in [0, 1], it squashes every prediction towards a
uniform distribution: the loss can never get close to 0, gradients are tiny,
and the model trains slowly to a poor result, without any error.

## Fix safety
No automatic fix: remove `from_logits=True` or the output activation, not both.

## References
- https://keras.io/api/losses/probabilistic_losses/
"""

from kerlint.rulekit import Finding, Program, describe_output, semantics

CODE = "KER105"
NAME = "from-logits-on-probabilities"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu", input_shape=(32,)),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam",
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))  # expect: KER105
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu", input_shape=(32,)),
        keras.layers.Dense(10),
    ])
    model.compile(optimizer="adam",
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    ''',
]


def check(program: Program):
    for training in program.trainings():
        output, loss = training.head.output, training.loss
        if loss.from_logits is not True or loss.name not in semantics.CROSSENTROPY:
            continue
        if output.activation in ("softmax", "sigmoid"):
            yield Finding(
                loss.from_logits_node or loss.node,
                f"from_logits=True but the {describe_output(output)} already outputs probabilities; "
                f"the loss applies {output.activation} a second time: remove from_logits=True or the output activation",
            )
