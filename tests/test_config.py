"""[tool.kerlint] in pyproject.toml: found like ruff's, validated strictly, overridden by the CLI."""

from __future__ import annotations

import textwrap

from click.testing import CliRunner

from kerlint.cli import main

BUGGY = "import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"
TWO_RULES = (
    "import keras\n"
    "m = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\n"
    "m.save_weights('w.h5')\n"
)


def project(tmp_path, config: str, files: dict):
    (tmp_path / "pyproject.toml").write_text(textwrap.dedent(config))
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args))


def codes(result):
    return sorted({line.split(": ")[1].split()[0] for line in result.stdout.splitlines() if ": KER" in line})


def test_config_is_found_walking_up_from_the_linted_path(tmp_path):
    root = project(tmp_path, '[tool.kerlint]\nignore = ["KER102"]\n', {"src/deep/train.py": TWO_RULES})
    result = run(str(root / "src" / "deep" / "train.py"))
    assert codes(result) == ["KER504"]


def test_select_extend_select_and_cli_precedence(tmp_path):
    root = project(tmp_path, '[tool.kerlint]\nselect = ["KER5"]\n', {"train.py": TWO_RULES})
    assert codes(run(str(root))) == ["KER504"]
    assert codes(run(str(root), "--select", "KER1")) == ["KER102"]  # the CLI replaces the selection
    assert codes(run(str(root), "--extend-select", "KER102")) == ["KER102", "KER504"]
    assert codes(run(str(root), "--isolated")) == ["KER102", "KER504"]


def test_target_keras_from_config(tmp_path):
    root = project(tmp_path, '[tool.kerlint]\ntarget-keras = "2"\n', {"train.py": TWO_RULES})
    assert codes(run(str(root))) == ["KER102"]  # save_weights("w.h5") is fine in tf.keras 2.15
    assert codes(run(str(root), "--target-keras", "3")) == ["KER102", "KER504"]


def test_per_file_ignores_and_excludes(tmp_path):
    config = """
        [tool.kerlint]
        per-file-ignores = {"experiments/*.py" = ["KER1"]}
        extend-exclude = ["legacy", "generated/*"]
    """
    files = {"experiments/a.py": TWO_RULES, "legacy/b.py": BUGGY, "generated/c.py": BUGGY, "main.py": BUGGY}
    root = project(tmp_path, config, files)
    result = run(str(root))
    paths = sorted({line.split(":")[0].replace(str(root) + "/", "") for line in result.stdout.splitlines()})
    assert paths == ["experiments/a.py", "main.py"]
    assert "KER102" not in [line for line in result.stdout.splitlines() if "experiments" in line][0]
    # a file named on the command line is linted even when excluded
    assert run(str(root / "legacy" / "b.py")).exit_code == 1


def test_exclude_replaces_the_default_excludes(tmp_path):
    root = project(tmp_path, '[tool.kerlint]\nexclude = []\n', {"build/x.py": BUGGY})
    assert run(str(root)).exit_code == 1
    assert run(str(root), "--isolated").exit_code == 0  # build/ is skipped by default


def test_bad_configuration_is_a_clear_error_exit_2(tmp_path):
    cases = {
        '[tool.kerlint]\nselct = ["KER1"]\n': "unknown key 'selct' in [tool.kerlint] (did you mean 'select'?)",
        '[tool.kerlint]\nselect = "KER1"\n': "select: expected a list of strings",
        '[tool.kerlint]\nignore = ["KER999"]\n': "unknown rule code or prefix 'KER999'",
        '[tool.kerlint]\ntarget-keras = "4"\n': 'target-keras: expected "3" or "2"',
        '[tool.kerlint]\noutput-format = "xml"\n': "output-format: expected one of",
        '[tool.kerlint\n': "invalid TOML",
    }
    for config, message in cases.items():
        (tmp_path / "pyproject.toml").write_text(config)
        (tmp_path / "train.py").write_text(BUGGY)
        result = run(str(tmp_path / "train.py"), "--config", str(tmp_path / "pyproject.toml"))
        assert result.exit_code == 2, config
        assert message in result.stderr, (config, result.stderr)
        assert "Traceback" not in result.output


def test_python_looking_values_are_data(tmp_path):
    config = '[tool.kerlint]\nexclude = ["__import__(\'os\').system(\'touch PWNED\')"]\n'
    root = project(tmp_path, config, {"train.py": BUGGY})
    run(str(root))
    assert not (tmp_path / "PWNED").exists()
