"""Unknown keyword argument to a Keras layer, optimizer, loss, metric, compile or fit.

## What it does
Reports a keyword argument that the target Keras does not accept:
`Dense(3, activaton="relu")`, `fit(x, y, epoch=5)`, `compile(metric=[...])`,
`Adam(learningrate=1e-3)`, with the closest valid name. The accepted keywords
of every public class and of the model methods are generated from the target
Keras (scripts/generate_knowledge.py). Calls that forward `**kwargs` are not
checked; removed keywords (`lr=`, `nb_epoch=`) are KER501's.

## Why is this bad?
Keras raises on unknown keywords (`Unrecognized keyword arguments passed to
Dense`, `fit() got an unexpected keyword argument 'epoch'`), but only when the
line runs: after the data preparation, or at the end of a long training run for
a typo in `evaluate`. In some older versions the argument was silently dropped,
and the model trained without the setting the author believed in.

## Fix safety
No automatic fix: the suggestion is the closest spelling.

## References
- https://keras.io/api/layers/
- https://keras.io/api/models/model_training_apis/
"""

import libcst as cst

from kerlint.knowledge import keras_api, removed
from kerlint.rulekit import Finding, Program

CODE = "KER503"
NAME = "unknown-keyword"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        keras.layers.Dense(64, activaton="relu"),  # expect: KER503
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metric=["accuracy"])  # expect: KER503
    model.fit(x_train, y_train, epoch=5, batch_size=32)  # expect: KER503
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    class Distiller(keras.Model):
        def compile(self, optimizer, metrics, student_loss_fn, alpha=0.1):
            super().compile(optimizer=optimizer, metrics=metrics)
            self.student_loss_fn = student_loss_fn
            self.alpha = alpha

    distiller = Distiller()
    distiller.compile(optimizer="adam", metrics=["accuracy"], student_loss_fn=loss_fn, alpha=0.1)
    ''',
    '''
    from tensorflow import keras

    def dense(units, **kwargs):
        return keras.layers.Dense(units, **kwargs)

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        keras.layers.Dense(64, activation="relu", kernel_regularizer=keras.regularizers.l2(1e-4)),
        dense(1, activation="sigmoid", name="out"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5, batch_size=32, validation_split=0.2)
    ''',
]

_MODULES = ("optimizers", "losses", "metrics")
_METHODS = frozenset({"compile", "fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch", "save", "save_weights", "load_weights", "summary"})


def check(program: Program):
    target = program.target
    finder = program.finder
    for site in program.collected.calls:
        call, func = site.node, site.node.func
        if any(arg.star == "**" for arg in call.args):
            continue
        spec, what = None, None
        kind = finder.layer_class(func)
        if kind is not None:
            spec, what = keras_api.class_params("layers", kind, target), f"{kind}()"
        else:
            name = program.qualify(func)
            if name and name.count(".") == 2 and name.split(".")[1] in _MODULES:
                module, last = name.split(".")[1:]
                spec, what = keras_api.class_params(module, last, target), f"{last}()"
            elif (
                isinstance(func, cst.Attribute)
                and func.attr.value in _METHODS
                and finder.holds_model(func.value, site.scope, site.order)
                and not finder.defines_method(func.value, site.scope, site.order, func.attr.value)
            ):
                spec, what = keras_api.signature(func.attr.value, target), f"{func.attr.value}()"
        if spec is None or spec["accepts_any_keyword"]:
            continue
        params = spec["params"]
        for arg in call.args:
            if arg.keyword is None or arg.keyword.value in params or removed.known("keyword", arg.keyword.value):
                continue
            keyword = arg.keyword.value
            yield Finding(arg.keyword, f"{what} has no keyword argument '{keyword}'{keras_api.did_you_mean(keyword, params)}")
