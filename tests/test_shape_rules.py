"""Shape rules on the cases a precision study of real code raised (beyond each rule's own examples)."""

from __future__ import annotations

import textwrap

from kerlint.runner import lint_text


def findings(code: str, target: str = "3", codes=None) -> list:
    result = lint_text(textwrap.dedent(code), "t.py", codes, target=target)
    assert not result.errors, result.errors
    return [(d.line, d.code, d.fix) for d in result.diagnostics]


FUNNEL = """
    from keras.models import Sequential
    from keras.layers import Dense, LSTM, Reshape
    Nh = 90
    model = Sequential()
    model.add(Dense(Nh / 3, activation="relu", input_shape=(20,)))
    model.add(Dense(Nh / 3 * 2, activation="relu"))
    model.add(Reshape((Nh // 9, 6)))
    model.add(LSTM(Nh / 3))
"""


def test_ker122_reports_what_the_target_keras_rejects():
    assert [(line, code) for line, code, _ in findings(FUNNEL, codes={"KER122"})] == [(6, "KER122"), (7, "KER122"), (9, "KER122")]
    # Keras 2 rounds Dense units (and convolution filters) down itself; LSTM(30.0) fails there too
    assert [(line, code) for line, code, _ in findings(FUNNEL, target="2", codes={"KER122"})] == [(9, "KER122")]


def test_ker122_fixes_only_a_division_that_is_the_whole_size():
    fixes = {line: fix for line, _, fix in findings(FUNNEL, codes={"KER122"})}
    assert [edit.new for edit in fixes[6]] == ["//"]
    assert fixes[7] == ()  # Nh // 3 * 2 is not what Nh / 3 * 2 rounded down to


PATCH_DISCRIMINATOR = """
    import numpy as np
    import keras
    from keras import layers
    inputs = keras.Input((256, 256, 3))
    x = inputs
    for filters in (64, 128, 256, 512):
        x = layers.Conv2D(filters, 3, strides=2, padding="same")(x)
    x = layers.Dense(1024)(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    discriminator = keras.Model(inputs, outputs)
    discriminator.compile(loss="binary_crossentropy", optimizer="adam")
    discriminator.train_on_batch(images, {labels})
"""


def test_ker115_leaves_a_patch_discriminator_with_labels_per_patch_alone():
    assert findings(PATCH_DISCRIMINATOR.format(labels="np.ones((batch_size, 16, 16, 1))"), codes={"KER115"}) == []
    gan = PATCH_DISCRIMINATOR.format(labels="np.ones((batch_size, 16, 16, 1))") + textwrap.indent(textwrap.dedent("""
        fake = keras.Input((256, 256, 3))
        gan = keras.Model(fake, [discriminator(fake), fake])
        gan.compile(loss=["binary_crossentropy", "mse"], optimizer="adam")
    """), "    ")
    assert findings(gan, codes={"KER115"}) == []
    assert [code for _, code, _ in findings(PATCH_DISCRIMINATOR.format(labels="np.ones((batch_size, 1))"), codes={"KER115"})] == ["KER115"]


def test_ker120_needs_the_targets_shape():
    inpainting = """
        import numpy as np
        import keras
        from keras import layers
        inputs = keras.Input((32, 32, 3))
        x = layers.Conv2D(64, 4, strides=2, padding="same")(inputs)
        x = layers.Conv2D(128, 4, strides=2, padding="same")(x)
        x = layers.UpSampling2D()(x)
        outputs = layers.Conv2D(3, 3, padding="same", activation="tanh")(x)
        model = keras.Model(inputs, outputs)
        model.compile(loss="mse", optimizer="adam")
        model.fit(masked_images, {targets})
    """
    assert findings(inpainting.format(targets="centre_patches"), codes={"KER120"}) == []
    known = inpainting.format(targets="np.zeros((100, 32, 32, 3))")
    assert [code for _, code, _ in findings(known, codes={"KER120"})] == ["KER120"]
