"""Class labels scaled like inputs.

## What it does
Reports class labels (the labels of a classification dataset such as mnist,
cifar10, imdb or reuters) that were divided, multiplied, standardised or put
through a scaler before `fit` or `evaluate`, as inputs are (`y_train / 255`).

## Why is this bad?
Class labels are indices or one-hot rows: `7 / 255` is not a class. With
sparse categorical crossentropy Keras casts the scaled labels to integers,
so almost every label becomes 0 and the model learns to predict one class;
with other losses it trains on meaningless targets. Regression targets may be
scaled; class labels must not be.

## Fix safety
No automatic fix: remove the scaling from the labels.

## References
- https://keras.io/api/losses/probabilistic_losses/
"""

from kerlint.rulekit import Finding, Program

CODE = "KER306"
NAME = "class-labels-scaled"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train / 255.0
    y_train = y_train / 255.0  # expect: KER306
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x_train, y_train, epochs=5)
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
    x_train = (x_train - x_train.mean(axis=0)) / x_train.std(axis=0)
    y_mean = y_train.mean()
    y_train = y_train - y_mean  # regression targets may be scaled
    model = keras.Sequential([keras.Input(shape=(13,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer="rmsprop", loss="mse")
    model.fit(x_train, y_train, epochs=5)
    ''',
]


def check(program: Program):
    seen = set()
    for model in program.models:
        for call in model.data_calls("fit", "train_on_batch", "evaluate", "test_on_batch"):
            trace = program.data.trace(call.y, call.scope, call.order)
            origin = trace.origin
            if origin is None or origin.part != "y" or origin.dataset.task == "regression":
                continue
            step = trace.first(("divide", "multiply", "scaler"))
            if step is None or id(step.node) in seen:
                continue
            seen.add(id(step.node))
            yield Finding(step.node, f"class labels of {origin.dataset.name} are scaled like inputs "
                          f"({program.source_of(step.node).strip()}): labels are class indices, not values; leave them unscaled")
