"""A generated corpus for the benchmark: realistic Keras training scripts and plain Python files.

`python bench/generate.py N DIR` writes N files to DIR; `bench/run.py --generate N`
uses the same generator. The corpus is deterministic for a given seed.

Keras scripts (about three in four files) vary the way real ones do:

- import styles: `import keras`, `from tensorflow import keras`, `tf.keras.*`,
  bare names from `keras.layers` / `tensorflow.keras.layers`;
- datasets and tasks: mnist, fashion_mnist, cifar10 (10 classes), imdb (binary,
  multi-hot or padded sequences), reuters (46 classes), boston_housing (regression);
- models: Sequential (a list or `.add()`), functional, subclassed `keras.Model`,
  inline or returned by a `build_model()` function;
- the rest of a training script: preprocessing helpers, callbacks, history
  plots, k-fold loops, argparse, evaluation, saving;
- about a third carry one or two bugs kerlint knows (softmax with
  binary_crossentropy, Dense(1, softmax), MSE on a classifier, accuracy on a
  regression, `Adam(lr=...)`, `save_weights("w.h5")`, a misspelled keyword...).

Plain files (about one in four) are ordinary utilities that never mention
Keras (text processing, config loading, CSV summaries, numpy/scikit-learn
scripts, small algorithms): the inputs of a prefilter that should skip them.
Every file is checked with `ast.parse` when generated; plain files are checked
not to contain "keras" or "tensorflow" in any case.
"""

from __future__ import annotations

import ast
import os
import random
import sys
from dataclasses import dataclass, field

PLAIN_FRACTION = 0.25
BUG_FRACTION = 0.35


# --------------------------------------------------------------------------
# Keras spellings
# --------------------------------------------------------------------------


class Style:
    """How a script spells Keras: the expression for each object, and the imports it needs."""

    KINDS = ("keras3", "tf_keras", "tf_dot", "keras_bare", "tf_keras_bare")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.bare: dict[str, list[str]] = {}  # module -> names imported from it
        self.extra: list[str] = []

    @property
    def root(self) -> str:
        return "tf.keras" if self.kind == "tf_dot" else "keras"

    @property
    def package(self) -> str:
        return "tensorflow.keras" if self.kind.startswith("tf") else "keras"

    def _bare(self, module: str, name: str) -> str:
        names = self.bare.setdefault(module, [])
        if name not in names:
            names.append(name)
        return name

    def layer(self, name: str) -> str:
        if self.kind in ("keras3", "tf_keras"):
            return f"layers.{name}"
        if self.kind == "tf_dot":
            return f"tf.keras.layers.{name}"
        return self._bare(f"{self.package}.layers", name)

    def models(self, name: str) -> str:  # Sequential, Model
        if self.kind.endswith("bare"):
            return self._bare(f"{self.package}.models", name)
        return f"{self.root}.{name}"

    def input(self) -> str:
        if self.kind.endswith("bare"):
            return self._bare(f"{self.package}.layers", "Input")
        return f"{self.root}.Input"

    def dataset(self, name: str) -> str:
        if self.kind.endswith("bare"):
            return self._bare(f"{self.package}.datasets", name)
        return f"{self.root}.datasets.{name}"

    def util(self, name: str) -> str:  # to_categorical
        if self.kind.endswith("bare"):
            return self._bare(f"{self.package}.utils", name)
        return f"{self.root}.utils.{name}"

    def pad_sequences(self) -> str:
        if self.kind == "keras3":
            return "keras.utils.pad_sequences"
        if self.kind in ("tf_keras", "tf_dot"):
            return f"{self.root}.preprocessing.sequence.pad_sequences"
        return self._bare(f"{self.package}.preprocessing.sequence", "pad_sequences")

    def optimizer(self, name: str) -> str:
        if self.kind.endswith("bare"):
            return self._bare(f"{self.package}.optimizers", name)
        return f"{self.root}.optimizers.{name}"

    def loss_class(self, name: str) -> str:
        if self.kind.endswith("bare"):
            return self._bare(f"{self.package}.losses", name)
        return f"{self.root}.losses.{name}"

    def callback(self, name: str) -> str:
        if self.kind.endswith("bare"):
            return self._bare(f"{self.package}.callbacks", name)
        return f"{self.root}.callbacks.{name}"

    def imports(self) -> list[str]:
        if self.kind == "keras3":
            lines = ["import keras", "from keras import layers"]
        elif self.kind == "tf_keras":
            lines = ["import tensorflow as tf", "from tensorflow import keras", "from tensorflow.keras import layers"]
        elif self.kind == "tf_dot":
            lines = ["import tensorflow as tf"]
        else:
            lines = []
            for module in sorted(self.bare):
                lines.append(f"from {module} import {', '.join(self.bare[module])}")
        return lines


# --------------------------------------------------------------------------
# Tasks and models
# --------------------------------------------------------------------------


@dataclass
class Task:
    dataset: str
    kind: str  # multiclass, binary, regression
    classes: int = 0
    inputs: str = "vector"  # vector, image, sequence
    shape: str = ""
    encoding: str = "int"  # int or onehot (multiclass labels)


@dataclass
class LayerSpec:
    name: str
    args: str


@dataclass
class Script:
    lines: list = field(default_factory=list)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def blank(self, n: int = 1) -> None:
        self.lines.extend([""] * n)


