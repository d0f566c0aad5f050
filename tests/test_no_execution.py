"""kerlint never runs, imports or evaluates the code and the configuration it lints.

A project is built whose every file would leave a marker file on disk if it
were imported or executed: module-level code, a package `__init__.py` and
`__main__.py`, a `conftest.py`, a `sitecustomize.py` and a `usercustomize.py`,
modules named `keras` and `tensorflow` (which would shadow the real ones if
kerlint imported them), a `setup.py`, a PEP 517 in-tree build backend, a
notebook cell, shell escapes and cell magics, and a pyproject.toml whose
`[tool.kerlint]` holds strings that are Python (and shell) that writes a
marker if evaluated. kerlint runs on it in real processes, in every way a user
starts it, with the project as the current directory and on PYTHONPATH; no
marker may appear, and the findings prove the files were really analysed.

A control test runs each file for real and checks that its marker does appear,
so the absence of markers means something.

`sitecustomize.py` (and `usercustomize.py`, where user site-packages are on)
on PYTHONPATH is imported by the Python interpreter itself at start-up, before
any kerlint code runs: that is Python's behaviour, not kerlint's. Those two
files therefore write their marker only when `kerlint` is already imported,
that is, only if kerlint itself executes them; and one run without the project
on PYTHONPATH rules out kerlint importing them by name.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MODEL_WITH_FINDING = "model = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"


def _payload(markers: Path, name: str) -> str:
    """Python that leaves markers/name behind when executed."""
    return f"__import__('pathlib').Path({str(markers / name)!r}).write_text('executed')"


def _shell(markers: Path, name: str) -> str:
    return f"touch {markers / name}"


def build_project(root: Path, markers: Path) -> dict:
    """The project; returns {marker name: how to execute the thing that writes it} for the control test."""
    markers.mkdir(parents=True, exist_ok=True)
    project = root / "project"
    (project / "pkg").mkdir(parents=True)
    p = lambda name: _payload(markers, name)  # noqa: E731
    gated = lambda name: f"import sys\nif 'kerlint' in sys.modules:\n    {p(name)}\n"  # noqa: E731

    files = {
        "train.py": f"import keras\n{p('train_module_level')}\nfrom pkg import helpers\n{MODEL_WITH_FINDING}"
        f"if __name__ == '__main__':\n    {p('train_main')}\n",
        "pkg/__init__.py": f"{p('pkg_init')}\n",
        "pkg/__main__.py": f"{p('pkg_main')}\n",
        "pkg/helpers.py": f"import keras\n{p('pkg_helpers')}\n\ndef build():\n    {p('pkg_helpers_function')}\n"
        "    return keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n\nmodel = build()\n",
        "conftest.py": f"{p('conftest_module_level')}\n\ndef pytest_configure(config):\n    {p('conftest_hook')}\n",
        "sitecustomize.py": gated("sitecustomize"),
        "usercustomize.py": gated("usercustomize"),
        "keras.py": f"{p('keras_shadow')}\n",
        "tensorflow.py": f"{p('tensorflow_shadow')}\n",
        "setup.py": f"{p('setup_py')}\nfrom setuptools import setup\nsetup()\n",
        "evil_backend.py": f"{p('build_backend')}\n",
        "class_body.py": f"import keras\nclass Net(keras.Model):\n    {p('class_body')}\n    def call(self, x):\n        return x\n",
        "decorators.py": f"import keras\ndef deco(f):\n    {p('decorator')}\n    return f\n@deco\ndef build():\n    return keras.Sequential()\n",
        "defaults.py": f"import keras\ndef build(units=({p('default_argument')}, 3)[1]):\n    return keras.Sequential([keras.layers.Dense(units)])\n",
        "pkg/layers_a.py": f"{p('pkg_layers_a')}\n",
        "pkg/layers_b.py": f"{p('pkg_layers_b')}\n",
        "pkg/layers_c.py": f"{p('pkg_layers_c')}\n",
        "pkg/layers_d.py": f"{p('pkg_layers_d')}\n",
    }
    for name, text in files.items():
        (project / name).write_text(text)

    toml_python = {
        "toml_exclude": p("toml_exclude"),
        "toml_per_file": p("toml_per_file"),
    }
    (project / "pyproject.toml").write_text(
        "[build-system]\n"
        'requires = ["setuptools"]\n'
        'build-backend = "evil_backend"\n'
        'backend-path = ["."]\n\n'
        "[tool.kerlint]\n"
        f"extend-exclude = [{json.dumps(toml_python['toml_exclude'])}, {json.dumps('$(' + _shell(markers, 'toml_shell') + ')')}, "
        f"{json.dumps('`' + _shell(markers, 'toml_backticks') + '`')}]\n"
        f"per-file-ignores = {{ {json.dumps(toml_python['toml_per_file'])} = [\"KER113\"] }}\n"
        'target-keras = "3"\n'
    )
    (project / "setup.cfg").write_text(f"[kerlint]\nselect = {p('setup_cfg')}\n[flake8]\nper-file-ignores = {p('setup_cfg_flake8')}\n")
    (project / "tox.ini").write_text(f"[testenv]\ncommands = {_shell(markers, 'tox_ini')}\n")

    cells = [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": source}
        for source in [
            f"import keras\n{p('notebook_cell')}\n",
            f"!{_shell(markers, 'notebook_shell_escape')}\nout = !{_shell(markers, 'notebook_shell_capture')}\n",
            f"%%bash\n{_shell(markers, 'notebook_bash')}\n",
            f"%%script sh\n{_shell(markers, 'notebook_script')}\n",
            f"%%time\n{p('notebook_timed_cell')}\n",
            "%run train.py\n%load_ext evil_backend\n",
            f"%time {p('notebook_time_line')}\n",
            MODEL_WITH_FINDING,
        ]
    ]
    notebook = {"cells": cells, "metadata": {"kernelspec": {"language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    (project / "analysis.ipynb").write_text(json.dumps(notebook, indent=1))

    # How each marker is produced when the code really runs (the control test).
    py = sys.executable
    controls = {}
    for name, script in [
        ("train_module_level", "train.py"),
        ("train_main", "train.py"),
        ("pkg_init", "pkg/__init__.py"),
        ("pkg_main", "pkg/__main__.py"),
        ("pkg_helpers", "pkg/helpers.py"),
        ("pkg_helpers_function", "pkg/helpers.py"),
        ("keras_shadow", "keras.py"),
        ("tensorflow_shadow", "tensorflow.py"),
        ("build_backend", "evil_backend.py"),
        ("class_body", "class_body.py"),
        ("decorator", "decorators.py"),
        ("default_argument", "defaults.py"),
        ("pkg_layers_a", "pkg/layers_a.py"),
        ("pkg_layers_b", "pkg/layers_b.py"),
        ("pkg_layers_c", "pkg/layers_c.py"),
        ("pkg_layers_d", "pkg/layers_d.py"),
    ]:
        controls[name] = [py, "-c", f"import runpy, sys; sys.modules.setdefault('keras', type(sys)('keras')).__dict__.update(Sequential=lambda *a: None, Model=object, layers=type(sys)('l')); sys.modules['keras'].layers.Dense = lambda *a, **k: None; runpy.run_path({script!r}, run_name='__main__')"]
    controls["conftest_module_level"] = [py, "-c", "import runpy; runpy.run_path('conftest.py')"]
    controls["conftest_hook"] = [py, "-c", "import runpy; runpy.run_path('conftest.py')['pytest_configure'](None)"]
    controls["sitecustomize"] = [py, "-c", "import kerlint, runpy; runpy.run_path('sitecustomize.py')"]
    controls["usercustomize"] = [py, "-c", "import kerlint, runpy; runpy.run_path('usercustomize.py')"]
    controls["setup_py"] = [py, "-c", f"exec({p('setup_py')!r})"]
    for name, code in toml_python.items():
        controls[name] = [py, "-c", f"exec({code!r})"]
    for name in ("toml_shell", "toml_backticks", "tox_ini", "notebook_shell_escape", "notebook_shell_capture", "notebook_bash", "notebook_script"):
        controls[name] = ["sh", "-c", _shell(markers, name)]
    controls["setup_cfg"] = [py, "-c", f"exec({p('setup_cfg')!r})"]
    controls["setup_cfg_flake8"] = [py, "-c", f"exec({p('setup_cfg_flake8')!r})"]
    for name in ("notebook_cell", "notebook_timed_cell", "notebook_time_line"):
        controls[name] = [py, "-c", f"exec({p(name)!r})"]
    return {"project": project, "controls": controls}


def _env(project: Path, tmp_path: Path, on_path: bool = True) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONSAFEPATH", None)
    env["PYTHONPATH"] = str(project) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "") if on_path else ""
    if not on_path:
        env.pop("PYTHONPATH")
    env["KERLINT_CACHE_DIR"] = str(tmp_path / "cache")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _kerlint_script() -> str:
    script = Path(sys.executable).with_name("kerlint")
    if script.exists():
        return str(script)
    found = shutil.which("kerlint")
    if found is None:
        pytest.skip("the kerlint console script is not installed")
    return found


def _markers(markers: Path) -> list:
    return sorted(p.name for p in markers.iterdir())


@pytest.fixture
def project(tmp_path):
    built = build_project(tmp_path, tmp_path / "markers")
    return built["project"], tmp_path / "markers", built["controls"]


def test_control_every_payload_leaves_its_marker_when_really_run(tmp_path, project):
    """Without this, a payload with a typo would make the real test pass for nothing."""
    root, markers, controls = project
    env = _env(root, tmp_path)
    env.pop("PYTHONPATH")  # the control runs one file at a time, with nothing shadowed
    for name, command in sorted(controls.items()):
        for left in markers.iterdir():
            left.unlink()
        proc = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)
        assert (markers / name).exists(), f"control for {name} left no marker: {command}\n{proc.stderr}"
    # Every payload written into the project has a control.
    written = set()
    for file in root.rglob("*"):
        if file.is_file():
            text = file.read_text()
            written.update(n for n in controls if str(markers / n) in text)
    assert written == set(controls)


def _runs(root: Path):
    """(id, argv, on PYTHONPATH, expected exit codes) for every way users start kerlint."""
    script = _kerlint_script()
    py = sys.executable
    help_text = subprocess.run([script, "check", "--help"], capture_output=True, text=True).stdout
    runs = [
        ("script-check", [script, "."], True, {1}),
        ("script-check-no-args", [script], True, {1}),
        ("module-check", [py, "-m", "kerlint", "check", "."], True, {1}),
        ("module-check-cwd-on-sys-path", [py, "-m", "kerlint", "."], False, {1}),
        ("script-no-pythonpath", [script, "."], False, {1}),
        ("explicit-files", [script, "train.py", "pkg/helpers.py", "pkg/__init__.py", "conftest.py", "sitecustomize.py", "usercustomize.py", "keras.py", "tensorflow.py", "setup.py", "analysis.ipynb"], True, {1}),
        ("select-all", [script, "--select", "ALL", "."], True, {1}),
        ("target-keras-2", [script, "--target-keras", "2", "."], True, {1}),
        ("inspect-train", [script, "inspect", "train.py"], True, {0, 1}),
        ("inspect-helpers", [script, "inspect", "pkg/helpers.py"], True, {0, 1}),
        ("inspect-init", [script, "inspect", "pkg/__init__.py"], True, {0, 1}),
        ("inspect-conftest", [script, "inspect", "conftest.py"], True, {0, 1}),
        ("inspect-sitecustomize", [script, "inspect", "sitecustomize.py"], True, {0, 1}),
        ("inspect-notebook", [script, "inspect", "analysis.ipynb"], True, {0, 1}),
        ("rules", [script, "rules"], True, {0}),
        ("explain", [script, "explain", "KER101"], True, {0}),
    ]
    for option, run_id, codes in [
        ("--output-format", "json", {1}),
        ("--output-format", "sarif", {1}),
        ("--output-format", "full", {1}),
        ("--statistics", None, {1}),
        ("--diff", None, {0, 1}),
        ("--jobs", "2", {1}),
        ("--no-cache", None, {1}),
        ("--isolated", None, {1}),
        ("--config", "pyproject.toml", {1}),
    ]:
        if option in help_text:
            args = [option] + ([run_id] if run_id else [])
            runs.append((f"script{option}{'-' + run_id if run_id else ''}", [script, *args, "."], True, codes))
    if "--stdin-filename" in help_text:
        runs.append(("stdin-py", [script, "-", "--stdin-filename", "train.py"], True, {1}))
        runs.append(("stdin-ipynb", [script, "-", "--stdin-filename", "analysis.ipynb"], True, {1}))
    return runs


def test_linting_never_runs_the_code(tmp_path, project):
    root, markers, _ = project
    for run_id, argv, on_path, exit_codes in _runs(root):
        stdin = None
        if run_id == "stdin-py":
            stdin = (root / "train.py").read_bytes()
        elif run_id == "stdin-ipynb":
            stdin = (root / "analysis.ipynb").read_bytes()
        proc = subprocess.run(argv, cwd=root, env=_env(root, tmp_path, on_path), input=stdin, capture_output=True, timeout=300)
        out, err = proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace")
        assert _markers(markers) == [], f"{run_id}: kerlint ran user code: {_markers(markers)}\n{err}"
        assert "Traceback" not in out + err, f"{run_id}:\n{err}"
        assert proc.returncode in exit_codes, f"{run_id}: exit {proc.returncode}\n{out}\n{err}"
        if run_id.startswith(("script-check", "module-check", "script-no")) or run_id in ("explicit-files", "select-all", "target-keras-2"):
            # The files were analysed, not skipped: their findings are there.
            for file in ("train.py", os.path.join("pkg", "helpers.py"), "analysis.ipynb"):
                assert any(line.startswith((file, "./" + file)) and "KER102" in line for line in out.splitlines()), f"{run_id}: no KER102 for {file}:\n{out}"
    assert (root / "train.py").read_text().startswith("import keras\n__import__"), "the project was changed"


def test_fix_never_runs_the_code(tmp_path, project):
    root, markers, _ = project
    script = _kerlint_script()
    help_text = subprocess.run([script, "check", "--help"], capture_output=True, text=True).stdout
    if "--fix" not in help_text:
        pytest.skip("no --fix in this version")
    (root / "legacy.py").write_text(
        f"import keras\n{_payload(markers, 'fixed_file')}\nopt = keras.optimizers.Adam(lr=0.01)\nmodel = keras.Sequential()\nmodel.save_weights('w.h5')\n"
    )
    proc = subprocess.run([script, "--fix", "."], cwd=root, env=_env(root, tmp_path), capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stderr
    assert _markers(markers) == [], _markers(markers)
    # The fixed file is still only text: running it now would leave the marker (control).
    assert _payload(markers, "fixed_file") in (root / "legacy.py").read_text()


@pytest.mark.parametrize(
    "table",
    [
        'select = ["{code}"]',
        'ignore = ["{code}"]',
        'extend-select = ["{code}"]',
        'target-keras = "{code}"',
        'output-format = "{code}"',
        'exclude = "{code}"',
        'per-file-ignores = {{ "x.py" = ["{code}"] }}',
        'per-file-ignores = "{code}"',
        '"{code}" = 1',
        "select = {code_bare}",
    ],
    ids=["select", "ignore", "extend-select", "target-keras", "output-format", "exclude-not-a-list", "per-file-codes", "per-file-not-a-table", "unknown-key", "not-toml"],
)
def test_python_in_tool_kerlint_is_never_evaluated(tmp_path, table):
    """Invalid settings that are Python are reported as configuration errors (exit 2), never run."""
    markers = tmp_path / "markers"
    markers.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    code = _payload(markers, "config")
    (project / "pyproject.toml").write_text("[tool.kerlint]\n" + table.format(code=code.replace('"', '\\"'), code_bare=code) + "\n")
    (project / "train.py").write_text("import keras\n" + MODEL_WITH_FINDING)
    # The control: the string really is Python that leaves the marker.
    subprocess.run([sys.executable, "-c", code], check=True)
    assert _markers(markers) == ["config"]
    (markers / "config").unlink()
    for argv in ([_kerlint_script(), "."], [_kerlint_script(), "--config", "pyproject.toml", "train.py"], [sys.executable, "-m", "kerlint", "train.py"]):
        proc = subprocess.run(argv, cwd=project, env=_env(project, tmp_path), capture_output=True, text=True, timeout=120)
        assert _markers(markers) == [], f"{argv}: the configuration was evaluated"
        assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
        if table.startswith("select = {") and "--config" not in argv:
            # A pyproject.toml that is not TOML is skipped when searched for (it may not be
            # kerlint's); named with --config it is an error. Either way it is not run.
            assert proc.returncode in (1, 2), proc.stderr
            continue
        assert proc.returncode == 2, f"{argv}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        assert "pyproject.toml" in proc.stderr
