"""The command layer: one module per command (check, fix, rules, explain,
compare); cli.py maps arguments onto their functions and is the only module
that imports this package. Here: what the commands share (the one-line error,
SIGTERM as an interruption, the swapped-arguments guard, code lists)."""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
import threading
from typing import Any, Callable, Iterator

from ..errors import UsageError
from ..options import split_codes
from ..types import Segment

__all__ = ["Terminated", "UsageError", "fail", "guard_swapped", "interruptible", "split_codes"]


def fail(message: str) -> int:
    print(f"mtqa: error: {message}", file=sys.stderr)
    return 2


_FR_WORDS = frozenset("le la les des du un une et est sont pas que qui dans pour sur avec au aux ce cette "
                      "il elle ils ont été leur mais par plus ne se son sa ses nous vous".split())
_EN_WORDS = frozenset("the and of to is are was were that which in for on with this it not have has be by "
                      "from will would their but an they he she its at as".split())
SWAP_SAMPLE = 50


def _looks(text: str) -> str | None:
    """"fr", "en" or None for one line, by its most common function words."""
    words = [w.lower() for w in text.replace("’", "'").replace("'", " ").split()]
    if len(words) < 3:
        return None
    fr = sum(w in _FR_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    if fr == en:
        return None
    return "fr" if fr > en else "en"


def guard_swapped(segments: Iterator[Segment], source: str, target: str | None, force: bool) -> Iterator[Segment]:
    """Refuse (exit 2) when most of SOURCE looks English and most of TARGET
    French: the arguments are swapped, and every line would get a critical
    U201. Reads ahead a few segments; `force` checks anyway."""
    import itertools

    segments = iter(segments)
    if force:
        return segments
    head = list(itertools.islice(segments, SWAP_SAMPLE))
    src = [_looks(seg.source) for seg in head]
    tgt = [_looks(seg.target) for seg in head]
    n = len(head)
    if n and src.count("en") * 2 > n and tgt.count("fr") * 2 > n:
        what = f"SOURCE ({source}) looks English and TARGET ({target}) French" if target else \
            f"{source}: the source side looks English and the target side French"
        raise UsageError(f"{what}: are the arguments swapped? (--force to check anyway)")
    return itertools.chain(head, segments)


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an interruption so that reports are cleaned up."""


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C: temporary report files are removed and the
    run ends with one line, not a traceback. Signal handlers can only be set in
    the main thread; elsewhere (an embedding app) SIGTERM keeps its default."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_term(signum: int, frame: Any) -> None:
        raise Terminated("terminated by SIGTERM")

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def interruptible(func: Callable[..., int]) -> Callable[..., int]:
    """Run a command with SIGTERM treated as Ctrl-C: one line, exit 2, no report left."""

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> int:
        try:
            with terminate_as_interrupt():
                return func(*args, **kwargs)
        except KeyboardInterrupt as exc:
            what = exc.args[0] if exc.args else "interrupted"
            return fail(f"{what}; no report was written")

    return run