def pick_task(rng: random.Random) -> Task:
    dataset = rng.choice(["mnist", "mnist", "fashion_mnist", "cifar10", "imdb", "imdb", "reuters", "reuters", "boston_housing", "boston_housing"])
    if dataset in ("mnist", "fashion_mnist"):
        inputs = rng.choice(["vector", "image"])
        shape = "(28 * 28,)" if inputs == "vector" else "(28, 28, 1)"
        return Task(dataset, "multiclass", 10, inputs, shape, rng.choice(["int", "onehot"]))
    if dataset == "cifar10":
        return Task(dataset, "multiclass", 10, "image", "(32, 32, 3)", rng.choice(["int", "onehot"]))
    if dataset == "imdb":
        inputs = rng.choice(["vector", "sequence"])
        return Task(dataset, "binary", 1, inputs, "(NUM_WORDS,)" if inputs == "vector" else "(MAXLEN,)")
    if dataset == "reuters":
        return Task(dataset, "multiclass", 46, "vector", "(NUM_WORDS,)", rng.choice(["int", "onehot", "onehot"]))
    return Task(dataset, "regression", 0, "vector", "(13,)")


BUGS = {
    "multiclass": ["softmax_bce", "sigmoid_cce", "mse_classifier", "bottleneck", "units_mismatch", "sparse_onehot", "from_logits_softmax", "logits_no_flag"],
    "binary": ["softmax_one_unit", "sigmoid_cce", "mse_classifier"],
    "regression": ["accuracy_regression", "sigmoid_regression"],
    "api": ["adam_lr", "save_weights_h5", "typo_keyword", "unknown_loss", "to_yaml", "fit_generator", "nb_epoch"],
}


def hidden_layers(rng: random.Random, task: Task, bugs: set) -> list:
    act = lambda: rng.choice(['"relu"', '"relu"', '"relu"', '"tanh"', '"elu"'])  # noqa: E731
    specs = []
    if task.inputs == "image":
        filters = rng.choice([16, 32, 32, 64])
        for i in range(rng.randint(1, 3)):
            specs.append(LayerSpec("Conv2D", f"{filters * 2 ** i}, ({rng.choice([3, 3, 5])}, {rng.choice([3, 3, 5])}), activation={act()}, padding=\"same\""))
            if rng.random() < 0.4:
                specs.append(LayerSpec("BatchNormalization", ""))
            specs.append(LayerSpec("MaxPooling2D", "(2, 2)"))
        specs.append(rng.choice([LayerSpec("Flatten", ""), LayerSpec("Flatten", ""), LayerSpec("GlobalAveragePooling2D", "")]))
        if rng.random() < 0.5:
            specs.append(LayerSpec("Dropout", str(rng.choice([0.25, 0.3, 0.5]))))
    elif task.inputs == "sequence":
        specs.append(LayerSpec("Embedding", f"NUM_WORDS, {rng.choice([16, 32, 64, 128])}"))
        tail = rng.choice(["lstm", "pool", "conv"])
        if tail == "lstm":
            specs.append(LayerSpec(rng.choice(["LSTM", "GRU"]), str(rng.choice([32, 64]))))
        elif tail == "pool":
            specs.append(LayerSpec("GlobalAveragePooling1D", ""))
        else:
            specs.append(LayerSpec("Conv1D", f"{rng.choice([32, 64])}, 5, activation=\"relu\""))
            specs.append(LayerSpec("GlobalMaxPooling1D", ""))
    elif task.inputs == "vector" and task.dataset in ("mnist", "fashion_mnist") and rng.random() < 0.3:
        specs.append(LayerSpec("Dense", f"{rng.choice([256, 512])}, activation={act()}"))
    width = {"reuters": [64, 64, 128], "imdb": [16, 16, 32], "boston_housing": [64, 64, 32]}.get(task.dataset, [64, 128, 256])
    for _ in range(rng.randint(1, 3)):
        specs.append(LayerSpec("Dense", f"{rng.choice(width)}, activation={act()}"))
        if rng.random() < 0.3:
            specs.append(LayerSpec("Dropout", str(rng.choice([0.2, 0.3, 0.5]))))
    if "bottleneck" in bugs:
        specs.append(LayerSpec("Dense", "4, activation=\"relu\""))
    return specs


def output_layer(task: Task, bugs: set, classes_expr: str) -> LayerSpec:
    if task.kind == "multiclass":
        units = classes_expr
        if "units_mismatch" in bugs:
            units = "10" if task.classes != 10 else "12"
        if "logits_no_flag" in bugs:
            return LayerSpec("Dense", units)
        activation = "sigmoid" if "sigmoid_cce" in bugs else "softmax"
        return LayerSpec("Dense", f"{units}, activation=\"{activation}\"")
    if task.kind == "binary":
        activation = "softmax" if "softmax_one_unit" in bugs else "sigmoid"
        return LayerSpec("Dense", f"1, activation=\"{activation}\"")
    if "sigmoid_regression" in bugs:
        return LayerSpec("Dense", "1, activation=\"sigmoid\"")
    return LayerSpec("Dense", "1")


