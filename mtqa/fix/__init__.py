"""Applying findings' suggestions: safe automatic post-editing (`mtqa fix`).

A finding's `suggestion` is the replacement for its target span (`""` deletes
the span; `None` means there is nothing a machine can propose). Which
suggestions are applied depends on the detector's fix class: `safe` ones
always, `reviewable` ones with `unsafe=True` or when their code is opted in,
`none` never.

The algorithm, per pass over the whole input:

1. check every segment (a fresh engine, so document-level detectors see the
   same context `mtqa check` would);
2. per segment, choose non-overlapping candidate edits deterministically:
   earliest start, then longest span, then code order, then suggestion;
   zero-width edits conflict with any edit they touch;
3. apply them and check again. Every finding after the edit must be one of the
   findings before it that was not fixed (offsets mapped through the edits).
   A new finding, or the fixed code raised again at the fixed place, rejects
   the edit that caused it (the edit whose new text touches the finding; for a
   finding elsewhere, the edit whose removal makes it go away) and the pass is
   re-planned without it, so edits skipped for a conflict get their turn;
4. the next pass starts from the accepted result; a pass that applies nothing
   ends the run.

The findings after a pass are a strict sub-multiset of those before it, so the
run ends; and the last pass ran on the final text and changed nothing, so a
second run over the output changes nothing (idempotence).

Two layers, each importing only the one below it:

- `edits`: the pure edit algebra (Edit, conflicts, choose, apply, offset maps);
- `fixer`: the policy and the Fixer (passes, re-check, blame), over a rule set
  given as a parameter; `outcome`: what a run produced.

`mtqa fix` itself (flags, reading, write-back, verification) is the command
layer's (`mtqa/commands/fix.py`); the report is `mtqa.report.fix`.
"""

from .edits import (PLACEHOLDER_RE, Edit, apply_edits, choose, conflicts, edit_order, map_offset, new_range,
                    protected_spans, unmap_offset)
from .fixer import Fixer, FixPolicy, fix_segments
from .outcome import AppliedFix, FixOutcome, RejectedFix, SegmentFix

__all__ = [
    "PLACEHOLDER_RE", "AppliedFix", "Edit", "FixOutcome", "FixPolicy", "Fixer", "RejectedFix", "SegmentFix",
    "apply_edits", "choose", "conflicts", "edit_order", "fix_segments", "map_offset", "new_range",
    "protected_spans", "unmap_offset",
]
