"""`mtqa explain CODE`."""

from __future__ import annotations

import json
import sys

from . import fail


def explain(code: str, fmt: str = "text") -> int:
    """`mtqa explain CODE`: the rule's doc, severity reason, and its examples
    and traps run through the detector."""
    from ..explain import explain_data, explain_text, find_rule

    if fmt not in ("text", "json"):
        return fail(f"unknown --format {fmt!r} for explain; use text or json")
    cls = find_rule(code)
    if cls is None:
        return fail(f"no rule {code!r}; `mtqa rules` lists them")
    data = explain_data(cls)
    if fmt == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(explain_text(data))
    return 0