def loss_and_metrics(rng: random.Random, style: Style, task: Task, bugs: set) -> tuple[str, str]:
    if task.kind == "multiclass":
        sparse = task.encoding == "int"
        if "sparse_onehot" in bugs:
            sparse = True
        name = "sparse_categorical_crossentropy" if sparse else "categorical_crossentropy"
        if "softmax_bce" in bugs:
            name = "binary_crossentropy"
        if "mse_classifier" in bugs:
            name = rng.choice(["mse", "mean_absolute_error"])
        if "unknown_loss" in bugs:
            name = name + "e" if not name.endswith("e") else name[:-1]
        if "from_logits_softmax" in bugs:
            cls = "SparseCategoricalCrossentropy" if sparse else "CategoricalCrossentropy"
            loss = f"{style.loss_class(cls)}(from_logits=True)"
        elif rng.random() < 0.2 and name in ("sparse_categorical_crossentropy", "categorical_crossentropy"):
            cls = "SparseCategoricalCrossentropy" if sparse else "CategoricalCrossentropy"
            loss = f"{style.loss_class(cls)}()"
        else:
            loss = f'"{name}"'
        return loss, rng.choice(['["accuracy"]', '["accuracy"]', '["acc"]'])
    if task.kind == "binary":
        name = "binary_crossentropy"
        if "sigmoid_cce" in bugs:
            name = "categorical_crossentropy"
        if "mse_classifier" in bugs:
            name = "mse"
        if "unknown_loss" in bugs:
            name = "binary_crossentropyy"
        return f'"{name}"', rng.choice(['["accuracy"]', '["acc"]', '["accuracy", "AUC"]'])
    name = rng.choice(["mse", "mse", "mae", "huber"])
    if "unknown_loss" in bugs:
        name = "mean_squared_eror"
    metrics = '["accuracy"]' if "accuracy_regression" in bugs else rng.choice(['["mae"]', '["mae"]', '["mse", "mae"]'])
    return f'"{name}"', metrics


def optimizer_expr(rng: random.Random, style: Style, bugs: set) -> str:
    if "adam_lr" in bugs:
        return f"{style.optimizer('Adam')}(lr=0.001)"
    choice = rng.random()
    if choice < 0.5:
        return rng.choice(['"adam"', '"rmsprop"', '"adam"', '"sgd"'])
    name = rng.choice(["Adam", "RMSprop", "SGD"])
    lr = rng.choice(["1e-3", "0.001", "3e-4", "LEARNING_RATE"])
    return f"{style.optimizer(name)}(learning_rate={lr})"


def call_layer(style: Style, spec: LayerSpec, first_input: str = "") -> str:
    args = spec.args
    if first_input:
        args = f"{args}, input_shape={first_input}" if args else f"input_shape={first_input}"
    return f"{style.layer(spec.name)}({args})"


def model_code(rng: random.Random, style: Style, task: Task, specs: list, out: LayerSpec, indent: str, name: str = "model") -> tuple[list, list]:
    """(lines building `name` at `indent`, lines of a class defined before), by one of the four ways."""
    way = rng.choice(["seq_list", "seq_list", "seq_add", "functional", "functional", "subclassed"])
    if task.inputs == "sequence" and way == "subclassed":
        way = "functional"
    lines: list = []
    classes: list = []
    if way == "seq_list":
        lines.append(f"{indent}{name} = {style.models('Sequential')}([")
        leading_input = rng.random() < 0.5
        if leading_input:
            lines.append(f"{indent}    {style.input()}(shape={task.shape}),")
        for i, spec in enumerate(specs):
            shape = task.shape if (i == 0 and not leading_input) else ""
            lines.append(f"{indent}    {call_layer(style, spec, shape)},")
        lines.append(f"{indent}    {call_layer(style, out)},")
        lines.append(f"{indent}])")
    elif way == "seq_add":
        lines.append(f"{indent}{name} = {style.models('Sequential')}()")
        for i, spec in enumerate(specs):
            lines.append(f"{indent}{name}.add({call_layer(style, spec, task.shape if i == 0 else '')})")
        lines.append(f"{indent}{name}.add({call_layer(style, out)})")
    elif way == "functional":
        lines.append(f"{indent}inputs = {style.input()}(shape={task.shape})")
        previous = "inputs"
        for spec in specs:
            lines.append(f"{indent}x = {call_layer(style, spec)}({previous})")
            previous = "x"
        lines.append(f"{indent}outputs = {call_layer(style, out)}({previous})")
        model_cls = style.models("Model")
        if rng.random() < 0.5:
            lines.append(f"{indent}{name} = {model_cls}(inputs=inputs, outputs=outputs, name=\"{task.dataset}_net\")")
        else:
            lines.append(f"{indent}{name} = {model_cls}(inputs, outputs)")
    else:
        cls = f"{task.dataset.title().replace('_', '')}Net"
        base = style.models("Model")
        classes.append(f"class {cls}({base}):")
        classes.append(f'    """A small {task.kind} network for {task.dataset}."""')
        classes.append("")
        classes.append("    def __init__(self, **kwargs):")
        classes.append("        super().__init__(**kwargs)")
        for i, spec in enumerate(specs):
            classes.append(f"        self.layer{i} = {call_layer(style, spec)}")
        classes.append(f"        self.head = {call_layer(style, out)}")
        classes.append("")
        classes.append("    def call(self, inputs, training=False):")
        classes.append("        x = inputs")
        for i, spec in enumerate(specs):
            if spec.name in ("Dropout", "BatchNormalization"):
                classes.append(f"        x = self.layer{i}(x, training=training)")
            else:
                classes.append(f"        x = self.layer{i}(x)")
        classes.append("        return self.head(x)")
        lines.append(f"{indent}{name} = {cls}()")
    return lines, classes


