"""`mtqa fix`: options, reading, fixing, write-back and its verification.

Turns the command's flags (merged once with the config file by
`mtqa.options.merge`, as for `check`) into a policy and a rule set for the
Fixer (`mtqa.fix`); inputs are read, and their format resolved, by
`mtqa.io.open` as for `check`.
"""

from __future__ import annotations

from typing import Sequence

from ..detectors import REGISTRY
from ..engine import select_detectors
from ..fix.fixer import Fixer, FixPolicy
from ..options import merge
from . import UsageError, fail, guard_swapped, split_codes


def build_policy(
    *,
    unsafe: bool = False,
    fix_codes: Sequence[str] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> FixPolicy:
    """The policy of --unsafe, --fix-codes, --select and --ignore (codes, prefixes or names)."""
    opted = frozenset(d.code for d in select_detectors(fix_codes)) if fix_codes else frozenset()
    only = frozenset(d.code for d in select_detectors(select, ignore)) if (select or ignore) else None
    return FixPolicy(unsafe=unsafe, codes=opted, only=only)


def _output_format(source: str, target: str | None, input_format: str | None) -> tuple[str, str]:
    """(format, the file whose translations are rewritten), as `open_segments` reads them."""
    from ..io.open import format_name, written_file

    fmt = format_name(source, target, input_format) or ""
    return fmt, written_file(fmt, source, target)


def _unified(rendered, label: str) -> str:
    import difflib

    def lines(text: str) -> list[str]:
        out = text.splitlines(keepends=True)
        if out and not out[-1].endswith(("\n", "\r")):
            out[-1] += "\n\\ No newline at end of file\n"
        return out

    return "".join(difflib.unified_diff(lines(rendered.original), lines(rendered.text),
                                        fromfile=label, tofile=f"{label} (fixed)"))


def _verify_written(data: bytes, fmt: str, source: str, target: str | None, written: str,
                    reference: str | None, encoding: str, want: Sequence[str], directory: str) -> str:
    """Write `data` to a temporary file beside the destination, read it back with
    the format's reader and check that its targets are the fixed ones. Returns
    the temporary path (the caller renames or removes it)."""
    import os
    import tempfile

    from ..io import InputError
    from ..io.open import open_segments

    fd, tmp = tempfile.mkstemp(prefix=".mtqa-fix-", suffix=os.path.splitext(written)[1], dir=directory)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    try:
        if fmt == "pair":
            got = list(open_segments(source, tmp, reference, input_format=None, encoding=encoding))
        elif target is not None:
            got = list(open_segments(source, tmp, None, input_format=fmt, encoding=encoding))
        else:
            got = list(open_segments(tmp, None, None, input_format=fmt, encoding=encoding))
        norm = (lambda t: " ".join(t.split())) if fmt == "srt" else (lambda t: t)
        if [norm(s.target) for s in got] != [norm(t) for t in want]:
            bad = next((i for i, (s, t) in enumerate(zip(got, want)) if norm(s.target) != norm(t)), len(got))
            raise InputError(written, None, f"the corrected file does not read back as fixed (unit {bad + 1}); "
                             "nothing was written")
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _atomic_write(path: str, data: bytes) -> None:
    from ..report import open_output

    with open_output(path, binary=True) as fh:
        fh.write(data)


def fix_command(
    source: str,
    target: str | None,
    *,
    reference: str | None = None,
    input_format: str | None = None,
    encoding: str = "utf-8",
    unsafe: bool = False,
    fix_codes: Sequence[str] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    output: str | None = None,
    in_place: bool = False,
    backup: bool = True,
    diff: bool = False,
    diff_output: str | None = None,
    report: str | None = None,
    check: bool = False,
    options: Sequence[str] = (),
    config_file: str | None = None,
    quiet: bool = False,
    force: bool = False,
    doc_ids: str | None = None,
) -> int:
    """`mtqa fix`: exit 0 done, 1 with --check when fixes are pending, 2 on bad input."""
    import os
    import shutil
    import sys

    from ..config import load_settings
    from ..errors import MtqaError
    from ..io.writers import UnitChange, render
    from ..report import open_output
    from ..report.fix import FixFormatter

    tmp = None
    try:
        if output and in_place:
            raise UsageError("give -o PATH or --in-place, not both")
        if check and (output or in_place):
            raise UsageError("--check writes nothing; drop -o / --in-place")
        # Split first: an empty `--select ""` falls back to the config here (check's keeps every rule).
        opts = merge(load_settings(config_file), select=split_codes(select), ignore=split_codes(ignore),
                     options=options)
        policy = build_policy(unsafe=unsafe, fix_codes=split_codes(fix_codes) + list(opts.fix_opted),
                              select=opts.select, ignore=opts.ignore)
        fmt, written = _output_format(source, target, input_format)
        if in_place and written == "-":
            raise UsageError("--in-place needs a file, not standard input")
        from ..io.writers import WRITERS

        need_render = not check or diff or bool(diff_output)
        if need_render and fmt not in WRITERS:
            raise UsageError(f"`mtqa fix` cannot write {fmt or 'this'} input back "
                             f"(it writes {', '.join(sorted(set(WRITERS) - {'text'}))}); --check still works")
        if need_render and written == "-":
            raise UsageError("`mtqa fix` rewrites files: give a file, not standard input (or use --check)")
        from ..io.open import open_segments

        segments = list(guard_swapped(open_segments(source, target, reference, input_format=input_format,
                                                    encoding=encoding, doc_ids=doc_ids), source, target, force))
        outcome = Fixer(policy, rules=REGISTRY,
                        detector_options={code: dict(v) for code, v in opts.rule_options.items()}).run(segments)
        changes = [UnitChange(i, s.segment, s.fixed, s.needs_review)
                   for i, s in enumerate(outcome.segments) if s.changed]
        from ..io.text import split_encoding

        write_encoding = split_encoding(encoding)[1 if target is not None else 0]
        rendered = render(fmt, written, segments, changes, encoding=write_encoding) if need_render else None
        data = rendered.encode() if rendered is not None else b""
        from ..report import resolve_output

        # Where the fixed file lands: a symlink is followed (the link stays, the
        # real file is fixed and its .bak sits beside it); a device or FIFO is
        # written in place; a directory is an error.
        dest_kind, dest = resolve_output(output) if output else ("file", written)
        if in_place:
            dest_kind, dest = resolve_output(written)
            if dest_kind != "file":
                raise UsageError(f"--in-place needs a regular file; {written} is not one")
        if changes and not check:
            if dest_kind == "file":
                directory = os.path.dirname(dest) or "."
                os.makedirs(directory, exist_ok=True)
            else:
                import tempfile

                directory = tempfile.gettempdir()
            tmp = _verify_written(data, fmt, source, target, written, reference, encoding,
                                  [s.fixed for s in outcome.segments], directory)
        if diff or diff_output:
            text = _unified(rendered, written)
            if diff_output and diff_output != "-":
                with open_output(diff_output) as fh:
                    fh.write(text)
            else:
                sys.stdout.write(text)
                sys.stdout.flush()
        if not check:
            if in_place:
                if tmp is not None:
                    if backup:
                        shutil.copy2(dest, dest + ".bak")
                    shutil.copymode(dest, tmp)
                    os.replace(tmp, dest)
                    tmp = None
            elif output:
                if tmp is None or dest_kind != "file":  # nothing changed, or a device/FIFO
                    _atomic_write(output, data)
                else:
                    if os.path.exists(written) and written != "-":
                        shutil.copymode(written, tmp)
                    os.replace(tmp, dest)
                    tmp = None
            elif not (diff or diff_output):
                sys.stdout.write(rendered.text)
                sys.stdout.flush()
        if report:
            with open_output(report) as fh:
                FixFormatter(fh, as_json=report.endswith((".json", ".jsonl")), check_mode=check,
                             file=written).write(outcome)
        elif not quiet:
            FixFormatter(sys.stderr, check_mode=check, file=written).write(outcome)
        if check:
            return 1 if changes else 0
        return 0
    except MtqaError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"{exc.filename or output or source}: {exc.strerror or exc}")
    except KeyboardInterrupt:
        return fail("interrupted; nothing was written")
    finally:
        if tmp is not None:
            import contextlib

            with contextlib.suppress(OSError):
                os.unlink(tmp)
