"""kerlint's benchmark: its time against a bare LibCST parse of the same files, side by side.

    python bench/run.py PATH...             files and directories of .py files
    python bench/run.py --generate 400      a generated corpus (bench/generate.py) in a temp dir
    python bench/run.py --json ...          machine-readable output on stdout
    python bench/run.py --profile ...       also: where kerlint's time goes (cProfile, kerlint's own code)
    python bench/run.py --breakdown ...     also: time per phase (parse, analysis, each rule, positions)
    python bench/run.py --tracemalloc ...   also: traced Python memory of an in-process pass (slow)

What it measures, in ONE process, interleaved: every round times each
measure once (in a rotated order, after a gc.collect()), and the report gives
the median over the rounds (--rounds, default 3). Ratios are taken within each
round and the median of those is reported, so a noisy machine shifts both
sides of a ratio together; compare ratios, not seconds, between machines.

- libcst_parse: `libcst.parse_module` of every (pre-read) text: the floor;
- lint_text: `kerlint.runner.lint_text(text, path)` on the same texts: the
  whole lint (parse included) with the default rule selection;
- lint_file: `kerlint.runner.lint_file(path)`, i.e. with the reading and decoding;
- ast_parse: `ast.parse` of every text, for context;
- the same three on the plain subset: files that contain neither "keras" nor
  "tensorflow" (in any case), which a prefilter can skip; the prefilter ratio
  is lint_file on that subset over libcst_parse of it (issue 7's goal: <= 0.10).
  lint_text never skips a file, so on this subset it shows the cost without
  the prefilter.

Then, outside the timed rounds: start-up (`python -m kerlint --version`, the
`kerlint` console script and `python -m kerlint check SMALL.py` as subprocesses,
median of 5, interleaved, with compiled bytecode kept in a temporary
PYTHONPYCACHEPREFIX), whether linting imports TensorFlow or Keras
(`-X importtime`), the command line on all files (wall time, and whether it
reports the same findings, by path:line:col and code, as the in-process run),
peak memory (the peak RSS of the command line on a quarter of the files and on
all of them: flat memory means the two are close; with --tracemalloc, also the
traced Python peak of an in-process pass, which is slow), and the result cache
(cold/warm) and `-j` scaling, which print "not implemented yet" while
`kerlint check --help` offers no `--no-cache`/`--jobs`. Once they exist, the
cache runs with a fresh KERLINT_CACHE_DIR per cold run (and `--cache-dir` when
offered), the `-j` runs with `--no-cache`, and both check that the output is
identical (to -j1 in content and order, and to the in-process findings).

Nothing here asserts a speed; it reports, and marks each issue-7 goal as met or not.
Dependencies: kerlint's own (libcst, click) and the standard library.
"""

from __future__ import annotations

import argparse
import ast
import cProfile
import gc
import hashlib
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
FROM_CHECKOUT = False
try:
    import kerlint
except ImportError:  # kerlint is not installed: use the checkout this script is in
    sys.path.insert(0, ROOT)
    FROM_CHECKOUT = True
    import kerlint

import libcst  # noqa: E402

from kerlint import runner, sources  # noqa: E402

# a plain file: neither "keras" nor "tensorflow" in its bytes, in any case
KERAS_BYTES = re.compile(rb"keras|tensorflow", re.IGNORECASE)
# path:line:col: CODE ... (the rest of a line may change format: compare the position and code)
FINDING_LINE = re.compile(r"^(.*?):(\d+):(\d+): (KER\d{3})\b")
SMALL_FILE = '''import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
'''
# issue 7's goals, checked against the figures (reported, never asserted)
GOALS = {
    "lint_vs_libcst": 2.0,
    "prefilter": 0.10,
    "cache_warm_vs_cold": 0.10,
    "version_startup_s": 0.3,
    "small_file_s": 1.0,
}


# --------------------------------------------------------------------------
# the corpus
# --------------------------------------------------------------------------


class Corpus:
    def __init__(self, paths: list, source: str, cli_args: list, generated_dir: str = "") -> None:
        self.paths = paths
        self.source = source
        self.cli_args = cli_args  # what to give the command line for "all files"
        self.generated_dir = generated_dir
        self.texts = []
        self.unreadable = []
        self.total_bytes = 0
        for path in paths:
            with open(path, "rb") as handle:
                data = handle.read()
            self.total_bytes += len(data)
            try:
                text = sources.decode(data)
            except sources.SourceError:
                self.unreadable.append(path)
                text = data.decode("utf-8", "replace").replace("\0", "")
            self.texts.append((path, text, bool(KERAS_BYTES.search(data))))
        self.plain = [(p, t) for p, t, k in self.texts if not k]
        self.lines = sum(t.count("\n") + (not t.endswith("\n") and bool(t)) for _, t, _ in self.texts)

    def describe(self) -> dict:
        return {
            "source": self.source,
            "files": len(self.texts),
            "keras_files": len(self.texts) - len(self.plain),
            "plain_files": len(self.plain),
            "lines": self.lines,
            "bytes": self.total_bytes,
            "undecodable_files": len(self.unreadable),
            "generated_dir": self.generated_dir or None,
        }