def data_lines(rng: random.Random, style: Style, task: Task, bugs: set) -> list:
    ds = style.dataset(task.dataset)
    lines = []
    if task.dataset in ("mnist", "fashion_mnist", "cifar10"):
        lines.append(f"(x_train, y_train), (x_test, y_test) = {ds}.load_data()")
        if task.inputs == "vector":
            lines.append("x_train = x_train.reshape((len(x_train), 28 * 28)).astype(\"float32\") / 255")
            lines.append("x_test = x_test.reshape((len(x_test), 28 * 28)).astype(\"float32\") / 255")
        else:
            if task.dataset != "cifar10":
                lines.append("x_train = np.expand_dims(x_train, -1)")
                lines.append("x_test = np.expand_dims(x_test, -1)")
            lines.append("x_train = x_train.astype(\"float32\") / 255.0")
            lines.append("x_test = x_test.astype(\"float32\") / 255.0")
    elif task.dataset == "imdb":
        lines.append(f"(train_data, train_labels), (test_data, test_labels) = {ds}.load_data(num_words=NUM_WORDS)")
        if task.inputs == "vector":
            lines.append("x_train = vectorize_sequences(train_data)")
            lines.append("x_test = vectorize_sequences(test_data)")
        else:
            pad = style.pad_sequences()
            lines.append(f"x_train = {pad}(train_data, maxlen=MAXLEN)")
            lines.append(f"x_test = {pad}(test_data, maxlen=MAXLEN)")
        lines.append("y_train = np.asarray(train_labels).astype(\"float32\")")
        lines.append("y_test = np.asarray(test_labels).astype(\"float32\")")
    elif task.dataset == "reuters":
        lines.append(f"(train_data, train_labels), (test_data, test_labels) = {ds}.load_data(num_words=NUM_WORDS)")
        lines.append("x_train = vectorize_sequences(train_data)")
        lines.append("x_test = vectorize_sequences(test_data)")
        lines.append("y_train, y_test = train_labels, test_labels")
    else:
        lines.append(f"(x_train, y_train), (x_test, y_test) = {ds}.load_data()")
        lines.append("mean = x_train.mean(axis=0)")
        lines.append("std = x_train.std(axis=0)")
        lines.append("x_train = (x_train - mean) / std")
        lines.append("x_test = (x_test - mean) / std")
    if task.kind == "multiclass" and task.encoding == "onehot":
        tc = style.util("to_categorical")
        if rng.random() < 0.5:
            lines.append(f"y_train = {tc}(y_train, NUM_CLASSES)")
            lines.append(f"y_test = {tc}(y_test, NUM_CLASSES)")
        else:
            lines.append(f"y_train = {tc}(y_train)")
            lines.append(f"y_test = {tc}(y_test)")
    return lines


HELPERS = {
    "vectorize": [
        "def vectorize_sequences(sequences, dimension=NUM_WORDS):",
        '    """Multi-hot encode lists of word indices into a (samples, dimension) matrix."""',
        "    results = np.zeros((len(sequences), dimension))",
        "    for i, sequence in enumerate(sequences):",
        "        for j in sequence:",
        "            results[i, j] = 1.0",
        "    return results",
    ],
    "plot": [
        "def plot_history(history, metric=\"loss\", path=None):",
        '    """Plot the training and validation curves of one metric."""',
        "    values = history.history[metric]",
        "    val_values = history.history.get(\"val_\" + metric, [])",
        "    epochs = range(1, len(values) + 1)",
        "    plt.figure(figsize=(8, 5))",
        "    plt.plot(epochs, values, \"bo\", label=\"Training \" + metric)",
        "    if val_values:",
        "        plt.plot(epochs, val_values, \"b\", label=\"Validation \" + metric)",
        "    plt.title(\"Training and validation \" + metric)",
        "    plt.xlabel(\"Epochs\")",
        "    plt.ylabel(metric.capitalize())",
        "    plt.legend()",
        "    if path:",
        "        plt.savefig(path, dpi=120)",
        "    else:",
        "        plt.show()",
        "    plt.close()",
    ],
    "smooth": [
        "def smooth_curve(points, factor=0.9):",
        "    smoothed = []",
        "    for point in points:",
        "        if smoothed:",
        "            previous = smoothed[-1]",
        "            smoothed.append(previous * factor + point * (1 - factor))",
        "        else:",
        "            smoothed.append(point)",
        "    return smoothed",
    ],
    "seed": [
        "def set_seed(seed=SEED):",
        '    """Make runs repeatable (as far as the backend allows)."""',
        "    os.environ[\"PYTHONHASHSEED\"] = str(seed)",
        "    random.seed(seed)",
        "    np.random.seed(seed)",
    ],
    "confusion": [
        "def confusion_matrix(y_true, y_pred, num_classes):",
        "    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)",
        "    for t, p in zip(y_true, y_pred):",
        "        matrix[int(t), int(p)] += 1",
        "    return matrix",
        "",
        "",
        "def per_class_accuracy(matrix):",
        "    totals = matrix.sum(axis=1)",
        "    with np.errstate(divide=\"ignore\", invalid=\"ignore\"):",
        "        return np.where(totals > 0, np.diag(matrix) / totals, 0.0)",
    ],
    "report": [
        "def report(name, values):",
        "    values = list(values)",
        "    if not values:",
        "        print(f\"{name}: no values\")",
        "        return",
        "    mean = sum(values) / len(values)",
        "    spread = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5",
        "    print(f\"{name}: mean={mean:.4f} std={spread:.4f} min={min(values):.4f} max={max(values):.4f}\")",
    ],
    "args": [
        "def parse_args(argv=None):",
        "    parser = argparse.ArgumentParser(description=__doc__)",
        "    parser.add_argument(\"--epochs\", type=int, default=EPOCHS)",
        "    parser.add_argument(\"--batch-size\", type=int, default=BATCH_SIZE)",
        "    parser.add_argument(\"--output\", default=\"outputs\", help=\"where to write plots and the model\")",
        "    parser.add_argument(\"--no-plots\", action=\"store_true\")",
        "    return parser.parse_args(argv)",
    ],
}


