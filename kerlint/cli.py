"""The command line: `kerlint PATH...`, `kerlint rules`, `kerlint explain`, `kerlint inspect`."""

from __future__ import annotations

import os
import sys

import click

from kerlint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _CheckByDefault(click.Group):
    """`kerlint train.py` means `kerlint check train.py`, as with flake8."""

    def parse_args(self, ctx: click.Context, args: list) -> list:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_CheckByDefault, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kerlint", message="%(prog)s %(version)s")
def main() -> None:
    """kerlint finds mistakes in Keras training code without running it.

    \b
    kerlint PATH...          lint files and directories (same as `kerlint check`)
    kerlint rules            list every rule
    kerlint explain KER101   what a rule checks, why, and how to fix it
    kerlint inspect FILE     what kerlint understood: models, layers, task, evidence
    kerlint server           language server on stdio, for editors
    """


def _split_codes(values: tuple) -> list:
    codes = []
    for value in values:
        codes.extend(part.strip().upper() for part in value.split(",") if part.strip())
    return codes


def _validate_selectors(selectors: list, option: str) -> None:
    from kerlint.registry import known_prefix

    for selector in selectors:
        if not known_prefix(selector):
            raise click.BadParameter(f"unknown rule code or prefix {selector!r} (see `kerlint rules`)", param_hint=option)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", multiple=True, metavar="CODES", help="Only these codes or prefixes (comma-separated), e.g. KER1,KER301. ALL for every rule. Replaces the configured selection.")