def python_files(paths: list) -> list:
    """The .py files kerlint would lint for these paths (its own discovery, notebooks left out)."""
    from kerlint.discovery import discover

    found = []
    for path in discover(paths):
        if path.endswith(".py") and os.path.isfile(path):
            found.append(path)
    return found


# --------------------------------------------------------------------------
# timed measures (in-process)
# --------------------------------------------------------------------------


def measure_libcst(texts) -> tuple:
    failures = 0
    start = time.perf_counter()
    for _, text in texts:
        try:
            libcst.parse_module(text)
        except Exception:  # noqa: BLE001 - Python 2 files and the like: failing is what they cost
            failures += 1
    return time.perf_counter() - start, failures


def measure_ast(texts) -> tuple:
    failures = 0
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _, text in texts:
            try:
                ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                failures += 1
    return time.perf_counter() - start, failures


def measure_lint_text(texts) -> tuple:
    found = 0
    start = time.perf_counter()
    for path, text in texts:
        found += len(runner.lint_text(text, path).diagnostics)
    return time.perf_counter() - start, found


def measure_lint_file(texts) -> tuple:
    found = 0
    start = time.perf_counter()
    for path, _ in texts:
        found += len(runner.lint_file(path).diagnostics)
    return time.perf_counter() - start, found


def timed_rounds(corpus: Corpus, rounds: int, log) -> dict:
    everything = [(p, t) for p, t, _ in corpus.texts]
    measures = [
        ("libcst_parse", measure_libcst, everything),
        ("lint_text", measure_lint_text, everything),
        ("lint_file", measure_lint_file, everything),
        ("ast_parse", measure_ast, everything),
    ]
    if corpus.plain:
        measures += [
            ("plain_libcst_parse", measure_libcst, corpus.plain),
            ("plain_lint_text", measure_lint_text, corpus.plain),
            ("plain_lint_file", measure_lint_file, corpus.plain),
        ]
    # warm-up, untimed: kerlint loads its rules and knowledge (some lazily, on
    # the first file that needs them), LibCST its parser; up to 20 files spread
    # over the corpus, plain ones included
    start = time.perf_counter()
    if everything:
        runner.lint_text(everything[0][1], everything[0][0])
    first_call = time.perf_counter() - start
    step = max(1, len(everything) // 20)
    for path, text in everything[::step] + corpus.plain[:2]:
        measure_libcst([(path, text)])
        measure_ast([(path, text)])
        runner.lint_text(text, path)
        runner.lint_file(path)
    times = {name: [] for name, _, _ in measures}
    extra = {}
    for r in range(rounds):
        shift = r % len(measures)
        for name, function, texts in measures[shift:] + measures[:shift]:
            gc.collect()
            seconds, info = function(texts)
            times[name].append(seconds)
            extra[name] = info
        log(f"round {r + 1}/{rounds}: " + ", ".join(f"{n} {times[n][-1]:.2f}s" for n, _, _ in measures))
    return {"times": times, "extra": extra, "first_call": first_call}


def ratio_rounds(times: dict, numerator: str, denominator: str):
    if numerator not in times or denominator not in times:
        return None
    values = [a / b for a, b in zip(times[numerator], times[denominator]) if b > 0]
    return statistics.median(values) if values else None


def keras_subset_ratio(times: dict):
    """lint_text over LibCST on the Keras files alone: per round, (all - plain) / (all - plain).

    The plain files are cheaper to lint than Keras code, so the ratio over all
    files flatters kerlint; this one is the "real Keras code" figure of issue 7.
    """
    if "plain_lint_text" not in times:
        return ratio_rounds(times, "lint_text", "libcst_parse")
    values = []
    for lint, plain_lint, parse, plain_parse in zip(times["lint_text"], times["plain_lint_text"], times["libcst_parse"], times["plain_libcst_parse"]):
        if parse - plain_parse > 0:
            values.append((lint - plain_lint) / (parse - plain_parse))
    return statistics.median(values) if values else None


# --------------------------------------------------------------------------
# findings (a digest to compare runs, and the command line's output against it)
# --------------------------------------------------------------------------


def in_process_findings(corpus: Corpus) -> dict:
    keys = []
    errors = 0
    files_with = 0
    for path, _, _ in corpus.texts:
        result = runner.lint_file(path)
        keys.extend(f"{d.path}:{d.line}:{d.col}: {d.code}" for d in result.diagnostics)
        errors += len(result.errors)
        files_with += bool(result.diagnostics)
    return {
        "diagnostics": len(keys),
        "files_with_findings": files_with,
        "internal_errors": errors,
        # path:line:col: CODE of every finding, hashed: equal digests, equal findings
        "digest": hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:16],
        "_keys": keys,
    }


def prefilter_off_same(corpus: Corpus, expected: list):
    """Whether lint_file(prefilter=False) finds exactly what the default run finds (None: no such option)."""
    import inspect

    if "prefilter" not in inspect.signature(runner.lint_file).parameters:
        return None
    keys = []
    for path, _, _ in corpus.texts:
        keys.extend(f"{d.path}:{d.line}:{d.col}: {d.code}" for d in runner.lint_file(path, prefilter=False).diagnostics)
    return sorted(keys) == sorted(expected)