def keras_script(rng: random.Random, index: int) -> str:
    style = Style(rng.choice(Style.KINDS))
    task = pick_task(rng)
    bugs: set = set()
    if rng.random() < BUG_FRACTION:
        for _ in range(rng.choice([1, 1, 2])):
            bugs.add(rng.choice(BUGS[task.kind] + BUGS["api"]))
    if "sparse_onehot" in bugs:
        task.encoding = "onehot"
    in_function = rng.random() < 0.5
    use_args = rng.random() < 0.35
    use_plot = rng.random() < 0.6
    kfold = task.kind == "regression" and in_function and rng.random() < 0.5
    helpers = []
    if task.inputs == "vector" and task.dataset in ("imdb", "reuters"):
        helpers.append("vectorize")
    if use_plot:
        helpers.append("plot")
        if rng.random() < 0.4:
            helpers.append("smooth")
    if rng.random() < 0.4:
        helpers.append("seed")
    if task.kind == "multiclass" and rng.random() < 0.4:
        helpers.append("confusion")
    if rng.random() < 0.3 or kfold:
        helpers.append("report")
    if use_args:
        helpers.append("args")

    body = Script()
    classes_expr = "NUM_CLASSES" if task.kind == "multiclass" else ""
    specs = hidden_layers(rng, task, bugs)
    out = output_layer(task, bugs, classes_expr)
    if "typo_keyword" in bugs:
        dense = [s for s in specs if s.name == "Dense"]
        if dense:
            dense[0].args = dense[0].args.replace("activation=", "activaton=")
    loss, metrics = loss_and_metrics(rng, style, task, bugs)
    optimizer = optimizer_expr(rng, style, bugs)

    # data
    body.add(f"# {'-' * 10} data {'-' * 10}")
    body.add(*data_lines(rng, style, task, bugs))
    if task.kind != "regression" and rng.random() < 0.5:
        body.add("x_val, partial_x_train = x_train[:VALIDATION], x_train[VALIDATION:]")
        body.add("y_val, partial_y_train = y_train[:VALIDATION], y_train[VALIDATION:]")
        fit_data = "partial_x_train, partial_y_train"
        validation = "validation_data=(x_val, y_val)"
    else:
        fit_data = "x_train, y_train"
        validation = f"validation_split={rng.choice(['0.1', '0.2'])}"
    body.add('print("train:", x_train.shape, "test:", x_test.shape)')
    body.blank(2)

    classes: list = []
    if in_function:
        build_lines, classes = model_code(rng, style, task, specs, out, "    ")
        body.add("def build_model():")
        body.add(*build_lines)
        body.add(f"    model.compile(optimizer={optimizer},", f"                  loss={loss},", f"                  metrics={metrics})")
        body.add("    return model")
        body.blank(2)
    epochs = "args.epochs" if use_args else "EPOCHS"
    batch = "args.batch_size" if use_args else "BATCH_SIZE"
    fit_kw = "nb_epoch" if "nb_epoch" in bugs else "epochs"
    fit_method = "fit_generator" if "fit_generator" in bugs else "fit"

    main = Script()
    ind = "    " if use_args else ""
    if use_args:
        main.add("def main(argv=None):", "    args = parse_args(argv)", "    os.makedirs(args.output, exist_ok=True)")
    if "seed" in helpers:
        main.add(f"{ind}set_seed()")
    if kfold:
        main.add(
            f"{ind}k = 4",
            f"{ind}num_val = len(x_train) // k",
            f"{ind}scores = []",
            f"{ind}for fold in range(k):",
            f"{ind}    print(\"processing fold\", fold)",
            f"{ind}    val_x = x_train[fold * num_val:(fold + 1) * num_val]",
            f"{ind}    val_y = y_train[fold * num_val:(fold + 1) * num_val]",
            f"{ind}    train_x = np.concatenate([x_train[:fold * num_val], x_train[(fold + 1) * num_val:]], axis=0)",
            f"{ind}    train_y = np.concatenate([y_train[:fold * num_val], y_train[(fold + 1) * num_val:]], axis=0)",
            f"{ind}    fold_model = build_model()",
            f"{ind}    fold_model.{fit_method}(train_x, train_y, {fit_kw}={epochs}, batch_size={batch}, verbose=0)",
            f"{ind}    _, score = fold_model.evaluate(val_x, val_y, verbose=0)",
            f"{ind}    scores.append(score)",
            f"{ind}report(\"validation score\", scores)",
        )
    if in_function:
        main.add(f"{ind}model = build_model()")
    else:
        build_lines, classes = model_code(rng, style, task, specs, out, ind)
        main.add(*build_lines)
        main.add(f"{ind}model.compile(", f"{ind}    optimizer={optimizer},", f"{ind}    loss={loss},", f"{ind}    metrics={metrics},", f"{ind})")
    if rng.random() < 0.5 and task.inputs != "sequence":
        main.add(f"{ind}model.summary()")
    callbacks = []
    if rng.random() < 0.5:
        callbacks.append(f"{style.callback('EarlyStopping')}(monitor=\"val_loss\", patience={rng.choice([3, 5, 10])}, restore_best_weights=True)")
    if rng.random() < 0.4:
        path = '"best_model.keras"' if rng.random() < 0.7 else '"checkpoints/best.h5"'
        callbacks.append(f"{style.callback('ModelCheckpoint')}({path}, save_best_only=True)")
    if rng.random() < 0.2:
        callbacks.append(f"{style.callback('ReduceLROnPlateau')}(factor=0.5, patience=2)")
    if callbacks:
        main.add(f"{ind}callbacks = [")
        main.add(*[f"{ind}    {c}," for c in callbacks])
        main.add(f"{ind}]")
    cb = ", callbacks=callbacks" if callbacks else ""
    main.add(f"{ind}history = model.{fit_method}({fit_data}, {fit_kw}={epochs}, batch_size={batch}, {validation}{cb}, verbose={rng.choice([0, 1, 2])})")
    main.add(f"{ind}results = model.evaluate(x_test, y_test, verbose=0)")
    main.add(f"{ind}print(\"test loss, test metric:\", results)")
    if task.kind == "multiclass":
        main.add(f"{ind}predictions = model.predict(x_test[:{rng.choice([10, 100, 1000])}])")
        main.add(f"{ind}predicted = np.argmax(predictions, axis=1)")
        main.add(f"{ind}print(\"first predictions:\", predicted[:10])")
        if "confusion" in helpers:
            truth = "np.argmax(y_test, axis=1)" if task.encoding == "onehot" else "y_test"
            main.add(f"{ind}matrix = confusion_matrix({truth}[:len(predicted)], predicted, NUM_CLASSES)", f"{ind}print(per_class_accuracy(matrix))")
    elif task.kind == "binary":
        main.add(f"{ind}predictions = (model.predict(x_test) > 0.5).astype(\"int32\").ravel()", f"{ind}print(\"positive rate:\", predictions.mean())")
    else:
        main.add(f"{ind}predictions = model.predict(x_test).ravel()", f"{ind}errors = np.abs(predictions - y_test)", f"{ind}print(\"mean absolute error:\", errors.mean())")
    if use_plot:
        if use_args:
            main.add(f"{ind}if not args.no_plots:", f"{ind}    plot_history(history, \"loss\", os.path.join(args.output, \"loss.png\"))")
        else:
            main.add(f"{ind}plot_history(history)")
        if "smooth" in helpers:
            main.add(f"{ind}print(smooth_curve(history.history[\"loss\"])[-1])")
    if "to_yaml" in bugs:
        main.add(f"{ind}with open(\"model.yaml\", \"w\") as handle:", f"{ind}    handle.write(model.to_yaml())")
    if "save_weights_h5" in bugs:
        main.add(f"{ind}model.save_weights(\"{task.dataset}_weights.h5\")")
    else:
        target = rng.choice(['"model.keras"', "MODEL_PATH", "MODEL_PATH"])
        main.add(f"{ind}model.save({target})")
    if use_args:
        main.blank(2)
        main.add('if __name__ == "__main__":', "    main()")

    # header, imports, constants
    head = Script()
    title = {"multiclass": "classifier", "binary": "binary classifier", "regression": "regression"}[task.kind]
    head.add(f'"""{task.dataset} {title} #{index}: {style.kind} imports, {len(specs)} hidden layers.', "", "Generated by kerlint's benchmark (bench/generate.py).", '"""')
    head.blank()
    std = ["import os"]
    if use_args:
        std.insert(0, "import argparse")
    if "seed" in helpers:
        std.append("import random")
    head.add(*std)
    head.blank()
    third = ["import numpy as np"]
    if use_plot:
        third.append("import matplotlib.pyplot as plt")
    head.add(*third)
    head.add(*style.imports())  # after the model code: bare styles collect the names they use
    head.blank()
    consts = ["SEED = 42" if "seed" in helpers else None]
    if task.dataset in ("imdb", "reuters"):
        consts.append(f"NUM_WORDS = {rng.choice([10000, 10000, 5000, 20000])}")
    if task.inputs == "sequence":
        consts.append(f"MAXLEN = {rng.choice([200, 256, 500])}")
    if task.kind == "multiclass":
        consts.append(f"NUM_CLASSES = {task.classes}")
    consts += [f"EPOCHS = {rng.choice([5, 10, 20, 30, 100])}", f"BATCH_SIZE = {rng.choice([32, 64, 128, 512])}", f"VALIDATION = {rng.choice([1000, 5000, 10000])}", f"LEARNING_RATE = {rng.choice(['1e-3', '3e-4'])}", f'MODEL_PATH = "{task.dataset}_model.keras"']
    head.add(*[c for c in consts if c])
    head.blank(2)
    for name in helpers:
        head.add(*HELPERS[name])
        head.blank(2)
    if classes:
        head.add(*classes)
        head.blank(2)
    return "\n".join(head.lines + body.lines + main.lines) + "\n"


