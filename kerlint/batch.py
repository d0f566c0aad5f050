"""Linting many files: optionally cached, optionally across processes, always in order.

Results come back in the order of the files given, so output is identical
whatever the number of jobs. Small runs stay in one process (starting
workers costs more than it saves); results are streamed, not all trees held.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Optional

from kerlint import notebooks, sources
from kerlint.cache import Cache
from kerlint.runner import FileResult, _unreadable, lint_bytes

_MIN_FILES_PER_JOB = 4


def lint_one(path: str, codes: frozenset, target: str, cache_dir: Optional[str], keep_text: bool) -> FileResult:
    try:
        data = sources.read_bytes(path)
    except sources.SourceError as err:
        return _unreadable(path, err, codes)
    cache = Cache(cache_dir) if cache_dir else None
    key = cache.key(data, path, codes, target) if cache else None
    if cache:
        hit = cache.get(key, path)
        if hit is not None:
            result = FileResult(path, hit)
            if keep_text:  # the `full` format shows source lines
                _restore_text(result, data)
            return result
    result = lint_bytes(data, path, codes, target)
    if cache and not result.errors:
        cache.put(key, result.diagnostics)
    if not keep_text:
        result.text, result.notebook = "", None  # not needed for output: keep memory flat
    return result


def _restore_text(result: FileResult, data: bytes) -> None:
    try:
        if result.path.endswith(".ipynb"):
            result.notebook = notebooks.load(data)
            result.text = result.notebook.text
        else:
            result.text = sources.decode(data)
    except sources.SourceError:
        pass


def _job(args) -> FileResult:
    return lint_one(*args)


def lint_many(
    files: list, codes_for: Callable[[str], frozenset], target: str, jobs: int = 1, cache_dir: Optional[str] = None, keep_text: bool = False
) -> Iterator[FileResult]:
    tasks = [(path, frozenset(codes_for(path)), target, cache_dir, keep_text) for path in files]
    jobs = max(1, min(jobs, len(tasks) // _MIN_FILES_PER_JOB or 1))
    if jobs == 1:
        for task in tasks:
            yield _job(task)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_job, tasks, chunksize=max(1, len(tasks) // (jobs * 8)))


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