def finding_keys(stdout: str) -> list:
    """`path:line:col: CODE` of each finding line the command line printed."""
    keys = []
    for line in stdout.splitlines():
        match = FINDING_LINE.match(line)
        if match:
            keys.append(f"{match[1]}:{match[2]}:{match[3]}: {match[4]}")
    return keys


def compare(stdout: str, expected: list) -> dict:
    got = finding_keys(stdout)
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    return {"same": sorted(got) == sorted(expected), "only_in_process": missing[:5], "only_command_line": extra[:5]}


# --------------------------------------------------------------------------
# memory
# --------------------------------------------------------------------------


def traced_peaks(corpus: Corpus) -> dict:
    """tracemalloc peak (Python allocations) while linting a quarter of the files, then all of them."""
    quarter = max(1, len(corpus.texts) // 4)
    gc.collect()
    tracemalloc.start()
    peaks = {}
    try:
        for i, (path, text, _) in enumerate(corpus.texts):
            runner.lint_text(text, path)
            if i + 1 == quarter:
                peaks["tracemalloc_peak_quarter_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        peaks["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return peaks


def self_maxrss_mb():
    try:
        import resource
    except ImportError:  # Windows
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 1024


# --------------------------------------------------------------------------
# subprocesses: start-up, the command line, cache and jobs
# --------------------------------------------------------------------------


def kerlint_command(*args) -> list:
    return [sys.executable, "-m", "kerlint", *args]


# Subprocesses keep their bytecode in a temporary PYTHONPYCACHEPREFIX (set by main):
# start-up is measured with compiled modules, as after `pip install`, even where
# PYTHONDONTWRITEBYTECODE is set or the checkout has no __pycache__, and the
# benchmark writes nothing into the source tree.
PYC_PREFIX = ""
# When kerlint has a result cache, every subprocess gets a KERLINT_CACHE_DIR under
# the benchmark's temp dir (nothing lands in the user's tree), and the runs that
# must not be warm pass `--no-cache` (NO_CACHE, set by main from `check --help`).
CACHE_ROOT = ""
WORKDIR = ""
NO_CACHE: list = []


def subprocess_env(extra: dict = None) -> dict:
    env = dict(os.environ)
    if FROM_CHECKOUT:  # the subprocesses must import the kerlint this process imported
        env["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, env.get("PYTHONPATH", "")) if p)
    env.pop("KERLINT_CACHE_DIR", None)
    if CACHE_ROOT:
        env["KERLINT_CACHE_DIR"] = tempfile.mkdtemp(dir=CACHE_ROOT)
    if PYC_PREFIX:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = PYC_PREFIX
    if extra:
        env.update(extra)
    return env


def run_timed(command: list, env: dict = None, cwd: str = None) -> dict:
    """Wall time, exit status, stdout and this child's own peak RSS (os.wait4 where available).

    The default working directory is the benchmark's temp dir: `python -m kerlint`
    then imports the installed kerlint, never a `kerlint/` folder of the caller's
    directory, and nothing kerlint may write lands there (paths are absolute).
    """
    env = env or subprocess_env()
    cwd = cwd or WORKDIR or None
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    if hasattr(os, "wait4"):
        # read the pipes in threads so a large output cannot block the child
        import threading

        chunks = {"out": [], "err": []}
        readers = [
            threading.Thread(target=lambda: chunks["out"].append(process.stdout.read())),
            threading.Thread(target=lambda: chunks["err"].append(process.stderr.read())),
        ]
        for reader in readers:
            reader.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        for reader in readers:
            reader.join()
        process.returncode = os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8
        out, err = b"".join(chunks["out"]), b"".join(chunks["err"])
        process.stdout.close()
        process.stderr.close()
        rss = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)
    else:
        out, err = process.communicate()
        elapsed = time.perf_counter() - start
        rss = None
    return {"seconds": elapsed, "status": process.returncode, "stdout": out.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace"), "maxrss_mb": rss}


def startup(workdir: str, repeat: int = 5) -> dict:
    """Median wall time of each command over `repeat` runs, the commands interleaved."""
    small = os.path.join(workdir, "small_train.py")
    with open(small, "w", encoding="utf-8") as handle:
        handle.write(SMALL_FILE)
    commands = {
        "python_s": [sys.executable, "-c", "pass"],
        "version_s": kerlint_command("--version"),
        "check_small_file_s": kerlint_command("check", *NO_CACHE, small),
    }
    script = os.path.join(os.path.dirname(sys.executable), "kerlint")
    if os.path.isfile(script) and os.access(script, os.X_OK):
        commands["console_script_version_s"] = [script, "--version"]
    for command in commands.values():
        run_timed(command)  # warm the OS file cache and compile the bytecode
    times = {key: [] for key in commands}
    for _ in range(repeat):
        for key, command in commands.items():
            times[key].append(run_timed(command)["seconds"])
    result = {key: statistics.median(values) for key, values in times.items()}
    # which modules linting one file imports (and whether TensorFlow or Keras is among them)
    probe = run_timed([sys.executable, "-X", "importtime", "-m", "kerlint", "check", *NO_CACHE, small])
    modules = []  # (cumulative microseconds, module, nesting depth)
    for line in probe["stderr"].splitlines():
        parts = line[len("import time:"):].split("|") if line.startswith("import time:") else []
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            modules.append((int(parts[1]), name.strip(), len(name) - len(name.lstrip())))
    result["imports_tensorflow_or_keras"] = any(name.split(".")[0] in ("tensorflow", "keras", "tf_keras") for _, name, _ in modules)
    top_level = sorted(((us, name) for us, name, depth in modules if depth <= 1), reverse=True)[:6]
    result["slowest_imports"] = [{"module": name, "cumulative_ms": round(us / 1000, 1)} for us, name in top_level]
    return result


def check_help() -> str:
    done = run_timed(kerlint_command("check", "--help"))
    return done["stdout"] + done["stderr"]


def cli_args_for(files: list, fallback: list) -> list:
    """Explicit files when the command line stays short; else the original paths."""
    return files if sum(len(f) + 1 for f in files) < 200_000 else fallback


def command_line(corpus: Corpus, rounds: int, expected: list, extra_args: list, help_text: str, log) -> dict:
    """The command line with its default options (and --no-cache) on all files, then its memory.

    Peak RSS comes from os.wait4: on Linux the largest of the process and of
    the workers it reaped. Memory is measured in one process (`-j 1` once
    there is a --jobs option), on a quarter of the files and on all of them.
    """
    runs = []
    for _ in range(rounds):
        runs.append(run_timed(kerlint_command("check", "--exit-zero", *extra_args, *corpus.cli_args)))
    one = ["--jobs", "1"] if "--jobs" in help_text else []
    quarter = corpus.paths[: max(1, len(corpus.paths) // 4)]
    small = run_timed(kerlint_command("check", "--exit-zero", *extra_args, *one, *cli_args_for(quarter, quarter[:500])))
    full = run_timed(kerlint_command("check", "--exit-zero", *extra_args, *one, *corpus.cli_args)) if one else runs[-1]
    log(f"command line: {statistics.median(r['seconds'] for r in runs):.2f}s")
    return {
        "median_s": statistics.median(r["seconds"] for r in runs),
        "maxrss_mb": full["maxrss_mb"],
        "maxrss_quarter_mb": small["maxrss_mb"],
        "maxrss_default_options_mb": runs[-1]["maxrss_mb"],
        "no_cache": bool(extra_args),
        "output_matches_in_process": compare(runs[-1]["stdout"], expected)["same"],
        "differences": {k: v for k, v in compare(runs[-1]["stdout"], expected).items() if k != "same" and v},
        "status": runs[-1]["status"],
    }


def failed(done: dict, what: str) -> dict:
    """A run that ended in a usage or internal error (exit 2 or worse) is reported, not timed."""
    tail = " | ".join(done["stderr"].strip().splitlines()[-3:])
    return {"status": f"error: {what} exited {done['status']}", "detail": tail}


def cache_bench(corpus: Corpus, help_text: str, rounds: int, expected: list, log) -> dict:
    if "--no-cache" not in help_text:
        return {"status": "not implemented yet", "detail": "`kerlint check --help` offers no --no-cache"}
    colds, warms, uncached, identical = [], [], [], True
    for _ in range(rounds):
        cache_dir = tempfile.mkdtemp(prefix="kerlint-bench-cache-")
        try:
            env = subprocess_env({"KERLINT_CACHE_DIR": cache_dir})
            extra = ["--cache-dir", cache_dir] if "--cache-dir" in help_text else []
            cold = run_timed(kerlint_command("check", "--exit-zero", *extra, *corpus.cli_args), env)
            warm = run_timed(kerlint_command("check", "--exit-zero", *extra, *corpus.cli_args), env)
            off = run_timed(kerlint_command("check", "--exit-zero", "--no-cache", *corpus.cli_args), env)
        finally:
            shutil.rmtree(cache_dir, ignore_errors=True)
        for done, what in ((cold, "the cold run"), (warm, "the warm run"), (off, "the --no-cache run")):
            if done["status"] != 0:
                return failed(done, what)
        colds.append(cold["seconds"])
        warms.append(warm["seconds"])
        uncached.append(off["seconds"])
        identical &= cold["stdout"] == warm["stdout"] == off["stdout"] and compare(cold["stdout"], expected)["same"]
    result = {
        "status": "measured",
        "cold_s": statistics.median(colds),
        "warm_s": statistics.median(warms),
        "no_cache_s": statistics.median(uncached),
        "warm_vs_cold": statistics.median(w / c for w, c in zip(warms, colds)),
        "identical_output": identical,
    }
    log(f"cache: cold {result['cold_s']:.2f}s, warm {result['warm_s']:.2f}s")
    return result


def jobs_bench(corpus: Corpus, help_text: str, rounds: int, expected: list, log) -> dict:
    if "--jobs" not in help_text:
        return {"status": "not implemented yet", "detail": "`kerlint check --help` offers no --jobs"}
    cores = os.cpu_count() or 1
    counts = sorted({1, 2, cores}) if cores > 1 else [1, 2]
    no_cache = ["--no-cache"] if "--no-cache" in help_text else []
    times = {n: [] for n in counts}
    outputs = {}
    cache_dir = tempfile.mkdtemp(prefix="kerlint-bench-cache-")
    try:
        for _ in range(rounds):
            for n in counts:  # interleaved
                env = subprocess_env({"KERLINT_CACHE_DIR": tempfile.mkdtemp(dir=cache_dir)})
                done = run_timed(kerlint_command("check", "--exit-zero", *no_cache, "--jobs", str(n), *corpus.cli_args), env)
                if done["status"] != 0:
                    return failed(done, f"--jobs {n}")
                times[n].append(done["seconds"])
                outputs[n] = done["stdout"]
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    medians = {str(n): statistics.median(t) for n, t in times.items()}
    result = {
        "status": "measured",
        "cores": cores,
        "seconds": medians,
        "speedup": {str(n): medians["1"] / medians[str(n)] for n in counts},
        # the same lines in the same order as -j1, and the same findings as in-process
        "identical_output": all(outputs[n] == outputs[1] for n in counts) and compare(outputs[1], expected)["same"],
    }
    log("jobs: " + ", ".join(f"-j{n} {s:.2f}s" for n, s in medians.items()))
    return result


# --------------------------------------------------------------------------
# where the time goes
# --------------------------------------------------------------------------


def _kerlint_dirs() -> list:
    dirs = [os.path.dirname(os.path.abspath(kerlint.__file__))]
    try:
        import kerlint.rules as rules

        dirs.extend(os.path.abspath(p) for p in rules.__path__)
    except ImportError:
        pass
    return [d + os.sep for d in dirs]


def _area(filename: str, mine: list) -> str:
    if any(filename.startswith(d) for d in mine):
        return "kerlint"
    if f"{os.sep}libcst{os.sep}metadata{os.sep}" in filename:
        return "libcst metadata"
    if f"{os.sep}libcst{os.sep}" in filename:
        return "libcst (parser, nodes, visitors)"
    if filename == "~":
        return "builtins (ast.parse/compile, C calls)"
    return "other Python"


def profile(corpus: Corpus, top: int = 25) -> dict:
    profiler = cProfile.Profile()
    profiler.enable()
    for path, text, _ in corpus.texts:
        runner.lint_text(text, path)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    mine = _kerlint_dirs()
    total = stats.total_tt
    areas: dict = {}
    entries = []
    for (filename, line, function), (_, calls, tottime, cumtime, _) in stats.stats.items():
        area = _area(os.path.abspath(filename) if filename != "~" else "~", mine)
        areas[area] = areas.get(area, 0.0) + tottime
        if area == "kerlint":
            short = os.path.relpath(os.path.abspath(filename), ROOT)
            entries.append({"function": f"{short}:{line}({function})", "calls": calls, "tottime_s": tottime, "cumtime_s": cumtime})
    return {
        "total_s": total,
        "self_time_by_area": {k: v for k, v in sorted(areas.items(), key=lambda kv: -kv[1])},
        "kerlint_by_cumtime": sorted(entries, key=lambda e: -e["cumtime_s"])[:top],
        "kerlint_by_tottime": sorted(entries, key=lambda e: -e["tottime_s"])[:top],
    }


def breakdown(corpus: Corpus, rounds: int) -> dict:
    """Median time per phase over `rounds` passes (see one_breakdown)."""
    passes = []
    for _ in range(rounds):
        gc.collect()
        one = one_breakdown(corpus)
        if one["status"] != "measured":
            return one
        passes.append(one["seconds"])
    return {"status": "measured", "seconds": {k: statistics.median(p.get(k, 0.0) for p in passes) for k in passes[0]}}


def one_breakdown(corpus: Corpus) -> dict:
    """Time per phase, replaying lint_text's steps (syntax check, LibCST, Program, each rule, positions).

    Positions are computed on the first request: when a rule asks for one
    while checking (to cite a line in its message), that cost lands in the rule.
    """
    try:
        from kerlint.analysis.program import Program
        from kerlint.registry import all_rules
        from kerlint.sources import syntax_error
    except ImportError as err:
        return {"status": f"unavailable: {err}"}
    rules = [r for r in all_rules() if r.default and r.check is not None]
    phases: dict = {"syntax check": 0.0, "libcst.parse_module": 0.0, "Program (analysis)": 0.0, "positions of findings": 0.0}
    clock = time.perf_counter
    try:
        for path, text, _ in corpus.texts:
            t0 = clock()
            failed = syntax_error(text) is not None  # what sources.parse runs before LibCST
            t1 = clock()
            phases["syntax check"] += t1 - t0
            if failed:
                continue
            try:
                module = libcst.parse_module(text)
            except Exception:  # noqa: BLE001
                phases["libcst.parse_module"] += clock() - t1
                continue
            t2 = clock()
            phases["libcst.parse_module"] += t2 - t1
            try:
                program = Program(module, path, None, "3")
            except Exception:  # noqa: BLE001
                phases["Program (analysis)"] += clock() - t2
                continue
            phases["Program (analysis)"] += clock() - t2
            for rule in rules:
                t3 = clock()
                try:
                    findings = list(rule.check(program))
                except Exception:  # noqa: BLE001
                    findings = []
                t4 = clock()
                phases[f"rule {rule.code}"] = phases.get(f"rule {rule.code}", 0.0) + t4 - t3
                for finding in findings:
                    program.position(finding.node)
                phases["positions of findings"] += clock() - t4
    except Exception as err:  # noqa: BLE001 - the internals changed: say so, do not fail the benchmark
        return {"status": f"unavailable: {type(err).__name__}: {err}"}
    return {"status": "measured", "seconds": phases}


# --------------------------------------------------------------------------
# the report
# --------------------------------------------------------------------------


def fmt_s(value) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def fmt_mb(value) -> str:
    return "-" if value is None else f"{value:.0f} MiB"


def fmt_x(value) -> str:
    return "-" if value is None else f"{value:.2f}x"


def goal_rows(report: dict) -> list:
    ratios, start, cache = report["ratios"], report["startup_s"], report["cache"]
    rows = [
        ("all default rules vs LibCST parse (Keras files)", ratios.get("keras_lint_text_vs_libcst"), GOALS["lint_vs_libcst"], "x"),
        ("non-Keras files vs LibCST parse (prefilter)", ratios.get("prefilter_lint_file_vs_libcst"), GOALS["prefilter"], "x"),
        ("cache: warm run vs cold run", cache.get("warm_vs_cold"), GOALS["cache_warm_vs_cold"], "x"),
        ("kerlint --version", start.get("version_s"), GOALS["version_startup_s"], "s"),
        ("lint one small file", start.get("check_small_file_s"), GOALS["small_file_s"], "s"),
    ]
    return [
        {"goal": name, "value": value, "target": f"<= {target}{unit}", "met": None if value is None else value <= target}
        for name, value, target, unit in rows
    ]


def print_report(report: dict) -> None:
    c = report["corpus"]
    t = report["timings"]
    p = print
    p(f"\nkerlint {report['kerlint_version']} on Python {report['python']} ({report['platform']}, {report['cpu_count']} cores)")
    p(f"corpus: {c['files']} files ({c['keras_files']} mention Keras or TensorFlow, {c['plain_files']} plain), {c['lines']:,} lines, {c['bytes'] / 1024:,.0f} KiB"
      + (f"  [generated in {c['generated_dir']}]" if c["generated_dir"] else ""))
    load = report["load_average_1m"]
    p(f"rounds: {report['rounds']} (median shown; ratios are medians of per-round ratios)"
      + (f"; load average {load['before']:.1f} before, {load['after']:.1f} after" if load["before"] is not None else ""))
    p(f"\n{'measure (in one process)':<40} {'median':>10} {'min':>10} {'per file':>10} {'vs libcst':>10}")
    rows = [
        ("libcst.parse_module (floor)", "libcst_parse", c["files"], "libcst_parse"),
        ("kerlint lint_text (pre-read text)", "lint_text", c["files"], "libcst_parse"),
        ("kerlint lint_file (with I/O)", "lint_file", c["files"], "libcst_parse"),
        ("ast.parse (context)", "ast_parse", c["files"], "libcst_parse"),
        ("plain subset: libcst.parse_module", "plain_libcst_parse", c["plain_files"], "plain_libcst_parse"),
        ("plain subset: kerlint lint_text", "plain_lint_text", c["plain_files"], "plain_libcst_parse"),
        ("plain subset: kerlint lint_file", "plain_lint_file", c["plain_files"], "plain_libcst_parse"),
    ]
    keras_ratio = report["ratios"]["keras_lint_text_vs_libcst"]
    for label, key, n, base in rows:
        if key not in t:
            continue
        ratio = report["ratios_all"].get(f"{key}/{base}")
        p(f"{label:<40} {fmt_s(t[key]['median_s']):>10} {fmt_s(t[key]['min_s']):>10} {fmt_s(t[key]['median_s'] / max(n, 1)):>10} {fmt_x(ratio):>10}")
        if key == "lint_file" and c["plain_files"]:
            p(f"{'  Keras files only: lint_text vs libcst':<40} {'':>10} {'':>10} {'':>10} {fmt_x(keras_ratio):>10}  (all minus plain)")
    if c["plain_files"] < 20:
        p(f"  (only {c['plain_files']} plain file{'s' if c['plain_files'] != 1 else ''}: the prefilter ratio is not meaningful here; see --generate)")
    p(f"first lint call (loads rules and knowledge, untimed above): {fmt_s(report['first_call_s'])}")
    f = report["findings"]
    same = {None: "no prefilter option", True: "same", False: "DIFFERENT"}[f["prefilter_off_same_findings"]]
    p(f"findings: {f['diagnostics']} in {f['files_with_findings']} files, internal errors {f['internal_errors']}, digest {f['digest']}"
      + (f"; LibCST rejects {report['libcst_failures']} files" if report["libcst_failures"] else "")
      + f"; with the prefilter off: {same}")

    s = report["startup_s"]
    p(f"\nstart-up (subprocess, median of {report['startup_repeat']}, interleaved, bytecode compiled)")
    p(f"  python -c pass                       {fmt_s(s['python_s']):>10}")
    p(f"  python -m kerlint --version          {fmt_s(s['version_s']):>10}")
    if "console_script_version_s" in s:
        p(f"  kerlint --version (console script)   {fmt_s(s['console_script_version_s']):>10}")
    p(f"  python -m kerlint check small.py     {fmt_s(s['check_small_file_s']):>10}")
    p(f"  imports TensorFlow or Keras: {'YES' if s['imports_tensorflow_or_keras'] else 'no'}; slowest imports: "
      + ", ".join(f"{m['module']} {m['cumulative_ms']:.0f} ms" for m in s["slowest_imports"][:4]))

    cli, m = report["command_line"], report["memory"]
    p("\ncommand line on all files (subprocess, default options" + (", --no-cache)" if report["command_line"]["no_cache"] else ")"))
    p(f"  kerlint check: {fmt_s(cli['median_s'])}, same findings as in-process: {'yes' if cli['output_matches_in_process'] else 'NO'}")
    if cli["status"] != 0:
        p(f"  WARNING: `kerlint check --exit-zero` exited {cli['status']} (internal error or usage error)")
    for side, keys in cli["differences"].items():
        p(f"    {side.replace('_', ' ')}: " + "; ".join(keys))
    p("\nmemory")
    if m["tracemalloc_peak_mb"] is not None:
        p(f"  tracemalloc peak while linting: {m['tracemalloc_peak_quarter_mb']:.1f} MiB after a quarter of the files, {m['tracemalloc_peak_mb']:.1f} MiB after all")
    one = " -j1" if m["cli_memory_one_process"] else ""
    p(f"  peak RSS of `kerlint check{one}`: {fmt_mb(m['cli_maxrss_quarter_mb'])} on a quarter of the files, {fmt_mb(m['cli_maxrss_mb'])} on all"
      + (f" (default options: {fmt_mb(m['cli_maxrss_default_options_mb'])}, the largest process)" if one else ""))
    p(f"  peak RSS of this benchmark process: {fmt_mb(m['bench_maxrss_mb'])}")

    cache, jobs = report["cache"], report["jobs"]
    p("\nresult cache")
    if cache["status"] != "measured":
        p(f"  {cache['status']} ({cache['detail']})")
    else:
        p(f"  cold {fmt_s(cache['cold_s'])}, warm {fmt_s(cache['warm_s'])}, --no-cache {fmt_s(cache['no_cache_s'])}: warm/cold {fmt_x(cache['warm_vs_cold'])}; identical output: {'yes' if cache['identical_output'] else 'NO'}")
    p("parallel (-j)")
    if jobs["status"] != "measured":
        p(f"  {jobs['status']} ({jobs['detail']})")
    else:
        p("  " + ", ".join(f"-j{n}: {fmt_s(sec)} ({jobs['speedup'][n]:.2f}x)" for n, sec in jobs["seconds"].items())
          + f"; identical output: {'yes' if jobs['identical_output'] else 'NO'}")

    p("\nissue 7 goals")
    for row in report["goals"]:
        value = row["value"]
        shown = "-" if value is None else (fmt_x(value) if row["target"].endswith("x") else fmt_s(value))
        verdict = "not measurable yet" if row["met"] is None else ("met" if row["met"] else "NOT met")
        p(f"  {row['goal']:<45} {shown:>10}  (goal {row['target']}): {verdict}")

    if "breakdown" in report:
        b = report["breakdown"]
        p(f"\nbreakdown (phases of lint_text, median of {report['rounds']} passes)")
        if b["status"] != "measured":
            p(f"  {b['status']}")
        else:
            total = sum(b["seconds"].values()) or 1
            for name, sec in sorted(b["seconds"].items(), key=lambda kv: -kv[1]):
                if sec / total >= 0.005:
                    p(f"  {name:<30} {fmt_s(sec):>10} {100 * sec / total:5.1f}%")
    if "profile" in report:
        pr = report["profile"]
        p(f"\nprofile (cProfile, one pass of lint_text; {pr['total_s']:.2f} s under the profiler)")
        p("  self time by area: " + ", ".join(f"{k} {100 * v / pr['total_s']:.0f}%" for k, v in pr["self_time_by_area"].items()))
        p(f"  {'kerlint function (by cumulative time)':<80} {'calls':>8} {'cum':>9} {'self':>9}")
        for e in pr["kerlint_by_cumtime"][:15]:
            p(f"  {e['function'][:80]:<80} {e['calls']:>8} {fmt_s(e['cumtime_s']):>9} {fmt_s(e['tottime_s']):>9}")
        p(f"  {'kerlint function (by self time)':<80}")
        for e in pr["kerlint_by_tottime"][:10]:
            p(f"  {e['function'][:80]:<80} {e['calls']:>8} {fmt_s(e['cumtime_s']):>9} {fmt_s(e['tottime_s']):>9}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help=".py files or directories")
    parser.add_argument("--generate", type=int, metavar="N", help="benchmark a generated corpus of N files instead")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated corpus (default 0)")
    parser.add_argument("--keep", metavar="DIR", help="write the generated corpus to DIR and keep it")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds, median reported (default 3)")
    parser.add_argument("--startup-repeat", type=int, default=5, help="runs per start-up measure (default 5)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON on stdout (progress goes to stderr)")
    parser.add_argument("--json-out", metavar="FILE", help="also write the JSON results to FILE")
    parser.add_argument("--profile", action="store_true", help="also profile one pass (kerlint's own functions)")
    parser.add_argument("--breakdown", action="store_true", help="also time each phase of one pass (parse, analysis, each rule)")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations over one pass (slow: about 5x a lint)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if bool(args.paths) == bool(args.generate):
        parser.error("give PATH... or --generate N (one of them)")
    if args.rounds < 1 or (args.generate is not None and args.generate < 1):
        parser.error("--rounds and --generate need a positive number")

    def log(message: str) -> None:
        if not args.quiet:
            print(f"[bench] {message}", file=sys.stderr, flush=True)

    global PYC_PREFIX, CACHE_ROOT, WORKDIR
    workdir = WORKDIR = tempfile.mkdtemp(prefix="kerlint-bench-")
    PYC_PREFIX = os.path.join(workdir, "pycache")
    CACHE_ROOT = os.path.join(workdir, "kerlint-cache")
    os.makedirs(CACHE_ROOT)
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    try:
        if args.generate:
            from generate import generate

            target = os.path.abspath(args.keep) if args.keep else os.path.join(workdir, "corpus")
            written = generate(args.generate, target, args.seed)
            files = sorted(written["keras"] + written["plain"])
            corpus = Corpus(files, f"generated (seed {args.seed})", [target], target if args.keep else "")
        else:
            missing = [p for p in args.paths if not os.path.exists(p)]
            if missing:
                parser.error(f"no such file or directory: {', '.join(missing)}")
            given = [os.path.abspath(p) for p in args.paths]
            files = python_files(given)
            if not files:
                parser.error("no .py files found")
            corpus = Corpus(files, "paths: " + " ".join(args.paths), cli_args_for(files, given))
        log(f"{len(corpus.texts)} files, {corpus.lines:,} lines ({len(corpus.plain)} plain)")

        timed = timed_rounds(corpus, args.rounds, log)
        times = timed["times"]
        timings = {k: {"median_s": statistics.median(v), "min_s": min(v), "rounds_s": v} for k, v in times.items()}
        pairs = [
            ("lint_text", "libcst_parse"),
            ("lint_file", "libcst_parse"),
            ("ast_parse", "libcst_parse"),
            ("plain_libcst_parse", "plain_libcst_parse"),
            ("plain_lint_text", "plain_libcst_parse"),
            ("plain_lint_file", "plain_libcst_parse"),
            ("libcst_parse", "libcst_parse"),
        ]
        ratios_all = {f"{a}/{b}": ratio_rounds(times, a, b) for a, b in pairs}
        ratios = {
            "lint_text_vs_libcst": ratios_all["lint_text/libcst_parse"],
            "keras_lint_text_vs_libcst": keras_subset_ratio(times),
            "lint_file_vs_libcst": ratios_all["lint_file/libcst_parse"],
            "ast_vs_libcst": ratios_all["ast_parse/libcst_parse"],
            "prefilter_lint_file_vs_libcst": ratios_all["plain_lint_file/plain_libcst_parse"],
            "prefilter_lint_text_vs_libcst": ratios_all["plain_lint_text/plain_libcst_parse"],
        }

        findings = in_process_findings(corpus)
        expected = findings.pop("_keys")
        findings["prefilter_off_same_findings"] = prefilter_off_same(corpus, expected)
        memory = {"tracemalloc_peak_quarter_mb": None, "tracemalloc_peak_mb": None}
        if args.tracemalloc:
            log("memory (tracemalloc)")
            memory.update(traced_peaks(corpus))
        log("start-up")
        help_text = check_help()
        NO_CACHE[:] = ["--no-cache"] if "--no-cache" in help_text else []
        start = startup(workdir, args.startup_repeat)
        cli = command_line(corpus, args.rounds, expected, NO_CACHE, help_text, log)
        memory.update({
            "cli_maxrss_mb": cli.pop("maxrss_mb"),
            "cli_maxrss_quarter_mb": cli.pop("maxrss_quarter_mb"),
            "cli_maxrss_default_options_mb": cli.pop("maxrss_default_options_mb"),
            "cli_memory_one_process": "--jobs" in help_text,
        })
        cache = cache_bench(corpus, help_text, args.rounds, expected, log)
        jobs = jobs_bench(corpus, help_text, args.rounds, expected, log)

        report = {
            "kerlint_version": kerlint.__version__,
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
            "cpu_count": os.cpu_count(),
            "load_average_1m": {"before": load_before, "after": os.getloadavg()[0] if hasattr(os, "getloadavg") else None},
            "rounds": args.rounds,
            "startup_repeat": args.startup_repeat,
            "corpus": corpus.describe(),
            "timings": timings,
            "first_call_s": timed["first_call"],
            "libcst_failures": timed["extra"].get("libcst_parse", 0),
            "ratios": ratios,
            "ratios_all": ratios_all,
            "findings": findings,
            "startup_s": start,
            "command_line": cli,
            "memory": memory,
            "cache": cache,
            "jobs": jobs,
        }
        if args.breakdown:
            log("breakdown")
            report["breakdown"] = breakdown(corpus, args.rounds)
        if args.profile:
            log("profile")
            report["profile"] = profile(corpus)
        report["memory"]["bench_maxrss_mb"] = self_maxrss_mb()
        report["goals"] = goal_rows(report)
        if args.json_out:
            with open(args.json_out, "w", encoding="utf-8") as handle:
                json.dump(report, handle, indent=2, default=str)
        if args.json:
            print(json.dumps(report, indent=2, default=str))
        else:
            print_report(report)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
