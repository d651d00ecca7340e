"""The options of one run: the config file's settings and the flags, merged once.

`mtqa check` and `mtqa fix` each call `merge` once and read the settings only
through the frozen RunOptions it returns, so "a flag wins over the config
file" is decided here and nowhere else:

- select, ignore, fail-on, format, report-dir, baseline, glossary: the flag
  when given, else the file's value (fail-on: else "major");
- models: off when `--no-models` or `models = false`;
- severities and thresholds: the file's (there are no flags for them);
- rule options: the file's `[rules.CODE]` tables, then each `--option
  CODE.key=value` over them, key by key. `fix = true` (either place) is taken
  out into `fix_opted`: it opts a rule into `mtqa fix`, it is no detector's.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from .config import FAIL_ON, Settings
from .errors import UsageError

if TYPE_CHECKING:
    from .detectors.base import Detector


@dataclass(frozen=True)
class RunOptions:
    """Settings and flags merged (see the module doc); read-only throughout."""

    config_path: str | None
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    fail_on: str
    formats: tuple[str, ...]
    report_dir: str | None
    models: bool
    baseline: str | None
    glossary: str | None
    severities: Mapping[str, str]
    thresholds: Mapping[str, float]
    # Detector options by code, checked against the rules' declarations; no `fix`.
    rule_options: Mapping[str, Mapping[str, Any]]
    # Codes that `fix = true` opts into `mtqa fix`.
    fix_opted: tuple[str, ...]


def split_codes(values: Sequence[str]) -> list[str]:
    """`--select P,U101 --select T` as ["P", "U101", "T"]."""
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def parse_option_flags(values: Sequence[str],
                       rules: Mapping[str, type[Detector]] | None = None) -> dict[str, dict[str, Any]]:
    """`--option CODE.key=value` (or `name.key=value`) values as {code: {key: value}},
    each checked by the rule's declared options; UsageError names the bad one."""
    from .detectors.options import RuleOptionError, check_option

    if rules is None:
        from .detectors import REGISTRY as rules
    out: dict[str, dict[str, Any]] = {}
    by_name = {cls.name: code for code, cls in rules.items()}
    for raw in values:
        rule, dot, rest = raw.partition(".")
        key, eq, value = rest.partition("=")
        if not dot or not eq or not key.strip():
            raise UsageError(f"--option {raw!r}: expected CODE.key=value, e.g. U101.form=Ms")
        code = rule.strip().upper() if rule.strip().upper() in rules else by_name.get(rule.strip())
        if code is None:
            raise UsageError(f"--option {raw!r}: {rule!r} is no rule (see `mtqa rules`)")
        try:
            out.setdefault(code, {})[key.strip()] = check_option(rules[code], key.strip(), value, text=True)
        except RuleOptionError as exc:
            raise UsageError(f"--option {raw!r}: {exc}") from None
    return out


def merge(
    settings: Settings,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: str | None = None,
    formats: Sequence[str] = (),
    report_dir: str | None = None,
    models: bool = True,
    baseline: str | None = None,
    glossary: str | None = None,
    options: Sequence[str] = (),
) -> RunOptions:
    """The one place settings and flags meet (flags as typed; see the module doc)."""
    fail_on = fail_on or settings.fail_on or "major"
    if fail_on not in FAIL_ON:
        raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    rules: dict[str, dict[str, Any]] = {code: dict(v) for code, v in settings.rules.items()}
    for code, given in parse_option_flags(options).items():
        rules.setdefault(code, {}).update(given)
    opted = tuple(code for code, opts in rules.items() if opts.pop("fix", False) is True)
    return RunOptions(
        config_path=settings.path,
        select=tuple(split_codes(select or settings.select)),
        ignore=tuple(split_codes(ignore or settings.ignore)),
        fail_on=fail_on,
        formats=tuple(formats or settings.formats),
        report_dir=report_dir or settings.report_dir,
        models=bool(models) and settings.models is not False,
        baseline=baseline or settings.baseline,
        glossary=glossary or settings.glossary,
        severities=MappingProxyType(dict(settings.severities)),
        thresholds=MappingProxyType(dict(settings.thresholds)),
        rule_options=MappingProxyType({code: MappingProxyType(v) for code, v in rules.items()}),
        fix_opted=opted,
    )
