"""Reserved codes: findings about the run itself, not about the translation.

X000 (a detector raised) and X001 (a segment used up its time budget) are not
detectors, so they are not in `detectors.REGISTRY`; this table is their
registry. Everything that treats them differently asks `is_reserved(code)`
instead of knowing the codes: they weigh nothing in MQM or quality, are never
suppressed or baselined, are JUnit errors rather than failures, carry
`"reserved": true` in SARIF and `mtqa rules`, and make the run exit 2 (unless
--keep-going). Adding a reserved code is one entry here.

This module imports nothing from mtqa, so the engine, the detector registry,
the scorers and the formatters can all read it without an import cycle.
"""

from __future__ import annotations

from typing import NamedTuple


class ReservedCode(NamedTuple):
    """One reserved code's entry (name first: `RESERVED_CODES[code][0]` is its name)."""

    name: str
    doc: str
    # What `mtqa rules` and SARIF show for the code; a run finding is always
    # critical so that it is never hidden by --fail-on.
    category: str = "other"
    severity: str = "critical"
    fix: str = "none"
    # The one flag readers test, through is_reserved().
    reserved: bool = True


# Reserved: a detector raised on a segment (see Engine.detect).
INTERNAL_ERROR_CODE = "X000"
# Reserved: a segment ran out of its time budget; the detectors left were skipped.
TIME_BUDGET_CODE = "X001"
# Every reserved code starts with it (checked below) and no detector's code
# does (tests/test_codes.py), so the two never collide.
RESERVED_PREFIX = "X"

RESERVED_CODES: dict[str, ReservedCode] = {
    INTERNAL_ERROR_CODE: ReservedCode("internal-error", "A detector failed on a segment; the other detectors still ran."),
    TIME_BUDGET_CODE: ReservedCode("time-budget-exceeded",
                                   "A segment used up its --time-budget; the detectors left were skipped (named)."),
}
assert all(code.startswith(RESERVED_PREFIX) for code in RESERVED_CODES), "reserved codes start with X"


def is_reserved(code: str) -> bool:
    """True for a finding about the run (X000, X001), false for any rule's or model's code."""
    entry = RESERVED_CODES.get(code)
    return entry is not None and entry.reserved


__all__ = ["INTERNAL_ERROR_CODE", "RESERVED_CODES", "RESERVED_PREFIX", "ReservedCode", "TIME_BUDGET_CODE",
           "is_reserved"]
