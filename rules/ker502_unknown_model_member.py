"""Unknown method or attribute of a Keras model.

## What it does
Reports `model.something` where `model` is a Keras model (built in the file,
or loaded with `load_model` / `model_from_json`) and `something` is not part of
the target Keras model API: `model.fet_config()`, `model.to_join()`,
`model.sumary()`, with the closest real name. The API is generated from a
compiled and fitted model of the target Keras. Methods and attributes a user
subclass defines, and attributes the script sets itself (`model.tag = ...`),
are not reported; removed APIs (`predict_classes`) are KER501's.

## Why is this bad?
An AttributeError at that line, which often comes after training has
finished: the model is trained and then lost because saving or reporting
crashed.

## Fix safety
No automatic fix: the suggestion is the closest spelling.

## References
- https://keras.io/api/models/model/
"""

from kerlint.knowledge import keras_api, removed
from kerlint.rulekit import Finding, Program

CODE = "KER502"
NAME = "unknown-model-member"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras

    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
    config = model.fet_config()  # expect: KER502
    with open("model.json", "w") as f:
        f.write(model.to_join())  # expect: KER502
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    class Net(keras.Model):
        def describe(self):
            return self.name

    net = Net()
    print(net.describe())
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1)])
    model.tag = "baseline"
    print(model.tag, model.get_config(), model.to_json(), model.layers, model.input_shape)
    ''',
]


def check(program: Program):
    target = program.target
    members = keras_api.model_members(target)
    if not members:
        return
    finder = program.finder
    assigned = program.collected.assigned_attributes
    for node, scope, order in program.collected.attribute_reads:
        name = node.attr.value
        if name in members or name.startswith("__") or name in assigned.get(node.value.value, ()):
            continue
        if removed.known("model_method", name) is not None:
            continue
        if not finder.holds_model(node.value, scope, order) or _is_user_subclass(finder, node.value, scope, order):
            continue
        yield Finding(node.attr, f"a Keras model has no attribute '{name}'{keras_api.did_you_mean(name, members)}")


def _is_user_subclass(finder, expr, scope, order) -> bool:
    """Subclasses set attributes in methods kerlint may not see (build, helpers): be quiet."""
    model = finder.model_of(expr, scope, order)
    return model is not None and model.kind == "subclass"
