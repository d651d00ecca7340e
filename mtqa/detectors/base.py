"""What a detector is: a small class with stable metadata and a `detect` method."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any, Callable, ClassVar, Iterable, TypeVar

from ..text import WORD as WORD_RE
from ..types import CATEGORIES, FIX_CLASSES, SEVERITIES, Finding, Segment
from .options import RuleOption

T = TypeVar("T")


class Context:
    """Per-segment data shared by all detectors, computed once on first use.

    The properties below are what many families read; an analysis that only
    the detectors of one family share goes through `memo`, keyed by its
    function, so that the family's module owns it and no two can collide.
    """

    __slots__ = ("segment", "_memo", "__dict__")

    def __init__(self, segment: Segment):
        self.segment = segment
        self._memo: dict[Callable[[Context], Any], Any] = {}

    def memo(self, fn: Callable[[Context], T]) -> T:
        """`fn(self)`, computed on the first call for this context and returned
        as it is on every later one (None included)."""
        try:
            return self._memo[fn]
        except KeyError:
            value = self._memo[fn] = fn(self)
            return value

    @cached_property
    def source_words(self) -> list[tuple[str, int, int]]:
        return [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(self.segment.source)]

    @cached_property
    def target_words(self) -> list[tuple[str, int, int]]:
        return [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(self.segment.target)]

    @cached_property
    def target_word_strings(self) -> list[str]:
        """`WORD_RE.findall(target)`: the words alone, cheaper than `target_words` when
        offsets are not needed (word counts, repetition pre-checks)."""
        return WORD_RE.findall(self.segment.target)

    @cached_property
    def source_lower(self) -> str:
        return self.segment.source.lower()

    @cached_property
    def target_lower(self) -> str:
        return self.segment.target.lower()

    @cached_property
    def source_wordset(self) -> frozenset[str]:
        return frozenset(w.lower() for w, _, _ in self.source_words)

    @cached_property
    def target_wordset(self) -> frozenset[str]:
        return frozenset(w.lower() for w, _, _ in self.target_words)


class Detector:
    """Base class. Subclasses set the class attributes and implement `detect`.

    The class docstring's first line is the one-line doc `mtqa rules` shows.
    `triggers`, when set, is a string of characters at least one of which must
    occur in the target for the detector to run at all (a cheap pre-filter).
    `prefilter`, when set, is a pattern that must match the target (see below).
    """

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[str]
    fix: ClassVar[str] = "none"
    # Why the default severity is what it is; shown by `mtqa explain`.
    severity_reason: ClassVar[str] = ""
    triggers: ClassVar[str | None] = None
    # A pattern that must match the target for the detector to find anything
    # (a necessary condition, like `triggers` but finer). The engine searches
    # it over a whole chunk of targets joined by "\n" in one C-level scan, so
    # it must not use anchors (^ $ \A \Z) and must not rely on what follows
    # or precedes the target (no lookaround that "\n" would change). Checked
    # against running without it by tests/test_properties.py.
    prefilter: ClassVar["re.Pattern[str] | None"] = None
    # The same for the source: a pattern that must match the source for the
    # detector to find anything (same rules as `prefilter`).
    source_prefilter: ClassVar["re.Pattern[str] | None"] = None
    # A pattern that must match the source or the target (either will do):
    # for detectors that compare items found on both sides (placeholders, tags).
    either_prefilter: ClassVar["re.Pattern[str] | None"] = None
    # Examples for `mtqa explain`: (source, target) pairs.
    examples: ClassVar[tuple[tuple[str, str], ...]] = ()
    traps: ClassVar[tuple[tuple[str, str], ...]] = ()
    # The options a user may set ([rules.CODE], --option); checked by
    # detectors/options.py before the detector is built, so `self.options`
    # holds only valid values. `fix` is every rule's and is not listed here.
    declared_options: ClassVar[tuple[RuleOption, ...]] = ()

    def __init__(self, **options: Any) -> None:
        self.options = options

    @classmethod
    def doc(cls) -> str:
        return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""

    @classmethod
    def validate(cls) -> None:
        assert re.fullmatch(r"[A-Z]{1,3}\d{3}", cls.code), cls.code
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", cls.name), cls.name
        assert cls.category in CATEGORIES, (cls.code, cls.category)
        assert cls.severity in SEVERITIES, (cls.code, cls.severity)
        assert cls.fix in FIX_CLASSES, (cls.code, cls.fix)
        assert cls.doc(), f"{cls.code} has no docstring"

    def applies(self, segment: Segment) -> bool:
        if self.triggers is None:
            return True
        target = segment.target
        return any(ch in target for ch in self.triggers)

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        raise NotImplementedError

    def reset(self) -> None:
        """Forget document state; called at each document boundary."""

    def finding(
        self,
        start: int | None,
        end: int | None,
        message: str,
        suggestion: str | None = None,
        *,
        side: str = "target",
        severity: str | None = None,
        category: str | None = None,
    ) -> Finding:
        return Finding(
            code=self.code,
            name=self.name,
            category=category or self.category,
            severity=severity or self.severity,
            side=side,
            start=start,
            end=end,
            message=message,
            suggestion=suggestion,
        )
