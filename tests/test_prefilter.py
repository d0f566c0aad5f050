"""The byte-level prefilter never changes what is found: every file, both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from kerlint.registry import all_rules
from kerlint.runner import lint_file, might_matter

ROOT = Path(__file__).resolve().parent.parent
ALL = {r.code for r in all_rules()}
NON_KERAS = [
    "import os\n\ndef walk(path):\n    return [p for p in os.listdir(path)]\n",
    "def broken(:\n    pass\n",  # a syntax error must still be reported
    "print 'python 2'\n",
    "class Model:\n    def fit(self, x, nb_epoch=3):\n        return self.predict_classes(x)\n",
    "# noqa: E501\nx = 1\n",
    "x = (" * 300 + "1" + ")" * 300 + "\n",
]


def _files(tmp_path):
    files = sorted((ROOT / "tests" / "fixtures").glob("*.py")) + sorted((ROOT / "examples").glob("*.py"))
    files += sorted((ROOT / "kerlint").rglob("*.py")) + sorted((ROOT / "rules").glob("*.py"))
    for index, text in enumerate(NON_KERAS):
        path = tmp_path / f"plain_{index}.py"
        path.write_text(text)
        files.append(path)
    return files


def test_prefilter_on_and_off_find_the_same(tmp_path):
    files = _files(tmp_path)
    skipped = 0
    for path in files:
        data = path.read_bytes()
        skipped += not might_matter(data)
        on = lint_file(str(path), ALL, prefilter=True).diagnostics
        off = lint_file(str(path), ALL, prefilter=False).diagnostics
        assert on == off, path
    assert skipped >= len(NON_KERAS) - 1  # the prefilter did skip the plain files


@pytest.mark.parametrize("text, expected", [(b"import keras", True), (b"import tensorflow as tf", True), (b"# noqa: KER101", True), (b"import torch", False)])
def test_what_might_matter(text, expected):
    assert might_matter(text) is expected
