"""`mtqa rules`: every rule (and reserved run code) with its metadata and options."""

from __future__ import annotations

import json

from ..detectors import REGISTRY
from . import fail


def rules(fmt: str = "text") -> int:
    rows = [
        {
            "code": cls.code,
            "name": cls.name,
            "category": cls.category,
            "severity": cls.severity,
            "fix": cls.fix,
            "doc": cls.doc(),
            # Its own options; every rule also takes `fix` (see "fix" above).
            "options": [opt.describe() for opt in cls.declared_options],
        }
        for cls in REGISTRY.values()
    ]
    from ..codes import RESERVED_CODES

    rows += [
        {"code": code, "name": e.name, "category": e.category, "severity": e.severity, "fix": e.fix,
         "doc": f"(reserved: about the run, no MQM weight) {e.doc}", "reserved": e.reserved}
        for code, e in RESERVED_CODES.items()
    ]
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if fmt != "text":
        return fail(f"unknown --format {fmt!r} for rules; use text or json")
    for r in rows:
        print(f"{r['code']:<6} {r['name']:<28} {r['category']:<34} {r['severity']:<8} {r['fix']:<10} {r['doc']}")
    return 0
