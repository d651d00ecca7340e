"""The `mtqa` command line: thin typer commands over mtqa.commands."""

from __future__ import annotations

from typing import List, Optional

import typer

from . import __version__, commands

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Machine-translation quality checks for French → English.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mtqa {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """Machine-translation quality checks for French → English."""


@app.command()
def check(
    source: str = typer.Argument(..., help="French source file (one segment a line), or a bilingual file."),
    target: Optional[str] = typer.Argument(None, help="English target file, line-aligned with SOURCE."),
    ref: Optional[str] = typer.Option(None, "--ref", help="Human reference file, line-aligned."),
    format: List[str] = typer.Option([], "--format", "-f", help="text, json, jsonl, ... (repeatable)."),
    output: List[str] = typer.Option([], "--output", "-o", help="Output path per --format, in order ('-' = stdout)."),
    report_dir: Optional[str] = typer.Option(None, "--report-dir", help="Write each format to mtqa.<ext> here."),
    fail_on: str = typer.Option("major", "--fail-on", help="minor, major, critical or never."),
    select: List[str] = typer.Option([], "--select", help="Codes, code prefixes or names to run (comma-separated)."),
    ignore: List[str] = typer.Option([], "--ignore", help="Codes, code prefixes or names to skip."),
    no_models: bool = typer.Option(False, "--no-models", help="Skip model-based scores and checks."),
    input_format: Optional[str] = typer.Option(None, "--input-format", help="Format of a bilingual SOURCE file."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Encoding of the input files."),
    keep_going: bool = typer.Option(False, "--keep-going", help="Exit 0/1 even if a detector failed on a segment."),
) -> None:
    """Check translations and report findings."""
    code = commands.check(
        source, target, reference=ref, formats=format, outputs=output, report_dir=report_dir,
        fail_on=fail_on, select=select, ignore=ignore, models=not no_models,
        input_format=input_format, encoding=encoding, keep_going=keep_going,
    )
    raise typer.Exit(code)


@app.command()
def rules(
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """List every rule: code, name, category, severity, fix class, doc."""
    raise typer.Exit(commands.rules(format))


def run() -> None:
    app()
