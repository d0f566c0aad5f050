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
