"""One base for the errors mtqa reports to the user as one line and exit 2.

Every error a user can cause (bad input file, bad option, bad config, bad
baseline or glossary, bad --select, bad `mtqa: ignore` marker, missing or
misconfigured model) derives from MtqaError, so the command layer can catch
exactly these and let anything else (a bug) show its traceback. Each subclass
also keeps the built-in base it had before MtqaError existed (ValueError,
RuntimeError), so code that catches those still catches them.

The command layer catches MtqaError alone: U101's option values are checked
by detectors/options.py (RuleOptionError), `--executor dask` set-up raises
DaskSetupError (distributed.py), and a JSON Lines number too long for int()
is an InputError at its line (io/jsonl.py). `compare` still catches
ValueError too, for scorers/compare.py's.

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