@click.option("--extend-select", multiple=True, metavar="CODES", help="Add these codes or prefixes to the selection (e.g. the off-by-default KER404).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these codes or prefixes (comma-separated); adds to the configured ignore list.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option("--target-keras", type=click.Choice(["3", "2"]), default=None, help="The Keras major version the API rules check against (default 3).")
@click.option("--output-format", type=click.Choice(["concise", "full", "json", "sarif", "github"]), default=None, help="How findings are printed (default concise: path:line:col: CODE message).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per code instead of the findings.")
@click.option("--stdin-filename", metavar="PATH", help="The name of the file read from stdin (with PATH `-`), for messages, config and .ipynb detection.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), help="Read settings from this pyproject.toml instead of searching for one.")
@click.option("--isolated", is_flag=True, help="Ignore any configuration file.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes (marked [*]) to the files, then report what remains.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the safe fixes as a unified diff; change nothing on disk.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Processes to lint with (default: all cores). The output is the same for any number.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache ($KERLINT_CACHE_DIR, or .kerlint_cache in the project).")
def check(paths, select, extend_select, ignore, exit_zero, target_keras, output_format, statistics, stdin_filename, config_path, isolated, fix, show_diff, jobs, no_cache) -> None:
    """Lint Keras code in PATHS (files or directories; default: the current directory; `-` for stdin)."""
    from kerlint import config, reporters
    from kerlint.discovery import discover
    from kerlint.registry import rule_index, selected
    from kerlint.runner import lint_bytes, lint_file

    known = {r.code for r in rule_index()}
    targets = list(paths) or ["."]
    try:
        settings = _settings(config, targets, stdin_filename, config_path, isolated, known)
    except config.ConfigError as err:
        click.echo(f"kerlint: {err}", err=True)
        sys.exit(EXIT_ERROR)
    select_list = _split_codes(select) or settings.select
    extend_list = _split_codes(extend_select) + ([] if select else settings.extend_select)
    ignore_list = settings.ignore + _split_codes(ignore)
    _validate_selectors([*(select_list or []), *extend_list], "--select")
    _validate_selectors(ignore_list, "--ignore")
    if extend_list:
        select_list = [*(select_list or [r.code for r in rule_index() if r.default]), *extend_list]
    target = target_keras or settings.target_keras
    fmt = output_format or settings.output_format

    def codes_for(path: str) -> set:
        return selected(known, select_list, ignore_list + settings.ignored_for(path))

    if (fix or show_diff) and "-" in targets:
        click.echo("kerlint: --fix and --diff work on files, not on stdin", err=True)
        sys.exit(EXIT_ERROR)
    missing = [p for p in targets if p != "-" and not os.path.lexists(p)]
    for path in missing:
        click.echo(f"kerlint: {path}: no such file or directory", err=True)
    from kerlint.batch import default_jobs, lint_many
    from kerlint.cache import Cache

    cache_dir = None if no_cache or fix or show_diff else str(Cache.location(settings.root))
    results = []
    internal_errors = []
    fixing = {"applied": 0, "diffs": []}
    files = []
    for path in targets:
        if path == "-":
            name = stdin_filename or "-"
            results.append(lint_bytes(click.get_binary_stream("stdin").read(), name, codes_for(name), target))
        elif path not in missing:
            files.extend(discover([path], settings.is_excluded))
    if fix or show_diff:
        for file in files:
            if file.endswith(".py"):
                results.append(_fix_file(file, codes_for(file), target, fix, show_diff, fixing))
            else:
                results.append(lint_file(file, codes_for(file), target))
    else:
        results.extend(lint_many(files, codes_for, target, jobs or default_jobs(), cache_dir, keep_text=fmt == "full"))
    for result in results:
        internal_errors.extend(result.errors)
    if show_diff:
        if fixing["diffs"]:
            click.echo("".join(fixing["diffs"]), nl=False)
        count = fixing["applied"]
        click.echo(f"Would fix {count} problem{'s' if count != 1 else ''} (run with --fix).", err=True)
        sys.exit(EXIT_FINDINGS if count else EXIT_CLEAN)
    if fix and fixing["applied"]:
        count = fixing["applied"]
        click.echo(f"Fixed {count} problem{'s' if count != 1 else ''}.", err=True)

    text = reporters.statistics(results) if statistics else reporters.REPORTERS[fmt](results)
    if text:
        click.echo(text)
    problems = sum(len(r.diagnostics) for r in results)
    for error in internal_errors:
        where = "the analysis" if error.where == "analysis" else f"rule {error.where}"
        click.echo(f"kerlint: internal error in {where} on {error.path}; please report it.\n{error.detail}", err=True)
    files = len(results)
    plural = "s" if files != 1 else ""
    if internal_errors:
        click.echo(f"kerlint: {len(internal_errors)} internal error(s): the results above are incomplete.", err=True)
    elif problems:
        noun = "problem" if problems == 1 else "problems"
        touched = sum(1 for r in results if r.diagnostics)
        fixable = sum(1 for r in results for d in r.diagnostics if d.fix and d.cell is None)
        hint = f" {fixable} fixable with --fix [*]." if fixable else ""
        click.echo(f"Found {problems} {noun} in {touched} of {files} file{plural}.{hint}", err=True)
    else:
        click.echo(f"All checks passed ({files} file{plural} checked).", err=True)
    if internal_errors or missing:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if problems and not exit_zero else EXIT_CLEAN)


def _fix_file(path, codes, target, write, show_diff, fixing):
    """Fix (or diff) one file; return the lint result of what remains."""
    from kerlint import fixes, sources
    from kerlint.runner import lint_file, lint_text

    try:
        text, encoding, bom = fixes.read_for_fix(path)
    except sources.SourceError:
        return lint_file(path, codes, target)  # reported as KER001, left alone
    outcome = fixes.fix_text(text, path, codes, target)
    fixing["applied"] += outcome.applied
    if show_diff and outcome.changed:
        fixing["diffs"].append(fixes.diff(outcome, path))
    if write and outcome.changed:
        fixes.write_atomically(path, outcome.fixed, encoding, bom)
        return lint_text(outcome.fixed, path, codes, target=target)
    return lint_text(text, path, codes, target=target)


def _settings(config, targets, stdin_filename, config_path, isolated, known):
    from pathlib import Path

    if isolated:
        return config.Settings()
    if config_path:
        return config.load(Path(config_path), known)
    first = stdin_filename if targets == ["-"] and stdin_filename else next((t for t in targets if t != "-"), ".")
    start = Path(os.path.abspath(first)) if os.path.exists(first) else Path.cwd()
    return config.load(config.find_pyproject(start), known)


@main.command()
def server() -> None:
    """Run the language server on stdio (for editors; needs `pip install 'kerlint[lsp]'`)."""
    try:
        from kerlint.server import main as serve
        import pygls  # noqa: F401
    except ImportError:
        click.echo("kerlint: the language server needs pygls: pip install 'kerlint[lsp]'", err=True)
        sys.exit(EXIT_ERROR)
    serve()


@main.command("rules")
def rules_command() -> None:
    """List every rule: code, name, severity, and whether it is on by default."""
    from kerlint.registry import SEVERITIES, all_rules

    click.echo(f"{'code':<8} {'sev':<8} {'default':<8} name")
    for rule in all_rules():
        default = "on" if rule.default else "off"
        click.echo(f"{rule.code:<8} {SEVERITIES[rule.severity]:<8} {default:<8} {rule.name}: {rule.summary}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Show what rule CODE checks, why it matters, and bad and good examples."""
    from kerlint.explain import render
    from kerlint.registry import rule_by_code

    rule = rule_by_code().get(code.strip().upper())
    if rule is None:
        raise click.BadParameter(f"no rule {code!r} (see `kerlint rules`)", param_hint="CODE")
    click.echo(render(rule))


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def inspect(file: str) -> None:
    """Show what kerlint understood of FILE: each model, its layers, compile settings and task."""
    from kerlint import notebooks, sources
    from kerlint.inspection import render

    locate = None
    try:
        if file.endswith(".ipynb"):
            notebook = notebooks.load(sources.read_bytes(file))
            text, locate = notebook.text, notebook.locate
        else:
            text = sources.read(file).text
        module = sources.parse(text)
    except sources.SourceError as err:
        click.echo(f"{file}:{err.line}:{err.col}: KER001 {err.message}")
        sys.exit(EXIT_FINDINGS)
    from kerlint.runner import run_deep

    try:
        click.echo(run_deep(render, module, file, locate))
    except RecursionError:
        click.echo(f"{file}:1:1: KER001 the code is nested too deeply to analyse")
        sys.exit(EXIT_FINDINGS)