# --------------------------------------------------------------------------
# Plain (non-Keras) Python files
# --------------------------------------------------------------------------

PLAIN_FUNCTIONS = [
    """def {name}(text: str) -> dict:
    \"\"\"Count the words of a text, case-insensitively.\"\"\"
    counts: dict = {{}}
    for word in re.findall(r"[a-z']+", text.lower()):
        counts[word] = counts.get(word, 0) + 1
    return counts""",
    """def {name}(path: str, delimiter: str = ",") -> list:
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        for row in reader:
            if not row or row[0].startswith("#"):
                continue
            rows.append(dict(zip(header or [], row)))
    return rows""",
    """def {name}(values, width: int = 5):
    \"\"\"Moving average over a window of `width` values.\"\"\"
    window = collections.deque(maxlen=width)
    result = []
    for value in values:
        window.append(value)
        result.append(sum(window) / len(window))
    return result""",
    """def {name}(root: str, suffixes=(".txt", ".md")) -> list:
    found = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = [d for d in subdirs if not d.startswith(".")]
        for file in files:
            if file.endswith(tuple(suffixes)):
                found.append(os.path.join(directory, file))
    return sorted(found)""",
    """def {name}(graph: dict, start) -> list:
    \"\"\"Breadth-first order of the nodes reachable from start.\"\"\"
    seen = {{start}}
    order = []
    queue = collections.deque([start])
    while queue:
        node = queue.popleft()
        order.append(node)
        for neighbour in graph.get(node, ()):
            if neighbour not in seen:
                seen.add(neighbour)
                queue.append(neighbour)
    return order""",
    """def {name}(items, key=None, reverse=False):
    decorated = [((key(item) if key else item), index, item) for index, item in enumerate(items)]
    decorated.sort(reverse=reverse)
    return [item for _, _, item in decorated]""",
    """def {name}(text: str, width: int = 72) -> str:
    lines, current = [], []
    length = 0
    for word in text.split():
        if length + len(word) + len(current) > width and current:
            lines.append(" ".join(current))
            current, length = [], 0
        current.append(word)
        length += len(word)
    if current:
        lines.append(" ".join(current))
    return "\\n".join(lines)""",
    """def {name}(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{{hours}}h{{minutes:02d}}m{{seconds:02d}}s"
    if minutes:
        return f"{{minutes}}m{{seconds:02d}}s"
    return f"{{seconds}}s\"""",
    """def {name}(numbers) -> dict:
    numbers = sorted(numbers)
    if not numbers:
        raise ValueError("no data")
    n = len(numbers)
    mean = sum(numbers) / n
    middle = n // 2
    median = numbers[middle] if n % 2 else (numbers[middle - 1] + numbers[middle]) / 2
    variance = sum((x - mean) ** 2 for x in numbers) / (n - 1 if n > 1 else 1)
    return {{"n": n, "mean": mean, "median": median, "stdev": math.sqrt(variance), "min": numbers[0], "max": numbers[-1]}}""",
    """def {name}(path: str) -> dict:
    \"\"\"Read a JSON config, falling back to defaults for missing keys.\"\"\"
    defaults = {{"verbose": False, "retries": 3, "timeout": 30.0, "output": "out"}}
    try:
        with open(path, encoding="utf-8") as handle:
            loaded = json.load(handle)
    except FileNotFoundError:
        logger.warning("no config at %s, using defaults", path)
        return dict(defaults)
    except json.JSONDecodeError as err:
        raise SystemExit(f"{{path}}: invalid JSON at line {{err.lineno}}")
    return {{**defaults, **loaded}}""",
    """def {name}(a: str, b: str) -> int:
    \"\"\"Levenshtein distance.\"\"\"
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]""",
    """def {name}(data: bytes, chunk: int = 65536) -> str:
    digest = hashlib.sha256()
    for start in range(0, len(data), chunk):
        digest.update(data[start:start + chunk])
    return digest.hexdigest()""",
    """def {name}(matrix):
    if not matrix:
        return []
    return [list(row) for row in zip(*matrix)]""",
    """def {name}(text: str) -> str:
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return slug or "untitled\"""",
]

