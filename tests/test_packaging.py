"""What `pip install .` ships: the rules as kerlint.rules, the knowledge files, and no TensorFlow."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_runtime_dependencies_are_libcst_and_click_only():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    # tomli only backports the standard library's tomllib to Python < 3.11
    unconditional = [d for d in project["dependencies"] if "python_version < '3.11'" not in d]
    names = sorted(d.split(">")[0].split("=")[0].split("<")[0].strip() for d in unconditional)
    assert names == ["click", "libcst"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {proc.stderr[-300:]}")
    (path,) = out.glob("kerlint-*.whl")
    return zipfile.ZipFile(path).namelist()


def test_wheel_ships_rules_and_knowledge(wheel):
    assert "kerlint/rules/ker101_softmax_binary_crossentropy.py" in wheel
    assert "kerlint/knowledge/keras3.json" in wheel and "kerlint/knowledge/keras2.json" in wheel
    assert not any(name.startswith(("tests/", "rules/")) for name in wheel)
