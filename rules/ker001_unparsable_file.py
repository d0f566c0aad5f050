"""The file could not be read or parsed.

## What it does
Reports a file that kerlint cannot analyse: a syntax error, bytes that are not
valid in the file's encoding (PEP 263: a coding cookie, a BOM, or UTF-8), a NUL
byte, or a file that cannot be read. The position is where Python's own parser
places the error.

## Why is this bad?
Python will not run the file either, and kerlint cannot check anything in it.
The run goes on with the other files.

## Fix safety
No fix: the code needs a human.

## References
- https://docs.python.org/3/reference/lexical_analysis.html#encoding-declarations
"""

CODE = "KER001"
NAME = "unparsable-file"
SEVERITY = "E"

BAD = [
    '''
    from tensorflow import keras

    def build_model(:  # expect: KER001
        return keras.Sequential()
    ''',
]

GOOD = [
    '''
    from tensorflow import keras

    def build_model():
        return keras.Sequential()
    ''',
]

# KER001 is emitted by the engine (kerlint/runner.py) when reading or parsing
# fails, so this module has no check().
