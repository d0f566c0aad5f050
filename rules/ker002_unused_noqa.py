"""A `# noqa` that silences nothing.

## What it does
Reports a kerlint code named in a `# noqa: ...` comment, or in a file-level
`# kerlint: noqa: ...`, when that code has no finding to silence there. Bare
`# noqa` comments and codes of other tools (`E501`) are left alone: they may
be there for flake8 or ruff. Off by default; enable it with
`--extend-select KER002`.

## Why is this bad?
A stale suppression hides the next real mistake on that line: the code was
fixed (or moved), but the comment still silences the rule.

## Fix safety
No automatic fix yet.

## References
- https://docs.astral.sh/ruff/rules/unused-noqa/
"""

CODE = "KER002"
NAME = "unused-noqa"
SEVERITY = "I"

BAD = [
    '''
    import keras

    model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])  # noqa: KER102  # expect: KER002
    ''',
]

GOOD = [
    '''
    import keras

    model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])  # noqa: KER102
    width = 88  # noqa: E501
    ''',
]

# KER002 is emitted by the engine (kerlint/runner.py) after suppressions are
# applied, so this module has no check().
