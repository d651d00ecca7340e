"""`mtqa explain CODE`: what a rule catches, why it matters, and its own
examples and traps run through the detector, so what is shown is what the
code does today, not what a doc claims."""

from __future__ import annotations

from typing import Any

from .detectors import REGISTRY, Detector
from .engine import Engine
from .types import Segment


def find_rule(key: str) -> type[Detector] | None:
    if key.upper() in REGISTRY:
        return REGISTRY[key.upper()]
    for cls in REGISTRY.values():
        if cls.name == key.lower():
            return cls
    return None


def _run(cls: type[Detector], pairs) -> list[dict[str, Any]]:
    engine = Engine([cls], time_budget=None)
    out = []
    for i, (src, tgt) in enumerate(pairs, 1):
        engine.start_document(f"explain-{i}")
        findings = engine.findings(Segment(str(i), src, tgt))
        out.append({"source": src, "target": tgt, "findings": [f.to_dict() for f in findings]})
    return out


def explain_data(cls: type[Detector]) -> dict[str, Any]:
    module_doc = (__import__(cls.__module__, fromlist=["_"]).__doc__ or "").strip()
    return {
        "code": cls.code,
        "name": cls.name,
        "category": cls.category,
        "severity": cls.severity,
        "fix": cls.fix,
        "doc": cls.doc(),
        "details": " ".join((cls.__doc__ or "").strip().split("\n\n", 1)[1:]).strip() or module_doc,
        "severity_reason": cls.severity_reason,
        # Model findings come from the model scorer, not from the rule pass
        # run here, so their examples cannot be shown firing.
        "model_finding": bool(getattr(cls, "model_finding", False)),
        "examples": _run(cls, cls.examples),
        "traps": _run(cls, cls.traps),
    }


def _marked(text: str, start: int | None, end: int | None) -> str:
    if start is None or end is None:
        return text
    return f"{text[:start]}[{text[start:end]}]{text[end:]}"


def explain_text(data: dict[str, Any]) -> str:
    lines = [
        f"{data['code']} {data['name']}: {data['doc']}",
        f"  category {data['category']} · default severity {data['severity']} · fix {data['fix']}",
        "",
    ]
    if data["details"]:
        lines += ["What it catches:", "  " + " ".join(data["details"].split()), ""]
    lines += ["Why it matters:", "  " + (data["severity_reason"] or "(no reason recorded)"), ""]
    lines.append("Examples that fire:" if data["examples"] else "Examples that fire: (none recorded)")
    for ex in data["examples"]:
        lines.append(f"  fr: {ex['source']}")
        if not ex["findings"]:
            lines.append(f"  en: {ex['target']}")
            if data.get("model_finding"):
                lines.append("      (a model finding: `mtqa check` with models reports it; the rules shown here do not)")
            else:
                lines.append("      (does not fire today: the example is out of date)")
        for f in ex["findings"]:
            text = ex[f["side"]]
            lines.append(f"  en: {_marked(text, f['start'], f['end'])}" if f["side"] == "target"
                         else f"  fr: {_marked(text, f['start'], f['end'])}")
            sugg = f" (suggestion: {f['suggestion']!r})" if f["suggestion"] is not None else ""
            lines.append(f"      → {f['code']} [{f['severity']}] {f['message']}{sugg}")
        lines.append("")
    lines.append("Traps it does not fire on:" if data["traps"] else "Traps it does not fire on: (none recorded)")
    for tr in data["traps"]:
        status = "ok, silent" if not tr["findings"] else "FIRES: " + "; ".join(f["message"] for f in tr["findings"])
        lines.append(f"  fr: {tr['source']}")
        lines.append(f"  en: {tr['target']}   ({status})")
    return "\n".join(lines).rstrip() + "\n"
