"""A progress line on stderr for long runs: only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """`  1234/5000 segments  24%  [#####.....]  812/s` redrawn at most 10 times a second."""

    def __init__(self, total: int | None = None, stream: TextIO | None = None, *, force: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.enabled = force or (hasattr(self.stream, "isatty") and self.stream.isatty())
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self._last = 0.0
        self._drawn = False

    def set_total(self, total: int) -> None:
        """The number of segments, when the reader knows it before the run."""
        self.total = total

    def update(self, *_: object) -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and self.done != self.total:
            return
        self._last = now
        self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.done / max(now - self.started, 1e-6)
        if self.total:
            share = min(1.0, self.done / self.total)
            bar = "#" * int(share * 24)
            line = f"mtqa {self.done}/{self.total} segments {share:4.0%} [{bar:<24}] {rate:,.0f}/s"
        else:
            line = f"mtqa {self.done} segments {rate:,.0f}/s"
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
