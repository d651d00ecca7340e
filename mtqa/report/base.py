"""The formatter interface: streaming, so a million segments need no buffer."""

from __future__ import annotations

from typing import Any, ClassVar, Mapping, TextIO

from ..types import SegmentResult


class Formatter:
    """Receives results in input order, then the summary and corpus scores."""

    name: ClassVar[str]
    extension: ClassVar[str] = ".txt"

    def __init__(self, stream: TextIO, *, inputs: Mapping[str, Any] | None = None, **options: Any) -> None:
        self.stream = stream
        self.inputs = dict(inputs or {})
        self.options = options

    def begin(self) -> None:
        """Called once before the first result."""

    def add(self, result: SegmentResult) -> None:
        raise NotImplementedError

    def end(self, summary: Mapping[str, Any], scores: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> None:
        """Called once after the last result."""
