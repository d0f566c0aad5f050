"""`# noqa` and `# kerlint: noqa`, flake8-compatible."""

from __future__ import annotations

import textwrap

from kerlint.runner import lint_text

HEAD = "import keras\nfrom keras import layers\n"


def codes(body: str) -> list:
    result = lint_text(HEAD + textwrap.dedent(body), "t.py")
    return [(d.line, d.code) for d in result.diagnostics]


BAD_LINE = 'm = keras.Sequential([layers.Dense(1, activation="softmax")])'


def test_unsuppressed_finding():
    assert codes(BAD_LINE + "\n") == [(3, "KER102")]


def test_bare_noqa_and_matching_code_and_prefix():
    assert codes(BAD_LINE + "  # noqa\n") == []
    assert codes(BAD_LINE + "  # noqa: KER102\n") == []
    assert codes(BAD_LINE + "  # noqa: KER101, KER102\n") == []
    assert codes(BAD_LINE + "  # NOQA:KER1\n") == []


def test_other_code_does_not_suppress():
    assert codes(BAD_LINE + "  # noqa: KER101\n") == [(3, "KER102")]
    assert codes(BAD_LINE + "  # noqa: E501\n") == [(3, "KER102")]


def test_noqa_on_any_line_of_a_multiline_statement():
    body = """
    m = keras.Sequential([  # noqa: KER102
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="softmax"),
    ])
    """
    assert codes(body) == []
    body_end = """
    m = keras.Sequential([
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="softmax"),
    ])  # noqa
    """
    assert codes(body_end) == []


def test_noqa_does_not_leak_to_the_next_statement():
    body = "x = 1  # noqa\n" + BAD_LINE + "\n"
    assert codes(body) == [(4, "KER102")]


def test_noqa_inside_a_string_does_not_count():
    body = 'm = keras.Sequential([layers.Dense(1, activation="softmax", name="# noqa")])\n'
    assert codes(body) == [(3, "KER102")]


def test_file_level():
    assert codes("# kerlint: noqa\n" + BAD_LINE + "\n") == []
    assert codes("# kerlint: noqa: KER102\n" + BAD_LINE + "\n") == []
    assert codes("# kerlint: noqa: KER101\n" + BAD_LINE + "\n") == [(4, "KER102")]
    # Trailing, it is an ordinary (unrelated-code) comment, not a file-level one.
    assert codes(BAD_LINE + "  # kerlint: noqa: KER101\n") == [(3, "KER102")]


def unused(body: str) -> list:
    result = lint_text(HEAD + textwrap.dedent(body), "t.py", {"KER002", "KER102", "KER101"})
    return [(d.line, d.col, d.code, d.message) for d in result.diagnostics]


def test_unused_noqa_is_reported_only_for_kerlint_codes_that_silence_nothing():
    clean = 'm = keras.Sequential([layers.Dense(1, activation="sigmoid")])'
    assert unused(clean + "  # noqa: KER102\n") == [(3, 64, "KER002", "unused suppression of KER102: nothing to silence here; remove it")]
    assert unused(BAD_LINE + "  # noqa: KER102\n") == []
    assert unused(BAD_LINE + "  # noqa: KER1\n") == []  # a prefix that silences something is used
    assert [c for *_, c, _ in unused(BAD_LINE + "  # noqa: KER101, KER102\n")] == ["KER002"]  # KER101 silenced nothing
    assert unused(clean + "  # noqa\n") == []  # bare: maybe for another tool
    assert unused(clean + "  # noqa: E501\n") == []
    assert [c for *_, c, _ in unused("# kerlint: noqa: KER102\n" + clean + "\n")] == ["KER002"]


def test_unused_noqa_is_off_by_default():
    clean = 'm = keras.Sequential([layers.Dense(1, activation="sigmoid")])'
    assert codes(clean + "  # noqa: KER102\n") == []
