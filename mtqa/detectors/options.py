"""Rule options: what a detector declares it reads, and the one validator.

A detector lists its options in `declared_options` (name, type, allowed
values, one-line doc); every rule also takes `fix` (opt it into `mtqa fix`).
The config file's `[rules.CODE]` tables and `--option CODE.key=value` (check
and fix) go through `check_option`, so an unknown key or a bad value is
refused the same way wherever it comes from. Options a command sets itself
(G101/G102's parsed glossary) are not declared: a user cannot give them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import MtqaError

if TYPE_CHECKING:
    from .base import Detector


class RuleOptionError(MtqaError, ValueError):
    """An unknown rule option or a bad value; the caller says where it came from.

    `reason` is the message without the "U101 option style: " that `str()`
    starts with for a bad value: a config error names the key already."""

    def __init__(self, reason: str, subject: str = "") -> None:
        self.reason = reason
        super().__init__(f"{subject}: {reason}" if subject else reason)


@dataclass(frozen=True)
class RuleOption:
    name: str
    type: type  # bool or str
    doc: str
    choices: tuple[str, ...] | None = None

    def describe(self) -> dict[str, Any]:
        """The option as `mtqa rules --format json` lists it."""
        return {"name": self.name, "type": self.type.__name__, "choices": list(self.choices) if self.choices else None,
                "doc": self.doc}


FIX_OPTION = RuleOption("fix", bool, "apply this rule's suggestions in `mtqa fix` (reviewable rules)")


def options_of(cls: type[Detector]) -> dict[str, RuleOption]:
    """Every option a rule takes, by name: its own, then `fix`."""
    out = {opt.name: opt for opt in cls.declared_options}
    out.setdefault(FIX_OPTION.name, FIX_OPTION)
    return out


def check_option(cls: type[Detector], key: str, value: Any, *, text: bool = False) -> Any:
    """The value of option `key` of rule `cls`, checked (and, from a command
    line, `text=True`, parsed); RuleOptionError if the rule has no such option
    or the value is not one it takes."""
    known = options_of(cls)
    opt = known.get(key)
    if opt is None:
        raise RuleOptionError(f"unknown option for {cls.code} (known: {', '.join(sorted(known))})")
    subject = f"{cls.code} option {key}"
    if opt.type is bool:
        if text and isinstance(value, str) and value.strip().lower() in ("true", "false"):
            value = value.strip().lower() == "true"
        if not isinstance(value, bool):
            raise RuleOptionError(f"must be true or false, not {value!r}", subject)
        return value
    if text and isinstance(value, str):
        value = value.strip()
    if not isinstance(value, opt.type):
        raise RuleOptionError(f"must be a {opt.type.__name__}, not {value!r}", subject)
    if opt.choices is not None and value not in opt.choices:
        raise RuleOptionError(f"must be one of {', '.join(opt.choices)}, not {value!r}", subject)
    return value
