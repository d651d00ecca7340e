"""Report formats for people and CI: every format on the seed, counts that
agree across formats, escaping, locations, annotation limits."""

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mtqa.cli import app
from mtqa.detectors import REGISTRY
from mtqa.pipeline import CheckConfig, check_segments
from mtqa.report import FORMATTERS
from mtqa.report._common import locate, relative, split_place
from mtqa.report.csv import neutralise
from mtqa.report.github import command, escape_data, escape_property, level_for
from mtqa.types import Finding, Segment, SegmentResult

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return CliRunner().invoke(app, list(args))


def seed_args(seed_dir):
    return [str(seed_dir / "fr.txt"), str(seed_dir / "en-mt.txt"), "--no-models", "--quiet"]


def run_segments(tmp_path, segments, fmt, **kw):
    out = tmp_path / f"out.{fmt}"
    config = CheckConfig(outputs=[(fmt, str(out))], models=False, **kw)
    outcome = check_segments(segments, config, inputs=kw.pop("inputs", None) or {})
    return out.read_text(encoding="utf-8"), outcome


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture
def seed_reports(seed_dir, tmp_path):
    """All formats from one run of the seed article."""
    formats = sorted(FORMATTERS)
    args = ["check", *seed_args(seed_dir)]
    for f in formats:
        args += ["-f", f, "-o", str(tmp_path / f"seed.{f}")]
    res = run(*args)
    assert res.exit_code == 1, res.output
    return {f: (tmp_path / f"seed.{f}").read_text(encoding="utf-8") for f in formats}


def jsonl_findings(text):
    rows = [json.loads(line) for line in text.splitlines()]
    return rows, [(int(r["id"]), f) for r in rows for f in r["findings"]]


def test_every_format_renders_the_seed(seed_reports):
    rows, findings = jsonl_findings(seed_reports["jsonl"])
    assert len(rows) == 18 and len(findings) == 6
    json.loads(seed_reports["json"])
    json.loads(seed_reports["sarif"])
    assert len(json.loads(seed_reports["gitlab"])) == 6
    ET.fromstring(seed_reports["junit"].encode("utf-8"))
    assert len(list(csv.DictReader(io.StringIO(seed_reports["csv"])))) == 6
    assert len([x for x in seed_reports["github"].splitlines() if x.startswith("::")]) == 6
    assert "| U101 | french-honorific | accuracy/untranslated | 2 |" in seed_reports["markdown"]
    html = seed_reports["html"]
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert html.count('<article class="seg"') == 5
    assert "13 clean segments not shown" in html
    assert "6 findings" in seed_reports["text"]


