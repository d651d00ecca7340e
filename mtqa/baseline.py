"""Baselines: accept the findings a corpus already has, fail only on new ones.

`--write-baseline FILE` records every finding of a run; `--baseline FILE`
drops findings already recorded, so they neither fail the run nor clutter the
reports. A finding is identified by its segment id, a hash of the segment's
source and target, and its code, with a count per key: editing the segment
(or a new finding of that code in it) makes the finding new again. Entries
no longer matched are stale and reported as notices, so the baseline can be
refreshed as the corpus gets fixed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from typing import Any, Mapping

from .codes import is_reserved
from .errors import MtqaError
from .types import Finding, Segment
from .io.errors import plural

VERSION = 1


class BaselineError(MtqaError, ValueError):
    """A baseline file that cannot be used: one line naming the file and place."""


def content_hash(segment: Segment) -> str:
    data = segment.source + "\x00" + segment.target
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


Key = tuple[str, str, str]


def _key(segment: Segment, code: str) -> Key:
    return (segment.id, content_hash(segment), code)


def load(path: str) -> Counter:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file (create one with --write-baseline)") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    except UnicodeDecodeError as exc:
        raise BaselineError(f"{path}: not UTF-8 at byte {exc.start}") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read: {exc.strerror}") from None
    if not isinstance(data, dict) or data.get("tool") != "mtqa":
        raise BaselineError(f"{path}: not an mtqa baseline (no \"tool\": \"mtqa\")")
    if data.get("version") != VERSION:
        raise BaselineError(f"{path}: version: unsupported baseline version {data.get('version')!r} (expected {VERSION})")
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: findings: must be a list")
    out: Counter = Counter()
    for i, entry in enumerate(entries):
        where = f"{path}: findings[{i}]"
        if not isinstance(entry, dict):
            raise BaselineError(f"{where}: must be an object")
        unknown = set(entry) - {"id", "hash", "code", "count", "place"}
        if unknown:
            raise BaselineError(f"{where}: unknown key {sorted(unknown)[0]!r}")
        for k in ("id", "hash", "code"):
            if not isinstance(entry.get(k), str) or not entry[k]:
                raise BaselineError(f"{where}.{k}: must be a non-empty string")
        count = entry.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise BaselineError(f"{where}.count: must be a positive integer, not {count!r}")
        out[(entry["id"], entry["hash"], entry["code"])] += count
    return out


class Baseline:
    """A filter (for CheckConfig.filters) and a gate (for stale entries)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.remaining = load(path)
        self.total = sum(self.remaining.values())
        self.matched = 0

    def __call__(self, segment: Segment, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
        if not findings or not self.remaining:
            return findings
        kept = []
        h = content_hash(segment)
        for f in findings:
            key = (segment.id, h, f.code)
            if self.remaining.get(key, 0) > 0 and not is_reserved(f.code):
                self.remaining[key] -= 1
                self.matched += 1
            else:
                kept.append(f)
        return tuple(kept)

    def observe(self, result: Any) -> None:
        pass

    def finish(self, summary: dict[str, Any], scores: Mapping[str, Any]) -> tuple[list[str], list[str]]:
        stale = sorted((k, n) for k, n in self.remaining.items() if n > 0)
        notices = []
        if self.matched:
            notices.append(f"{self.path}: {plural(self.matched, 'finding is', 'findings are')} in the baseline "
                           f"and {'was' if self.matched == 1 else 'were'} not reported")
        for (seg_id, _h, code), n in stale[:50]:
            times = f" ({n}x)" if n > 1 else ""
            notices.append(f"{self.path}: stale baseline entry: segment {seg_id}, {code}{times} no longer found")
        if len(stale) > 50:
            notices.append(f"{self.path}: …and {len(stale) - 50} more stale entries; rewrite it with --write-baseline")
        summary["baseline"] = {
            "path": self.path,
            "entries": self.total,
            "matched": self.matched,
            "stale": sum(n for _, n in stale),
        }
        return notices, []


class BaselineWriter:
    """Records every finding (a pass-through filter) and writes the file at the end."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.counts: Counter = Counter()
        self.places: dict[Key, str] = {}

    def __call__(self, segment: Segment, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
        for f in findings:
            if is_reserved(f.code):
                continue  # a crash or a timeout is never accepted as normal
            key = _key(segment, f.code)
            self.counts[key] += 1
            if segment.place:
                self.places[key] = segment.place
        return findings

    def write(self) -> int:
        from .report import open_output

        entries = []
        for key in sorted(self.counts, key=lambda k: (_num(k[0]), k)):
            entry: dict[str, Any] = {"id": key[0], "hash": key[1], "code": key[2], "count": self.counts[key]}
            if key in self.places:
                entry["place"] = self.places[key]
            entries.append(entry)
        with open_output(self.path) as fh:
            fh.write('{"tool": "mtqa", "version": 1, "findings": [\n')
            fh.write(",\n".join(json.dumps(e, ensure_ascii=False) for e in entries))
            fh.write("\n]}\n")
        return sum(self.counts.values())


def _num(seg_id: str) -> tuple[int, str]:
    return (int(seg_id), "") if seg_id.isdigit() else (1 << 62, seg_id)


def check_writable(path: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise BaselineError(f"{path}: folder {directory} does not exist")
