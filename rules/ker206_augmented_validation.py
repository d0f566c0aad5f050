"""Data augmentation applied to validation or test data.

## What it does
Reports an `ImageDataGenerator` built with augmentation arguments
(`rotation_range`, `width_shift_range`, `zoom_range`, `horizontal_flip`...)
whose flow feeds `validation_data`, `evaluate` or `predict`, including
`flow_from_directory(..., subset="validation")` on the augmenting generator.
Augmentation layers inside the model are fine: they are inactive at inference.

## Why is this bad?
Augmentation makes training harder on purpose. Applied to validation or test
images it scores the model on distorted inputs it will never see in use: the
scores are noisy and pessimistic, and early stopping or model selection
follows that noise. Validation and test data get only the deterministic
preprocessing (`rescale`).

## Fix safety
No automatic fix: use a second generator with `rescale` only.

## References
- Chollet, Deep Learning with Python, "Using data augmentation"
"""

import libcst as cst

from kerlint.analysis.collect import argument
from kerlint.analysis.values import evaluate, follow
from kerlint.rulekit import Finding, Program

CODE = "KER206"
NAME = "augmented-validation-data"
SEVERITY = "W"

BAD = [
    '''
    from tensorflow import keras
    from tensorflow.keras.preprocessing.image import ImageDataGenerator

    datagen = ImageDataGenerator(rescale=1.0 / 255, rotation_range=40, zoom_range=0.2, horizontal_flip=True, validation_split=0.2)
    train = datagen.flow_from_directory("data/", target_size=(150, 150), class_mode="binary", subset="training")
    val = datagen.flow_from_directory("data/", target_size=(150, 150), class_mode="binary", subset="validation")
    model = keras.Sequential([keras.Input(shape=(150, 150, 3)), keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy")
    model.fit(train, epochs=30, validation_data=val)  # expect: KER206
    ''',
]

GOOD = [
    '''
    from tensorflow import keras
    from tensorflow.keras.preprocessing.image import ImageDataGenerator

    train_datagen = ImageDataGenerator(rescale=1.0 / 255, rotation_range=40, zoom_range=0.2, horizontal_flip=True)
    test_datagen = ImageDataGenerator(rescale=1.0 / 255)
    train = train_datagen.flow_from_directory("data/train", target_size=(150, 150), class_mode="binary")
    val = test_datagen.flow_from_directory("data/validation", target_size=(150, 150), class_mode="binary")
    model = keras.Sequential([keras.Input(shape=(150, 150, 3)), keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy")
    model.fit(train, epochs=30, validation_data=val)
    ''',
]

_AUGMENTING = frozenset(
    {"rotation_range", "width_shift_range", "height_shift_range", "shear_range", "zoom_range", "channel_shift_range",
     "horizontal_flip", "vertical_flip", "brightness_range"}
)
_NEUTRAL = (None, False, 0, 0.0, 1, 1.0, [1, 1], (1, 1))


def check(program: Program):
    for model in program.models:
        for call in model.data_calls("fit", "fit_generator"):
            validation = argument(call.call, None, "validation_data")
            if validation is not None:
                yield from _augmented(program, validation, call, "validation_data")
        for call in model.data_calls("evaluate", "predict", "evaluate_generator", "predict_generator"):
            if call.x is not None:
                yield from _augmented(program, call.x, call, f"{call.method}()")


def _augmented(program: Program, expr, call, where: str):
    flow, scope, order = follow(expr, call.scope, call.order) if isinstance(expr, cst.Name) else (expr, call.scope, call.order)
    if not (isinstance(flow, cst.Call) and isinstance(flow.func, cst.Attribute) and flow.func.attr.value.startswith("flow")):
        return
    generator, g_scope, g_order = follow(flow.func.value, scope, order) if isinstance(flow.func.value, cst.Name) else (flow.func.value, scope, order)
    if not isinstance(generator, cst.Call) or (program.qualify(generator.func) or "").rsplit(".", 1)[-1] != "ImageDataGenerator":
        return
    augmentations = []
    for arg in generator.args:
        if arg.keyword is not None and arg.keyword.value in _AUGMENTING:
            value = evaluate(arg.value, g_scope, g_order)
            # True == 1 in Python: a flag is augmenting when it is True, whatever _NEUTRAL holds
            if value is True or (not isinstance(value, bool) and value not in _NEUTRAL):
                augmentations.append(arg.keyword.value)
    if augmentations:
        yield Finding(expr, f"{where} is fed by a generator that augments ({', '.join(augmentations)}, {program.where(generator)}): "
                      "validation and test images should only be rescaled; use a separate ImageDataGenerator(rescale=...)")
