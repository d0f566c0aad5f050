"""The benchmark runs and reports every figure (it never asserts a speed: machines are noisy)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench" / "run.py"


def test_generated_benchmark_reports_every_figure():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--generate", "20", "--rounds", "1", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)

    assert {"corpus", "timings", "ratios", "findings", "startup_s", "command_line", "memory", "cache", "jobs", "goals"} <= set(report)
    corpus = report["corpus"]
    assert corpus["files"] == 20 and corpus["keras_files"] + corpus["plain_files"] == 20
    assert corpus["keras_files"] > 0 and corpus["plain_files"] > 0 and corpus["lines"] > 0

    for measure in ("libcst_parse", "lint_text", "lint_file", "ast_parse", "plain_libcst_parse", "plain_lint_text", "plain_lint_file"):
        timing = report["timings"][measure]
        assert timing["median_s"] > 0 and timing["min_s"] > 0 and len(timing["rounds_s"]) == 1
    for ratio in ("lint_text_vs_libcst", "keras_lint_text_vs_libcst", "lint_file_vs_libcst", "ast_vs_libcst", "prefilter_lint_file_vs_libcst", "prefilter_lint_text_vs_libcst"):
        assert report["ratios"][ratio] > 0

    startup = report["startup_s"]
    assert startup["version_s"] > 0 and startup["check_small_file_s"] > 0 and startup["python_s"] > 0
    assert startup["imports_tensorflow_or_keras"] is False

    assert report["command_line"]["median_s"] > 0
    assert report["command_line"]["output_matches_in_process"] is True
    memory = report["memory"]
    for key in ("cli_maxrss_mb", "cli_maxrss_quarter_mb", "bench_maxrss_mb"):
        assert memory[key] > 0
    assert memory["tracemalloc_peak_mb"] is None  # only with --tracemalloc

    # the generated corpus carries bugs kerlint finds, and kerlint does not crash on it
    assert report["findings"]["diagnostics"] > 0 and report["findings"]["internal_errors"] == 0
    for section in ("cache", "jobs"):
        assert report[section]["status"] in ("measured", "not implemented yet")
    assert {row["goal"] for row in report["goals"]} >= {"all default rules vs LibCST parse (Keras files)", "kerlint --version"}


def test_generated_corpus_is_valid_python_and_plain_files_never_mention_keras(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    written = generate(60, str(tmp_path), seed=3)
    assert written["keras"] and written["plain"]
    for path in written["keras"] + written["plain"]:
        text = Path(path).read_text(encoding="utf-8")
        ast.parse(text)
        assert ("keras" in text.lower()) == (path in written["keras"])
    again = generate(60, str(tmp_path / "again"), seed=3)
    first = [Path(p).read_text(encoding="utf-8") for p in written["keras"]]
    second = [Path(p).read_text(encoding="utf-8") for p in again["keras"]]
    assert first == second  # deterministic for a seed