def test_sarif_agrees_with_jsonl(seed_reports):
    _, findings = jsonl_findings(seed_reports["jsonl"])
    sarif = json.loads(seed_reports["sarif"])
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    results = run_["results"]
    assert len(results) == len(findings)
    rules = run_["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= set(REGISTRY)
    for r in rules:
        assert r["shortDescription"]["text"]
    for res, (line, f) in zip(results, findings):
        assert res["ruleId"] == f["code"]
        assert rules[res["ruleIndex"]]["id"] == f["code"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == line
        assert region["startColumn"] == f["start"] + 1 and region["endColumn"] == f["end"] + 1
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "corpora/lapresse-canada-japan/en-mt.txt" or uri.endswith("lapresse-canada-japan/en-mt.txt")
        assert not os.path.isabs(uri) or not str(Path.cwd()) in uri
        assert res["level"] == ("error" if f["severity"] in ("major", "critical") else "warning")


def test_junit_agrees_with_jsonl(seed_reports):
    rows, findings = jsonl_findings(seed_reports["jsonl"])
    root = ET.fromstring(seed_reports["junit"].encode("utf-8"))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert int(root.get("tests")) == len(cases) == len(rows) == 18
    flagged = {int(r["id"]) for r in rows if r["findings"]}
    assert int(root.get("failures")) == len(flagged) == 5
    for case in cases:
        line = int(case.get("line"))
        failure = case.find("failure")
        assert (failure is not None) == (line in flagged)
        if failure is not None:
            want = sorted({f["code"] for n, f in findings if n == line})
            assert failure.get("type") == ",".join(want)
            assert sum(1 for n, _ in findings if n == line) == len(
                [x for x in failure.text.splitlines() if re.match(r"^[A-Z]\d{3} \[", x)]
            )


def test_gitlab_fingerprints_are_unique_and_stable(seed_dir, tmp_path, seed_reports):
    issues = json.loads(seed_reports["gitlab"])
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert {i["severity"] for i in issues} <= {"info", "minor", "major", "critical", "blocker"}
    assert all(i["location"]["lines"]["begin"] >= 1 for i in issues)
    # Inserting a line above moves the findings but keeps their fingerprints.
    fr = (seed_dir / "fr.txt").read_text(encoding="utf-8")
    en = (seed_dir / "en-mt.txt").read_text(encoding="utf-8")
    src = tmp_path / "seed-fr.txt"
    tgt = tmp_path / "seed-en.txt"
    src.write_text("Bonjour.\n" + fr, encoding="utf-8")
    tgt.write_text("Hello.\n" + en, encoding="utf-8")
    res = run("check", str(src), str(tgt), "--no-models", "-q", "-f", "gitlab")
    moved = json.loads(res.stdout)
    assert [i["location"]["lines"]["begin"] for i in moved] == [
        i["location"]["lines"]["begin"] + 1 for i in issues
    ]
    # the path differs (another file), so compare fingerprints on a same-path rerun
    res2 = run("check", str(src), str(tgt), "--no-models", "-q", "-f", "gitlab")
    assert [i["fingerprint"] for i in json.loads(res2.stdout)] == [i["fingerprint"] for i in moved]


def test_fingerprint_ignores_line_numbers():
    from mtqa.report.gitlab import fingerprint

    a = fingerprint("U101", "en.txt", "Mme X", "Mme X", "target", 0, 3, 1)
    assert a == fingerprint("U101", "en.txt", "Mme X", "Mme X", "target", 0, 3, 1)
    assert a != fingerprint("U101", "en.txt", "Mme X", "Mme X.", "target", 0, 3, 1)
    assert a != fingerprint("U101", "en.txt", "Mme X", "Mme X", "target", 0, 3, 2)


EVIL = '<script>alert("x")</script><img src=x onerror="alert(1)"> & </textarea>'


def test_html_escapes_translation_text(tmp_path):
    seg = Segment("1", "Mme Joly a dit <b>oui</b>.", f"Mme Joly said {EVIL}",
                  place='en"<script>.txt:1', reference="<script>ref()</script>")
    html, _ = run_segments(tmp_path, [seg], "html", fail_on="never")
    assert "<script>alert" not in html and "<img" not in html and "<b>oui" not in html
    assert "&lt;script&gt;" in html and "onerror=&quot;alert(" in html
    assert 'title="M102 [major] tag &#x27;&lt;b&gt;&#x27; altered to &#x27;&lt;script&gt;&#x27;"' in html
    parser = _Tags()
    parser.feed(html)
    assert [t for t, _ in parser.tags].count("script") == 1  # ours, nothing from the text
    assert not any(t == "img" for t, _ in parser.tags)
    # the text still reads right once unescaped
    assert EVIL in "".join(parser.text)
    # the only script allowed by the CSP is ours, by hash
    csp = next(a["content"] for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "script-src 'sha256-" in csp and "unsafe-inline" not in csp.split("script-src")[1]
    # no network: no external URL is loaded
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)


def test_html_overlapping_spans_and_points():
    from mtqa.report.html import highlight

    def f(code, s, e, sev="minor"):
        return Finding(code, "n", "other", sev, "target", s, e, f"msg {code}")

    out = highlight("abcdef<", [(0, f("A001", 0, 4)), (1, f("B001", 2, 6, "major")), (2, f("C001", 7, 7))])
    assert out.count("<mark") == 4
    assert 'data-f="0 1"' in out and 'class="major"' in out
    assert 'class="minor point"' in out and "&lt;" in out
    # pieces concatenate back to the text
    assert re.sub(r"<[^>]+>", "", out).replace("&lt;", "<") == "abcdef<"


def test_csv_neutralises_formulas(tmp_path):
    segs = [Segment(str(i), "Mme Joly a dit.", t, place=f"en.txt:{i}") for i, t in enumerate(
        ["=HYPERLINK(\"http://x\")Mme Joly said.", "+1 Mme Joly said.", "-2 Mme Joly said.",
         "@SUM(A1) Mme Joly said.", "\tMme Joly said.", "\rMme Joly said.", "Mme Joly said."], 1)]
    text, _ = run_segments(tmp_path, segs, "csv", fail_on="never", select=["U101"])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 7
    for r in rows[:6]:
        assert r["target"].startswith("'"), r["target"]
    assert rows[6]["target"] == "Mme Joly said."
    assert neutralise("-x") == "'-x" and neutralise(-3) == -3 and neutralise("a=b") == "a=b"


def test_github_escaping_and_levels():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    f = Finding("U101", "french-honorific", "accuracy/untranslated", "minor", "target", 0, 3,
                "bad: one,\ntwo", "Ms.")
    from mtqa.report._common import Location

    line = command("notice", Location("dir,a:b/en.txt", 4, 1, 4), f)
    assert line.startswith("::notice file=dir%2Ca%3Ab/en.txt,line=4,col=1,endColumn=4,title=U101 french-honorific [minor]::")
    assert "\n" not in line and "bad: one,%0Atwo" in line
    assert level_for("major", "major") == "error"
    assert level_for("minor", "major") == "notice"
    assert level_for("major", "critical") == "warning"
    assert level_for("critical", "never") == "warning"
    assert level_for("critical", None) == "error"


def test_markdown_lists_what_annotations_cannot_show(tmp_path):
    segs = [Segment(str(i), "Mme Joly a parlé.", "Mme Joly spoke.", place=f"en.txt:{i}") for i in range(1, 16)]
    segs.append(Segment("x", "Mme Joly a parlé.", "Mme Joly spoke. <b>|</b>"))
    md, _ = run_segments(tmp_path, segs, "markdown", fail_on="major", select=["U101"])
    assert "### Not shown as annotations (6)" in md
    assert md.count("beyond GitHub's limit of 10 notice annotations per step") == 5
    assert "no file to point at" in md
    gh, _ = run_segments(tmp_path, segs, "github", fail_on="major", select=["U101"])
    assert sum(1 for x in gh.splitlines() if x.startswith("::notice file=")) == 15
    assert "6 findings have no visible annotation" in gh


def test_markdown_escapes_text():
    from mtqa.report.markdown import md

    assert md("<img src=x> | *bold* `code`") == r"&lt;img src=x&gt; \| \*bold\* \`code\`"
    assert "\n" not in md("a\nb")


def test_locations():
    assert split_place("dir/en.txt:12") == ("dir/en.txt", 12)
    assert split_place("a:b:7") == ("a:b", 7)
    assert split_place("file.xlf") == ("file.xlf", None)
    assert split_place(None) == (None, None)
    assert relative(os.path.join(os.getcwd(), "x", "y.txt")) == "x/y.txt"
    assert relative("/elsewhere/y.txt") == "/elsewhere/y.txt"
    f = Finding("P101", "n", "other", "minor", "source", 2, 4, "m")
    seg = Segment("3", "ab. .", "cd", place="en.txt:3")
    loc = locate(SegmentResult(seg, (f,)), f, {"source": "fr.txt", "target": "en.txt"})
    assert (loc.path, loc.line, loc.column, loc.end_column) == ("fr.txt", 3, 3, 5)
    # a bilingual file: the line of the unit, no columns
    seg = Segment("u1", "ab", "cd", place="doc.xlf:40")
    loc = locate(SegmentResult(seg, (f,)), f, {"source": "doc.xlf", "target": None})
    assert (loc.path, loc.line, loc.column) == ("doc.xlf", 40, None)


def test_report_dir_writes_every_format(seed_dir, tmp_path):
    args = ["check", *seed_args(seed_dir), "--report-dir", str(tmp_path / "r")]
    for f in ("html", "junit", "sarif", "gitlab", "csv", "markdown"):
        args += ["-f", f]
    res = run(*args)
    assert res.exit_code == 1, res.output
    names = sorted(p.name for p in (tmp_path / "r").iterdir())
    assert names == ["mtqa.csv", "mtqa.gitlab.json", "mtqa.html", "mtqa.md", "mtqa.sarif", "mtqa.xml"]


def test_junit_survives_control_characters(tmp_path):
    seg = Segment("1", "Mme Joly a parlé.", "Mme Joly\x00 spoke\x1b. ]]> <x>", place="en.txt:1")
    text, _ = run_segments(tmp_path, [seg], "junit", fail_on="never", select=["U101"])
    root = ET.fromstring(text.encode("utf-8"))
    assert root.get("failures") == "1"
    assert "<x>" in root.find("testsuite/testcase/failure").text


# -- discoverability -----------------------------------------------------------

def test_explain_runs_examples_and_traps():
    res = run("explain", "U101")
    assert res.exit_code == 0
    assert "Why it matters:" in res.stdout and REGISTRY["U101"].severity_reason in res.stdout
    assert "[Mme] Joly promised" in res.stdout
    assert "Mr Kishida   (ok, silent)" in res.stdout
    data = json.loads(run("explain", "doubled-punctuation", "-f", "json").stdout)
    assert data["code"] == "P101"
    assert all(ex["findings"] for ex in data["examples"])
    assert all(not tr["findings"] for tr in data["traps"])


def test_explain_every_rule_and_unknown():
    for code in REGISTRY:
        assert run("explain", code).exit_code == 0, code
    res = run("explain", "Z999")
    assert res.exit_code == 2 and "Z999" in res.stderr and "Traceback" not in res.output


def test_rules_json_lists_every_rule():
    rows = json.loads(run("rules", "--format", "json").stdout)
    # every rule, then the reserved run codes (issue 14)
    assert [r["code"] for r in rows] == list(REGISTRY) + ["X000", "X001"]


# -- ecosystem -------------------------------------------------------------------

def _mtqa_bin():
    exe = Path(sys.executable).parent / "mtqa"
    if not exe.exists():
        pytest.skip("the mtqa console script is not installed in this environment")
    return str(exe)


def test_pre_commit_hook_runs(seed_dir, tmp_path):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and hooks
    by_id = {h["id"]: h for h in hooks}
    for h in hooks:
        assert {"id", "name", "entry", "language"} <= set(h)
        assert h["language"] == "python"
    hook = by_id["mtqa"]
    argv = hook["entry"].split() + list(hook.get("args", []))
    argv[0] = _mtqa_bin()
    argv += [str(seed_dir / "fr.txt"), str(seed_dir / "en-ref.txt"), "--no-models"]
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    argv[-2] = str(seed_dir / "en-mt.txt")
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 1
    assert "T101" in proc.stdout


def test_github_action_runs_its_check_step(seed_dir, tmp_path):
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    assert {"source", "target", "fail-on", "args"} <= set(inputs)
    steps = {s.get("id"): s for s in action["runs"]["steps"]}
    step = steps["check"]
    assert step["shell"] == "bash"
    # Inputs reach the script only through env (no ${{ }} inside the script: no injection).
    assert "${{" not in step["run"]
    env = dict(os.environ)
    for key, value in step["env"].items():
        m = re.fullmatch(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", str(value))
        if m:
            given = {"source": str(seed_dir / "fr.txt"), "target": str(seed_dir / "en-mt.txt"),
                     "args": "--no-models"}.get(m.group(1), inputs[m.group(1)].get("default", ""))
            env[key] = str(given)
    summary = tmp_path / "summary.md"
    outputs = tmp_path / "outputs.txt"
    env.update(GITHUB_STEP_SUMMARY=str(summary), GITHUB_OUTPUT=str(outputs), RUNNER_TEMP=str(tmp_path),
               PATH=str(Path(_mtqa_bin()).parent) + os.pathsep + env["PATH"])
    proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "::error file=" in proc.stdout and "title=T101" in proc.stdout
    assert "## mtqa:" in summary.read_text(encoding="utf-8")
    assert "exit-code=1" in outputs.read_text(encoding="utf-8")
    sarif = json.loads((tmp_path / "mtqa-reports" / "mtqa.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 6


# -- progress ----------------------------------------------------------------------

def test_progress_draws_on_a_terminal_only():
    from mtqa.progress import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    p = Progress(total=3, stream=tty)
    for _ in range(3):
        p.update()
    p.close()
    out = tty.getvalue()
    assert "mtqa 3/3 segments 100% [########################]" in out
    assert out.endswith("\r\x1b[K")  # the line is cleared at the end
    pipe = io.StringIO()
    p = Progress(total=3, stream=pipe)
    p.update()
    p.close()
    assert pipe.getvalue() == ""


def test_check_on_a_terminal_shows_the_readers_count(monkeypatch, tmp_path):
    # The progress total is the count the pair reader made (no second read);
    # with a terminal on stderr the whole check command must still run.
    from mtqa.commands import check as check_command

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    src, tgt, out = tmp_path / "fr.txt", tmp_path / "en.txt", tmp_path / "r.json"
    src.write_text("Bonjour.\nIl pleut.\nMerci.\n", encoding="utf-8")
    tgt.write_text("Hello.\nIt rains.\nThanks.\n", encoding="utf-8")
    code = check_command.check(str(src), str(tgt), formats=["json"], outputs=[str(out)], models=False)
    assert code == 0
    assert "mtqa 3/3 segments 100%" in tty.getvalue()
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["segments"] == 3
    quiet = Tty()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert check_command.check(str(src), str(tgt), formats=["json"], outputs=[str(out)], models=False,
                               verbosity=-1) == 0
    assert "segments" not in quiet.getvalue()


def test_cli_stderr_is_clean_when_not_a_terminal(seed_dir):
    res = run("check", str(seed_dir / "fr.txt"), str(seed_dir / "en-mt.txt"), "--no-models", "-f", "json")
    assert "\r" not in res.stderr and "\x1b" not in res.stderr
