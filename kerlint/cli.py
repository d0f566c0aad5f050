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
@click.option("--select", multiple=True, metavar="CODES", help="Only these codes or prefixes (comma-separated), e.g. KER1,KER301. ALL for every rule.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these codes or prefixes (comma-separated).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option("--target-keras", type=click.Choice(["3", "2"]), default="3", show_default=True, help="The Keras major version the API rules check against.")
def check(paths: tuple, select: tuple, ignore: tuple, exit_zero: bool, target_keras: str) -> None:
    """Lint Keras code in PATHS (files or directories; default: the current directory)."""
    from kerlint.discovery import discover
    from kerlint.registry import all_rules, selected
    from kerlint.runner import PARSE_ERROR, lint_file

    select_list = _split_codes(select) or None
    ignore_list = _split_codes(ignore)
    _validate_selectors(select_list or [], "--select")
    _validate_selectors(ignore_list, "--ignore")
    codes = selected([r.code for r in all_rules()], select_list, ignore_list)

    targets = list(paths) or ["."]
    missing = [p for p in targets if not os.path.lexists(p)]
    for path in missing:
        click.echo(f"kerlint: {path}: no such file or directory", err=True)
    if missing and len(missing) == len(targets):
        sys.exit(EXIT_ERROR)

    files = 0
    problems = 0
    files_with_problems = 0
    internal_errors = []
    for path in discover([p for p in targets if p not in missing]):
        files += 1
        result = lint_file(path, codes, target_keras)
        for diagnostic in result.diagnostics:
            click.echo(diagnostic.format())
        problems += len(result.diagnostics)
        files_with_problems += bool(result.diagnostics)
        internal_errors.extend(result.errors)

    for error in internal_errors:
        where = "the analysis" if error.where == "analysis" else f"rule {error.where}"
        click.echo(f"kerlint: internal error in {where} on {error.path}; please report it.\n{error.detail}", err=True)
    if problems:
        noun = "problem" if problems == 1 else "problems"
        click.echo(f"Found {problems} {noun} in {files_with_problems} of {files} file{'s' if files != 1 else ''}.", err=True)
    else:
        click.echo(f"All checks passed ({files} file{'s' if files != 1 else ''} checked).", err=True)
    if internal_errors or (missing and not files):
        sys.exit(EXIT_ERROR)
    if missing:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if problems and not exit_zero else EXIT_CLEAN)


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
    click.echo(render(module, file, locate))
