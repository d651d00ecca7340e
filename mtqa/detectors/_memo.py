"""Bounded memory for detectors: memoised analyses of one text (the source
side of a check), and `Recent`, the bounded dict for document state.

One French source is often checked against several targets: MT systems
compared on one test set, revisions of one translation. Work that depends on
the source alone is then done once per source, not once per pair.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache, wraps
from typing import Any, Callable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

# A longer text is analysed afresh each time: hostile megabyte-long lines must
# not stay pinned in a cache for the rest of the run. Sentences are far shorter.
MAX_TEXT = 4000


def memo_by_text(maxsize: int) -> Callable[[F], F]:
    """`functools.lru_cache(maxsize)` for a function whose first argument is a
    text, skipped for texts over MAX_TEXT characters. What the function returns
    is shared between callers: it must be immutable (tuples, frozensets) or
    never mutated."""

    def wrap(fn: F) -> F:
        cached = lru_cache(maxsize=maxsize)(fn)

        @wraps(fn)
        def call(text: str, *args: Any) -> Any:
            if len(text) > MAX_TEXT:
                return fn(text, *args)
            return cached(text, *args)

        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return wrap


# Keys a detector's document state keeps (K101 sentences, S102 names). A file
# without document ids is one document: past this many keys the least
# recently seen are forgotten, so memory stays flat on millions of lines.
# Repeats further apart than that many distinct keys are not compared.
DOCUMENT_KEYS = 50_000


class Recent(OrderedDict):
    """A dict of at most `limit` keys that forgets the least recently used."""

    def __init__(self, limit: int | None = None) -> None:
        super().__init__()
        self.limit = limit or DOCUMENT_KEYS

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        if len(self) > self.limit:
            self.popitem(last=False)
