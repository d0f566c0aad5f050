"""The test set used to select the model.

## What it does
Reports `validation_data=` given the same arrays that the final `evaluate`
scores the model on (the test set monitors training, then grades it).

## Why is this bad?
Whatever watches the validation score during training (you choosing epochs or
hyper-parameters, EarlyStopping, ModelCheckpoint with save_best_only) tunes
the model to that data. If it is also the test set, the final score is no
longer an estimate on unseen data: it is optimistic by construction. Keep a
separate validation split and touch the test set once, at the end.

## Fix safety
No automatic fix: split a validation set off the training data
(`validation_split=0.2`, or slices).

## References
- Chollet, Deep Learning with Python, "Training, validation and test sets"
"""

import libcst as cst

from kerlint.analysis.collect import argument
from kerlint.rulekit import Finding, Program

CODE = "KER203"
NAME = "test-set-for-selection"
SEVERITY = "W"

BAD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)
    model.fit(x_train, y_train, epochs=50, validation_data=(x_test, y_test), callbacks=[stop])  # expect: KER203
    test_loss, test_acc = model.evaluate(x_test, y_test)
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)
    model.fit(x_train, y_train, epochs=50, validation_split=0.1, callbacks=[stop])
    test_loss, test_acc = model.evaluate(x_test, y_test)
    ''',
]


def check(program: Program):
    for model in program.models:
        evaluated = {}
        for call in model.data_calls("evaluate"):
            if isinstance(call.x, cst.Name):
                binding = call.scope.resolve(call.x.value, call.order)
                evaluated.setdefault(id(binding) if binding else call.x.value, call)
        for call in model.data_calls("fit"):
            validation = argument(call.call, None, "validation_data")
            if not isinstance(validation, (cst.Tuple, cst.List)) or not validation.elements:
                continue
            x_val = validation.elements[0].value
            if not isinstance(x_val, cst.Name):
                continue
            binding = call.scope.resolve(x_val.value, call.order)
            if isinstance(call.x, cst.Name) and call.x.value == x_val.value:
                continue  # validating on the training inputs themselves is KER202's finding
            final = evaluated.get(id(binding) if binding else x_val.value)
            if final is not None and final.order > call.order:
                yield Finding(validation, f"{x_val.value} is both the validation data that steers training and the data of "
                              f"the final evaluate ({program.where(final.call)}): the test score is optimistic; "
                              "validate on a split of the training data and evaluate on the test set once")
