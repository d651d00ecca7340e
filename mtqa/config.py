"""Project configuration: `[tool.mtqa]` in pyproject.toml, or a `mtqa.toml`.

Found upward from the working folder (the first folder holding a `mtqa.toml`,
or a `pyproject.toml` with a `[tool.mtqa]` table, wins), or named with
`--config PATH`. In `mtqa.toml` the keys are top-level, or in a `[tool.mtqa]`
table as in pyproject.toml. Keys:

    select = ["P", "U101"]          # codes, prefixes or rule names
    ignore = ["T101"]
    fail-on = "major"               # minor, major, critical, never
    format = ["text", "sarif"]      # report formats (see `mtqa check -f`)
    report-dir = "reports"          # where format files go
    glossary = "glossary.tsv"       # relative to the config file
    baseline = "mtqa-baseline.json" # relative to the config file
    models = true

    [severity]                      # [tool.mtqa.severity] in pyproject.toml
    P101 = "major"

    [thresholds]
    min-mqm = 95.0                  # corpus MQM at least this
    min-quality = 70.0              # corpus `quality` score at least this
    quality-floor = 50.0            # a segment below this quality is "poor" ...
    max-below-floor = 0.05          # ... and at most this share may be poor

    [rules.U101]                    # per-detector options, by code or name
    style = "uk"                    # (each rule's `declared_options`; every
                                    # rule takes `fix = true`, for `mtqa fix`)

Command-line flags override the file. Unknown keys and bad values raise
ConfigError naming the file and the key: the CLI prints it and exits 2.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, field
from typing import Any, Mapping

from .errors import MtqaError
from .types import SEVERITIES

FAIL_ON = ("minor", "major", "critical", "never")
TOP_KEYS = ("select", "ignore", "fail-on", "format", "report-dir", "glossary", "baseline", "models",
            "severity", "thresholds", "rules")
THRESHOLD_KEYS = ("min-mqm", "min-quality", "quality-floor", "max-below-floor")


class ConfigError(MtqaError, ValueError):
    """A bad configuration file: one line naming the file and the key."""


@dataclass
class Settings:
    path: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    formats: list[str] = field(default_factory=list)
    report_dir: str | None = None
    glossary: str | None = None
    baseline: str | None = None
    models: bool | None = None
    severities: dict[str, str] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)


def find_config(start: str | None = None) -> tuple[str, bool] | None:
    """(path, is_pyproject) of the nearest config upward from `start`, or None."""
    here = os.path.abspath(start or os.getcwd())
    while True:
        candidate = os.path.join(here, "mtqa.toml")
        if os.path.isfile(candidate):
            return candidate, False
        pyproject = os.path.join(here, "pyproject.toml")
        if os.path.isfile(pyproject):
            try:
                with open(pyproject, "rb") as fh:
                    data = tomllib.load(fh)
            except (OSError, tomllib.TOMLDecodeError):
                data = None  # not ours to judge unless it has our table
                with open(pyproject, "rb") as fh:
                    if b"[tool.mtqa" in fh.read():
                        return pyproject, True
            if data is not None and "mtqa" in data.get("tool", {}):
                return pyproject, True
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def load_settings(path: str | None = None, *, start: str | None = None) -> Settings:
    """Settings from `path` (--config), else from the nearest config, else defaults."""
    if path is not None:
        if not os.path.isfile(path):
            raise ConfigError(f"{path}: no such config file")
        found: tuple[str, bool] | None = (path, os.path.basename(path) == "pyproject.toml")
    else:
        found = find_config(start)
    if found is None:
        return Settings()
    file, is_pyproject = found
    try:
        with open(file, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read: {exc.strerror}") from None
    prefix = ""
    if is_pyproject:
        table = data.get("tool", {}).get("mtqa")
        if table is None:
            raise ConfigError(f"{file}: no [tool.mtqa] table")
        prefix = "tool.mtqa."
        data = table
    elif "tool" in data:
        # mtqa.toml takes either layout: top-level keys, or the same
        # [tool.mtqa] table as pyproject.toml (not both).
        tool = data["tool"]
        if not isinstance(tool, Mapping) or set(tool) != {"mtqa"}:
            raise ConfigError(f"{file}: tool: only a [tool.mtqa] table is read here")
        others = [k for k in data if k != "tool"]
        if others:
            raise ConfigError(f"{file}: {others[0]}: give every key in [tool.mtqa] or none there, not both")
        prefix = "tool.mtqa."
        data = tool["mtqa"]
    return parse(data, file, prefix)


def parse(data: Mapping[str, Any], file: str, prefix: str = "") -> Settings:
    base = os.path.dirname(os.path.abspath(file))
    s = Settings(path=file)

    def err(key: str, message: str) -> ConfigError:
        return ConfigError(f"{file}: {prefix}{key}: {message}")

    if not isinstance(data, Mapping):
        raise err("", "must be a table")
    for raw_key, value in data.items():
        key = raw_key.replace("_", "-")
        if key not in TOP_KEYS:
            raise err(raw_key, f"unknown key (known: {', '.join(TOP_KEYS)})")
        if key in ("select", "ignore", "format"):
            items = _str_list(value, lambda m: err(raw_key, m))
            if key == "format":
                from .report import FORMATTERS

                for fmt in items:
                    if fmt not in FORMATTERS:
                        raise err(raw_key, f"unknown format {fmt!r} (known: {', '.join(sorted(FORMATTERS))})")
                s.formats = items
            else:
                from .engine import match_length
                from .detectors import REGISTRY

                for pat in items:
                    if not any(match_length(d, [pat]) >= 0 for d in REGISTRY.values()):
                        raise err(raw_key, f"{pat!r} matches no rule (see `mtqa rules`)")
                setattr(s, key, items)
        elif key == "fail-on":
            if value not in FAIL_ON:
                raise err(raw_key, f"must be one of {', '.join(FAIL_ON)}, not {value!r}")
            s.fail_on = value
        elif key in ("report-dir", "glossary", "baseline"):
            if not isinstance(value, str) or not value.strip():
                raise err(raw_key, f"must be a path string, not {value!r}")
            path = value if os.path.isabs(value) else os.path.join(base, value)
            setattr(s, key.replace("-", "_"), os.path.relpath(path) if not os.path.isabs(value) else path)
        elif key == "models":
            if not isinstance(value, bool):
                raise err(raw_key, f"must be true or false, not {value!r}")
            s.models = value
        elif key == "severity":
            s.severities = _severities(value, lambda k, m: err(f"{raw_key}.{k}" if k else raw_key, m))
        elif key == "thresholds":
            s.thresholds = _thresholds(value, lambda k, m: err(f"{raw_key}.{k}" if k else raw_key, m))
        elif key == "rules":
            s.rules = _rules(value, lambda k, m: err(f"{raw_key}.{k}" if k else raw_key, m))
    return s


def _str_list(value: Any, err) -> list[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise err(f"must be a list of strings, not {value!r}")
    return [v.strip() for v in value]


def _rule_code(key: str) -> str | None:
    from .detectors import REGISTRY

    if key.upper() in REGISTRY:
        return key.upper()
    for cls in REGISTRY.values():
        if cls.name == key:
            return cls.code
    return None


def _severities(value: Any, err) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise err("", "must be a table of CODE = severity")
    out = {}
    for k, v in value.items():
        code = _rule_code(k)
        if code is None:
            raise err(k, "unknown rule (see `mtqa rules`)")
        if v not in SEVERITIES:
            raise err(k, f"must be one of {', '.join(SEVERITIES)}, not {v!r}")
        out[code] = v
    return out


def _thresholds(value: Any, err) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise err("", "must be a table")
    out: dict[str, float] = {}
    for k, v in value.items():
        key = k.replace("_", "-")
        if key not in THRESHOLD_KEYS:
            raise err(k, f"unknown threshold (known: {', '.join(THRESHOLD_KEYS)})")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise err(k, f"must be a number, not {v!r}")
        if key == "max-below-floor" and not 0 <= v <= 1:
            raise err(k, f"is a share of segments, between 0 and 1, not {v!r}")
        out[key] = float(v)
    if ("quality-floor" in out) != ("max-below-floor" in out):
        raise err("", "quality-floor and max-below-floor go together")
    return out


def _rules(value: Any, err) -> dict[str, dict[str, Any]]:
    if not isinstance(value, Mapping):
        raise err("", "must be a table of [rules.CODE] tables")
    out: dict[str, dict[str, Any]] = {}
    for k, v in value.items():
        code = _rule_code(k)
        if code is None:
            raise err(k, "unknown rule (see `mtqa rules`)")
        if not isinstance(v, Mapping):
            raise err(k, "must be a table of options, e.g. style = \"uk\"")
        from .detectors import REGISTRY
        from .detectors.options import RuleOptionError, check_option

        checked = {}
        for opt, val in v.items():
            try:
                checked[opt] = check_option(REGISTRY[code], opt, val)
            except RuleOptionError as exc:
                raise err(f"{k}.{opt}", exc.reason) from None
        out.setdefault(code, {}).update(checked)
    return out


class Thresholds:
    """A gate on scores: fails the run when the corpus falls short.

    A threshold that cannot be checked (no such score, e.g. models off) fails
    too, with a message saying so: a CI gate must not pass by default.
    """

    def __init__(self, limits: Mapping[str, float]) -> None:
        self.limits = dict(limits)
        self.scored = 0
        self.below = 0

    def observe(self, result: Any) -> None:
        floor = self.limits.get("quality-floor")
        if floor is None:
            return
        q = _number(result.scores.get("quality"))
        if q is not None:
            self.scored += 1
            if q < floor:
                self.below += 1

    def finish(self, summary: dict[str, Any], scores: Mapping[str, Any]) -> tuple[list[str], list[str]]:
        failures: list[str] = []
        report: dict[str, Any] = {}
        if "min-mqm" in self.limits:
            mqm = _number(summary.get("mqm", {}).get("mqm"))
            report["mqm"] = mqm
            if mqm is None or mqm < self.limits["min-mqm"]:
                failures.append(f"threshold min-mqm: corpus MQM {_fmt(mqm)} is below {self.limits['min-mqm']:g}")
        if "min-quality" in self.limits:
            q = _number(scores.get("quality"))
            report["quality"] = q
            if q is None:
                failures.append("threshold min-quality: no corpus quality score to check (are the models off?)")
            elif q < self.limits["min-quality"]:
                failures.append(f"threshold min-quality: corpus quality {q:.2f} is below {self.limits['min-quality']:g}")
        if "quality-floor" in self.limits:
            floor, share_max = self.limits["quality-floor"], self.limits["max-below-floor"]
            if not self.scored:
                failures.append("threshold max-below-floor: no segment quality scores to check (are the models off?)")
            else:
                share = self.below / self.scored
                report["below_floor"] = {"segments": self.below, "scored": self.scored, "share": round(share, 4)}
                if share > share_max:
                    failures.append(
                        f"threshold max-below-floor: {self.below} of {self.scored} segments "
                        f"({share:.1%}) have quality below {floor:g}; at most {share_max:.1%} may"
                    )
        summary["thresholds"] = {"limits": self.limits, "values": report, "passed": not failures}
        return [], failures


def _number(value: Any) -> float | None:
    if isinstance(value, Mapping):
        value = value.get("score")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _fmt(v: float | None) -> str:
    return "(none)" if v is None else f"{v:.2f}"
