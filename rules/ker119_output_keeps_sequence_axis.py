"""The output keeps a time or spatial axis while the labels are one per sample.

## What it does
Computes the model's output shape and compares it with the labels passed to
fit. Reports an output such as `(None, 200, 1)` (one prediction per time
step) trained on labels such as `(None,)` or `(None, 10)` (one per sample):
the last recurrent layer keeps `return_sequences=True`, or a `Conv1D` stack
reaches the final `Dense` without `Flatten` or global pooling. (A `Dense`
applied to 2-D/3-D convolution maps is KER115's.)

Sequence-to-sequence models whose labels have the time axis too
(`(None, 200)` integer tags, `(None, 200, n)`) are not reported.

## Why is this bad?
For classification Keras fails at the first batch with a shape error. For
regression with `mse` it is worse: it silently broadcasts the `(batch,)`
targets against the `(batch, steps, 1)` predictions into `(batch, steps,
batch)`, comparing every step of every sample with every target of the
batch (the loss even depends on the batch size), and trains on that with no
error.

## Fix safety
No automatic fix: set `return_sequences=False` on the last recurrent layer,
or add `GlobalMaxPooling1D()` / `Flatten()` before the output.

## References
- https://keras.io/api/layers/recurrent_layers/lstm/
"""

from kerlint.analysis.shape_flow import format_shape
from kerlint.analysis.shapes import canonical
from kerlint.rulekit import Finding, Program

CODE = "KER119"
NAME = "output-keeps-sequence-axis"
SEVERITY = "E"

BAD = [
    '''
    import keras
    from keras import layers

    (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=10000)
    x_train = keras.utils.pad_sequences(x_train, maxlen=200)
    model = keras.Sequential([
        layers.Embedding(10000, 32),
        layers.LSTM(32, return_sequences=True),
        layers.Dense(1, activation="sigmoid"),  # expect: KER119
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=3)
    ''',
]

GOOD = [
    '''
    import keras
    from keras import layers

    (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=10000)
    x_train = keras.utils.pad_sequences(x_train, maxlen=200)
    model = keras.Sequential([
        layers.Embedding(10000, 32),
        layers.LSTM(32, return_sequences=True),
        layers.LSTM(32),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=3)
    ''',
]

_RECURRENT = frozenset({"SimpleRNN", "LSTM", "GRU", "ConvLSTM1D", "ConvLSTM2D"})


def check(program: Program):
    reported = set()
    for training in program.trainings():
        model, head = training.model, training.head
        output = program.output_shape(model, head)
        if output is None or len(output) < 3 or all(d == 1 for d in output[1:-1]):
            continue
        final = head.output.layer
        if final is None or id(final.call) in reported or (final.kind == "Dense" and len(output) >= 4):
            continue  # KER115 reports a Dense on convolution maps
        labels, fit = program.target_shape(model, training.compile)
        if labels is None or not _one_per_sample(labels, output):
            continue
        reported.add(id(final.call))
        cause = _cause(program, model, head)
        yield Finding(
            final.call,
            f"the output {final.describe()} has shape {format_shape(output)}, one prediction per step, but the labels "
            f"{program.source_of(fit.y)} ({program.where(fit.call)}) have one per sample {format_shape(labels)}{cause}",
        )


def _one_per_sample(labels: tuple, output: tuple) -> bool:
    """(N,), (N, 1) or one-hot (N, classes) against an output (N, steps, ..., units)."""
    if len(labels) == 1:
        return True
    return len(labels) == 2 and labels[1] is not None and labels[1] == output[-1] and labels[1] != output[1]


def _cause(program: Program, model, head) -> str:
    flow = program.shape_flow
    for layer in reversed(head.chain):
        spec = flow.spec(layer)
        if spec is None:
            continue
        inner = spec.args.get("layer") if canonical(spec.kind) == "Bidirectional" else spec
        kind = canonical(getattr(inner, "kind", ""))
        if kind in _RECURRENT and getattr(inner, "args", {}).get("return_sequences") is True:
            return (f": {layer.describe()} ({program.where(layer.call)}) keeps return_sequences=True; set it to False on "
                    "the last recurrent layer (classification crashes; mse silently broadcasts and trains on nonsense)")
    return ": reduce the steps before the output with GlobalMaxPooling1D(), GlobalAveragePooling1D() or Flatten()"