PLAIN_CLASSES = [
    """class {name}:
    \"\"\"A least-recently-used cache of bounded size.\"\"\"

    def __init__(self, capacity: int = 128) -> None:
        self.capacity = capacity
        self._data = collections.OrderedDict()
        self.hits = self.misses = 0

    def get(self, key, default=None):
        if key in self._data:
            self._data.move_to_end(key)
            self.hits += 1
            return self._data[key]
        self.misses += 1
        return default

    def put(self, key, value) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self.capacity:
            self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)""",
    """@dataclasses.dataclass
class {name}:
    name: str
    path: str
    size: int = 0
    tags: list = dataclasses.field(default_factory=list)

    @property
    def extension(self) -> str:
        return os.path.splitext(self.path)[1].lower()

    def describe(self) -> str:
        tags = ", ".join(self.tags) if self.tags else "no tags"
        return f"{{self.name}} ({{self.size}} bytes, {{tags}})\"""",
    """class {name}:
    def __init__(self) -> None:
        self._start = None
        self.laps = []

    def __enter__(self):
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.laps.append(time.perf_counter() - self._start)

    @property
    def total(self) -> float:
        return sum(self.laps)""",
]

PLAIN_MAIN = """def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*", default=["."])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    for path in args.paths:
        logger.info("processing %s", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())"""

