"""`mtqa compare`: systems against the same references, with significance."""

from __future__ import annotations

import json
import os
from typing import Sequence

from ..errors import MtqaError, UsageError
from ..io.errors import plural
from . import fail


def compare(
    systems: Sequence[str],
    reference: str,
    *,
    names: Sequence[str] = (),
    metrics: str = "bleu,chrf,ter",
    bootstrap: int = 1000,
    randomization: int = 10000,
    alpha: float = 0.05,
    fmt: str = "text",
    encoding: str = "utf-8",
) -> int:
    """`mtqa compare`: systems against the same references, with significance."""
    from ..io.text import iter_lines
    from ..scorers.compare import compare_systems, format_text

    try:
        if len(systems) < 2:
            raise UsageError(f"compare needs two or more system files, got {len(systems)}")
        if names and len(names) != len(systems):
            raise UsageError(f"{len(names)} --name values for {len(systems)} systems")
        if fmt not in ("text", "json"):
            raise UsageError(f"unknown --format {fmt!r} for compare; use text or json")
        if bootstrap < 1 or randomization < 1:
            raise UsageError("--bootstrap and --randomization must be at least 1")
        if not 0 < alpha < 1:
            raise UsageError(f"--alpha must be between 0 and 1, not {alpha:g}")
        wanted = [m.strip() for m in metrics.split(",") if m.strip()]
        bad = [m for m in wanted if m not in ("bleu", "chrf", "ter")]
        if bad or not wanted:
            raise UsageError(f"--metrics: unknown {', '.join(bad) or '(none)'}; use bleu, chrf, ter")
        refs = [t for _, t in iter_lines(reference, encoding)]
        loaded = []
        labels = list(names) or [os.path.basename(p) for p in systems]
        if len(set(labels)) != len(labels):
            labels = list(systems)
        for label, path in zip(labels, systems):
            hyps = [t for _, t in iter_lines(path, encoding)]
            if len(hyps) != len(refs):
                raise UsageError(f"{path} has {plural(len(hyps), 'line')} but {reference} has {len(refs)}")
            loaded.append((label, hyps))
        if not refs:
            raise UsageError(f"{reference}: no segments")
        results = compare_systems(loaded, refs, metrics=wanted, bootstrap=bootstrap,
                                  randomization=randomization, alpha=alpha)
    except MtqaError as exc:
        return fail(str(exc))
    if fmt == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print(format_text(results, wanted))
    return 0
