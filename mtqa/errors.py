"""One base for the errors mtqa reports to the user as one line and exit 2.

Every error a user can cause (bad input file, bad option, bad config, bad
baseline or glossary, bad --select, bad `mtqa: ignore` marker, missing or
misconfigured model) derives from MtqaError, so the command layer can catch
exactly these and let anything else (a bug) show its traceback. Each subclass
also keeps the built-in base it had before MtqaError existed (ValueError,
RuntimeError), so code that catches those still catches them.

Not yet: a user can still cause a plain ValueError in three places, so
`commands.check` still catches ValueError too (and with it, hides bugs):
U101 option values (`[rules.U101] style = "fr"`, detectors/honorifics.py),
`--engine dask` set-up (distributed.py), and a JSON Lines number too long for
int() (json.loads raises ValueError, not JSONDecodeError; io/jsonl.py).
`compare` also catches ValueError for scorers/compare.py's. Once those raise
MtqaError subclasses, the command layer can catch MtqaError alone.

The subclasses stay next to the code that raises them (io/errors.py,
config.py, engine.py, ...); this module imports nothing from mtqa so that any
of them can import it.
"""

from __future__ import annotations


class MtqaError(Exception):
    """A problem the user can fix: printed as one line `mtqa: error: ...`, then exit 2."""


class UsageError(MtqaError):
    """A bad combination of options; exit 2 with one line."""


__all__ = ["MtqaError", "UsageError"]
