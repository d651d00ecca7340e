"""A self-contained HTML report: one file, no network, works offline.

Summary cards, counts by code and category as inline SVG bar charts (the bars
link to the filter), and every flagged segment with source and target side by
side, spans highlighted with the message on hover. Filters by code, severity
and category run in a small inline script, also driven by the URL fragment
(`report.html#code=P101&severity=major`), so a filtered view can be shared.

All text from the inputs is HTML-escaped, and a Content-Security-Policy allows
only the report's own script (by hash): even a mistake in escaping could not
run a script smuggled in a translation.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from typing import Any, Mapping, Sequence

from ..types import SEVERITY_RANK, Finding, SegmentResult
from ._common import copy_spool, spool, tool_version
from .base import Formatter


COUNT_KEYS = frozenset({"reference_segments", "segments"})


def e(value: Any) -> str:
    return escape(str(value), quote=True)


CSS = """
:root{--crit:#b3261e;--major:#d9730d;--minor:#c9a400;--ink:#1d1d1f;--mute:#6b6b70;--line:#e2e2e6;--bg:#fafafa}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg);margin:0;padding:1.5rem 2rem}
h1{font-size:1.4rem;margin:0 0 .2rem}h2{font-size:1.1rem;margin:1.6rem 0 .6rem}.inputs{color:var(--mute);font-size:.85rem;margin:0 0 1rem}
.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.7rem 1rem;min-width:8.5rem}
.card .n{font-size:1.5rem;font-weight:600}.card .l{color:var(--mute);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
.card.critical .n{color:var(--crit)}.card.major .n{color:var(--major)}.card.minor .n{color:#8a7000}
.charts{display:flex;flex-wrap:wrap;gap:2rem}.chart{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.6rem 1rem;margin:0}
.chart svg text{font-size:12px;fill:var(--ink)}.chart a:hover rect{opacity:.75}
.filters{position:sticky;top:0;background:var(--bg);padding:.6rem 0;border-bottom:1px solid var(--line);display:flex;gap:1rem;align-items:center;flex-wrap:wrap;z-index:2}
.filters label{font-size:.85rem;color:var(--mute)}.filters select{font:inherit;margin-left:.3rem}#shown{font-size:.85rem;color:var(--mute)}
article.seg{background:#fff;border:1px solid var(--line);border-radius:8px;margin:.8rem 0;padding:.6rem 1rem}
article.seg header{font-size:.85rem;color:var(--mute);margin-bottom:.3rem}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.pair>div{white-space:pre-wrap;overflow-wrap:anywhere}
.pair .side{font-size:.7rem;text-transform:uppercase;color:var(--mute);display:block}
mark{border-radius:3px;padding:0 1px;cursor:help}mark.critical{background:#f6c9c6;outline:1px solid var(--crit)}
mark.major{background:#fbd9b5;outline:1px solid var(--major)}mark.minor{background:#fff0a8;outline:1px solid var(--minor)}
mark.point::after{content:"\\2038";color:var(--crit)}mark.dim{background:none;outline:1px dashed var(--line)}
ul.findings{margin:.5rem 0 0;padding-left:1.1rem;font-size:.9rem}li .code{font-weight:600}
.sev{display:inline-block;border-radius:3px;padding:0 .35rem;font-size:.75rem;color:#fff}.sev.critical{background:var(--crit)}.sev.major{background:var(--major)}.sev.minor{background:var(--minor);color:#222}
.ref{margin-top:.5rem;white-space:pre-wrap;overflow-wrap:anywhere}.ref .side,.note .side{font-size:.7rem;text-transform:uppercase;color:var(--mute);display:block}
.note{margin-top:.4rem;font-size:.85rem;color:var(--mute);white-space:pre-wrap}header .id{font-weight:600;color:var(--ink)}
.notices{font-size:.85rem;color:var(--mute)}[hidden]{display:none!important}
@media (max-width:800px){.pair{grid-template-columns:1fr}}
"""

JS = """
(function () {
  "use strict";
  var keys = ["code", "severity", "category"];
  var sel = {};
  keys.forEach(function (k) { sel[k] = document.getElementById("f-" + k); });
  var segs = Array.prototype.slice.call(document.querySelectorAll("article.seg"));
  var shown = document.getElementById("shown");
  var rank = {minor: 1, major: 2, critical: 3};
  function matches(li) {
    return keys.every(function (k) {
      var v = sel[k].value;
      if (!v) { return true; }
      var got = li.getAttribute("data-" + k);
      // a severity filter means "at least": major shows major and critical
      return k === "severity" ? (rank[got] || 0) >= (rank[v] || 0) : got === v;
    });
  }
  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    keys.forEach(function (k) {
      var v = params.get(k) || "";
      var ok = Array.prototype.some.call(sel[k].options, function (o) { return o.value === v; });
      sel[k].value = ok ? v : "";
    });
  }
  function writeHash() {
    var params = new URLSearchParams();
    keys.forEach(function (k) { if (sel[k].value) { params.set(k, sel[k].value); } });
    var h = params.toString();
    if (("#" + h) !== location.hash && !(h === "" && location.hash === "")) {
      history.replaceState(null, "", h ? "#" + h : location.pathname + location.search);
    }
  }
  function apply() {
    var count = 0;
    segs.forEach(function (seg) {
      var items = seg.querySelectorAll("li.finding");
      var hit = {};
      var any = false;
      Array.prototype.forEach.call(items, function (li) {
        var m = matches(li);
        li.hidden = !m;
        if (m) { hit[li.getAttribute("data-i")] = true; any = true; }
      });
      Array.prototype.forEach.call(seg.querySelectorAll("mark[data-f]"), function (mk) {
        var on = mk.getAttribute("data-f").split(" ").some(function (i) { return hit[i]; });
        mk.classList.toggle("dim", !on);
      });
      seg.hidden = !any;
      if (any) { count += 1; }
    });
    shown.textContent = count + " of " + segs.length + " flagged segments shown";
    document.body.setAttribute("data-shown", String(count));
  }
  keys.forEach(function (k) {
    sel[k].addEventListener("change", function () { writeHash(); apply(); });
  });
  document.getElementById("f-reset").addEventListener("click", function () {
    keys.forEach(function (k) { sel[k].value = ""; });
    writeHash(); apply();
  });
  window.addEventListener("hashchange", function () { readHash(); apply(); });
  readHash();
  apply();
})();
"""


def highlight(text: str, spans: Sequence[tuple[int, Finding]]) -> str:
    """Escaped text with <mark>s; overlapping spans split into pieces, each
    piece marked with every finding covering it (title lists their messages)."""
    points: dict[int, list[tuple[int, Finding]]] = {}
    ranged = []
    for i, f in spans:
        if f.start is None or f.end is None:
            continue
        s, t = max(0, min(f.start, len(text))), max(0, min(f.end, len(text)))
        if s == t:
            points.setdefault(s, []).append((i, f))
        else:
            ranged.append((i, f, s, t))
    cuts = sorted({0, len(text), *points, *(s for _, _, s, _ in ranged), *(t for _, _, _, t in ranged)})
    out = []
    for a, b in zip(cuts, cuts[1:] + [None]):
        if a in points:
            out.append(_mark("", points[a], point=True))
        if b is None:
            break
        piece = text[a:b]
        active = [(i, f) for i, f, s, t in ranged if s <= a and t >= b]
        out.append(_mark(piece, active) if active else e(piece))
    return "".join(out)


def _mark(piece: str, active: Sequence[tuple[int, Finding]], point: bool = False) -> str:
    worst = max(active, key=lambda x: SEVERITY_RANK.get(x[1].severity, 0))[1].severity
    title = "\n".join(f"{f.code} [{f.severity}] {f.message}" for _, f in active)
    ids = " ".join(str(i) for i, _ in active)
    cls = f"{worst} point" if point else worst
    return f'<mark class="{e(cls)}" data-f="{ids}" title="{e(title)}">{e(piece)}</mark>'


def bar_chart(title: str, counts: Mapping[str, int], key: str, colour: str = "#3f6fb5") -> str:
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if not items:
        return ""
    label_w, bar_w, row_h = 230, 260, 22
    top = max(n for _, n in items)
    height = row_h * len(items) + 8
    rows = []
    for idx, (label, n) in enumerate(items):
        y = 4 + idx * row_h
        w = max(2, round(bar_w * n / top))
        rows.append(
            f'<a href="#{e(key)}={e(label)}"><title>{e(label)}: {n}</title>'
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{e(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 6}" rx="3" fill="{colour}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 15}">{n}</text></a>'
        )
    return (
        f'<figure class="chart"><figcaption>{e(title)}</figcaption>'
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{e(title)}" '
        f'width="{label_w + bar_w + 50}" height="{height}">{"".join(rows)}</svg></figure>'
    )


class HTMLFormatter(Formatter):
    """One self-contained HTML file for people reviewing a batch."""

    name = "html"
    extension = ".html"

    def begin(self) -> None:
        self._buf = spool()
        self.names: dict[str, str] = {}
        self.categories: set[str] = set()
        self.clean = 0

    def add(self, result: SegmentResult) -> None:
        if not result.findings:
            self.clean += 1
            return
        seg = result.segment
        findings = list(enumerate(result.findings))
        for _, f in findings:
            self.names[f.code] = f.name
            self.categories.add(f.category)
        src = highlight(seg.source, [(i, f) for i, f in findings if f.side == "source"])
        tgt = highlight(seg.target, [(i, f) for i, f in findings if f.side == "target"])
        items = []
        for i, f in findings:
            where = f" at {f.side} {f.start + 1}–{f.end}" if f.start is not None and f.end is not None else f" ({f.side})"
            sugg = ""
            if f.suggestion == "":
                sugg = ' <span class="sugg">suggestion: delete it</span>'
            elif f.suggestion is not None:
                sugg = f' <span class="sugg">suggestion: <q>{e(f.suggestion)}</q></span>'
            items.append(
                f'<li class="finding" data-i="{i}" data-code="{e(f.code)}" data-severity="{e(f.severity)}" '
                f'data-category="{e(f.category)}"><span class="sev {e(f.severity)}">{e(f.severity)}</span> '
                f'<span class="code">{e(f.code)}</span> {e(f.name)}{e(where)}: {e(f.message)}{sugg}</li>'
            )
        scores = " · ".join(
            f"{e(k)} {v:.1f}" for k, v in result.scores.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
        )
        ref = ""
        if seg.reference is not None:
            ref = f'<div class="ref" lang="en"><span class="side">reference</span>{e(seg.reference)}</div>'
        note = f'<div class="note"><span class="side">note</span>{e(seg.note)}</div>' if seg.note else ""
        where = f' · {e(seg.place)}' if seg.place else ""
        self._buf.write(
            f'<article class="seg" id="seg-{e(seg.id)}"><header><span class="id">{e(seg.id)}</span>{where}'
            f'{" · " + scores if scores else ""}</header><div class="pair">'
            f'<div class="src" lang="fr"><span class="side">source</span>{src}</div>'
            f'<div class="tgt" lang="en"><span class="side">target</span>{tgt}</div></div>{ref}{note}'
            f'<ul class="findings">{"".join(items)}</ul></article>\n'
        )

    def end(self, summary: Mapping[str, Any], scores: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> None:
        w = self.stream.write
        script_hash = base64.b64encode(hashlib.sha256(JS.encode("utf-8")).digest()).decode("ascii")
        csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{script_hash}'"
        w('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
          f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">'
          '<meta name="viewport" content="width=device-width,initial-scale=1">'
          f'<meta name="generator" content="mtqa {e(tool_version())}">'
          f"<title>mtqa report</title><style>{CSS}</style></head><body>\n")
        w("<h1>mtqa report</h1>")
        ins = [f"{e(k)}: <code>{e(v)}</code>" for k, v in self.inputs.items() if v]
        if ins:
            w(f'<p class="inputs">{" · ".join(ins)}</p>')
        sev = summary.get("by_severity", {})
        cards = [
            ("", summary.get("segments", 0), "segments"),
            ("", summary.get("flagged_segments", 0), "flagged segments"),
            ("", summary.get("findings", 0), "findings"),
            ("critical", sev.get("critical", 0), "critical"),
            ("major", sev.get("major", 0), "major"),
            ("minor", sev.get("minor", 0), "minor"),
        ]
        mqm = summary.get("mqm", {})
        if isinstance(mqm, Mapping) and isinstance(mqm.get("mqm"), (int, float)):
            cards.append(("score", f"{mqm['mqm']:.2f}", "MQM"))
        for k, v in scores.items():
            # Metric cards only: counts such as reference_segments are not scores.
            if isinstance(v, (int, float)) and not isinstance(v, bool) and k != "mqm" and k not in COUNT_KEYS \
                    and not k.endswith(("_segments", "_count")):
                cards.append(("score", f"{v:.2f}", k))
        w('<section class="cards" id="summary">' + "".join(
            f'<div class="card {e(c)}"><div class="n">{e(n)}</div><div class="l">{e(l)}</div></div>'
            for c, n, l in cards) + "</section>\n")
        by_code = summary.get("by_code", {})
        if by_code:
            labels = {f"{c}": n for c, n in by_code.items()}
            w('<h2>Findings by code and category</h2><section class="charts">'
              + bar_chart("By code", labels, "code")
              + bar_chart("By category", summary.get("by_category", {}), "category", "#7a4fb5")
              + "</section>\n")
        w('<h2>Flagged segments</h2><nav class="filters" aria-label="filters">')
        w(self._select("code", "Code", [(c, f"{c} {self.names.get(c, '')}".strip()) for c in sorted(by_code or self.names)]))
        w(self._select("severity", "Severity", [(s, f"{s}" if s == "critical" else f"{s} or worse")
                                               for s in ("critical", "major", "minor")]))
        cats = sorted(set(summary.get("by_category", {})) | self.categories)
        w(self._select("category", "Category", [(c, c) for c in cats]))
        w('<button type="button" id="f-reset">Reset</button><span id="shown"></span></nav>\n<main id="segments">\n')
        copy_spool(self._buf, self.stream)
        if self.clean:
            w(f'<p class="notices">{self.clean} clean segments not shown.</p>')
        w("</main>\n")
        notices = list((extra or {}).get("notices", []))
        if notices:
            w('<h2>Notices</h2><ul class="notices">' + "".join(f"<li>{e(n)}</li>" for n in notices) + "</ul>\n")
        w(f"<script>{JS}</script>\n</body></html>\n")

    @staticmethod
    def _select(key: str, label: str, options: Sequence[tuple[str, str]]) -> str:
        opts = '<option value="">all</option>' + "".join(
            f'<option value="{e(v)}">{e(t)}</option>' for v, t in options
        )
        return f'<label>{e(label)}<select id="f-{e(key)}">{opts}</select></label>'
