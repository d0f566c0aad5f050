"""The shipped Keras 3 knowledge is exactly what the generator writes from the installed Keras."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytest.importorskip("tensorflow", reason="TensorFlow not installed: knowledge drift NOT checked")
pytestmark = pytest.mark.tensorflow


def test_keras3_knowledge_matches_the_installed_keras():
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_knowledge.py"), "--print"],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    fresh = json.loads(proc.stdout)
    if fresh["keras_major"] != 3:
        pytest.skip("the installed Keras is not Keras 3")
    shipped = json.loads((ROOT / "kerlint" / "knowledge" / "keras3.json").read_text())
    assert fresh == shipped, "run `python scripts/generate_knowledge.py` and commit kerlint/knowledge/keras3.json"


def test_knowledge_files_are_generated_not_edited():
    for major in (2, 3):
        data = json.loads((ROOT / "kerlint" / "knowledge" / f"keras{major}.json").read_text())
        assert data["keras_major"] == major
        assert {"identifiers", "classes", "model_members", "signatures", "modules", "top_level"} <= set(data)