PLAIN_SKLEARN = '''"""{title}: a scikit-learn baseline (no deep learning).

Generated by the benchmark (bench/generate.py).
"""

import numpy as np
from sklearn.datasets import {loader}
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.preprocessing import StandardScaler

SEED = {seed}


def load():
    data = {loader}()
    return data.data, data.target


def evaluate(model, x, y, folds=5):
    scores = cross_val_score(model, x, y, cv=folds)
    print(f"{{type(model).__name__}}: {{scores.mean():.3f}} +/- {{scores.std():.3f}}")
    return scores.mean()


x, y = load()
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=SEED)
scaler = StandardScaler().fit(x_train)
x_train, x_test = scaler.transform(x_train), scaler.transform(x_test)
candidates = [
    LogisticRegression(max_iter={iters}),
    RandomForestClassifier(n_estimators={trees}, random_state=SEED),
]
best = max(candidates, key=lambda m: evaluate(m, x_train, y_train))
best.fit(x_train, y_train)
print("test accuracy:", (best.predict(x_test) == y_test).mean())
print("feature means:", np.round(x_train.mean(axis=0)[:5], 3))
'''

NAMES = ["load", "parse", "count", "collect", "normalize", "format", "walk", "merge", "split", "clean", "summarize", "render", "scan", "index", "convert"]
OBJECTS = ["words", "rows", "records", "entries", "paths", "items", "lines", "tokens", "values", "nodes", "blocks", "files"]
CLASS_NAMES = ["Cache", "Record", "Timer", "Entry", "Registry", "Store", "Tracker"]


def plain_script(rng: random.Random, index: int) -> str:
    if rng.random() < 0.15:
        return PLAIN_SKLEARN.format(
            title=f"Tabular baseline #{index}",
            loader=rng.choice(["load_iris", "load_wine", "load_breast_cancer", "load_digits"]),
            seed=rng.randint(0, 100),
            iters=rng.choice([200, 500, 1000]),
            trees=rng.choice([50, 100, 300]),
        )
    parts = [
        f'"""Utilities #{index}: {rng.choice(["text", "file", "data", "config", "graph"])} helpers.',
        "",
        "Generated by the benchmark (bench/generate.py); plain Python, no deep learning.",
        '"""',
        "",
        "import argparse\nimport collections\nimport csv\nimport dataclasses\nimport hashlib\nimport json\nimport logging\nimport math\nimport os\nimport re\nimport sys\nimport time",
        "",
        "logger = logging.getLogger(__name__)",
        f"DEFAULT_ENCODING = \"utf-8\"\nMAX_ITEMS = {rng.choice([100, 1000, 10000])}",
        "",
    ]
    used = set()
    for template in rng.sample(PLAIN_FUNCTIONS, rng.randint(4, 10)):
        name = f"{rng.choice(NAMES)}_{rng.choice(OBJECTS)}"
        while name in used:
            name += "_"
        used.add(name)
        parts += ["", template.format(name=name), ""]
    for template in rng.sample(PLAIN_CLASSES, rng.randint(0, 2)):
        parts += ["", template.format(name=rng.choice(CLASS_NAMES) + str(rng.randint(1, 9))), ""]
    if rng.random() < 0.6:
        parts += ["", PLAIN_MAIN]
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------


def generate(count: int, directory: str, seed: int = 0, plain_fraction: float = PLAIN_FRACTION) -> dict:
    """Write `count` files into directory; return {"keras": [paths], "plain": [paths]}.

    Keras scripts go to `directory/train/`, plain files to `directory/utils/`,
    so each subset can also be given to the command line on its own.
    """
    rng = random.Random(seed)
    written = {"keras": [], "plain": []}
    for sub in ("train", "utils"):
        os.makedirs(os.path.join(directory, sub), exist_ok=True)
    for i in range(count):
        plain = rng.random() < plain_fraction
        text = plain_script(rng, i) if plain else keras_script(rng, i)
        ast.parse(text)  # the generator must only write valid Python
        if plain:
            assert b"keras" not in text.lower().encode() and b"tensorflow" not in text.lower().encode(), f"plain file {i} mentions keras"
        name = f"{'util' if plain else 'train'}_{i:05d}.py"
        path = os.path.join(directory, "utils" if plain else "train", name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        written["plain" if plain else "keras"].append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python bench/generate.py N DIR")
    result = generate(int(sys.argv[1]), sys.argv[2])
    print(f"{len(result['keras'])} Keras scripts and {len(result['plain'])} plain files in {sys.argv[2]}")
