"""Project configuration: discovery, every key, CLI precedence, score
thresholds, and bad values (exit 2 naming the file and the key)."""

import json
import os

import pytest
from typer.testing import CliRunner

from mtqa.cli import app
from mtqa.config import ConfigError, Thresholds, find_config, load_settings
from mtqa.pipeline import CheckConfig, check_segments
from mtqa.types import Segment


def run(*args):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def project(tmp_path, seed_dir, monkeypatch):
    """A project folder holding the seed pair, as the working folder."""
    for name in ("fr.txt", "en-mt.txt"):
        (tmp_path / name).write_text((seed_dir / name).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*extra):
    return run("check", "fr.txt", "en-mt.txt", "--no-models", *extra)


def codes(res):
    return set(json.loads(res.stdout)["summary"]["by_code"])


def test_mtqa_toml_found_upward(project, monkeypatch):
    (project / "mtqa.toml").write_text('select = ["U101"]\nfail-on = "minor"\n', encoding="utf-8")
    sub = project / "a" / "b"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert find_config() == (str(project / "mtqa.toml"), False)
    res = run("check", "../../fr.txt", "../../en-mt.txt", "--no-models", "-f", "json")
    assert codes(res) == {"U101"}
    assert res.exit_code == 1  # fail-on minor from the file


def test_pyproject_tool_mtqa(project):
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.mtqa]\nignore = ["P"]\n\n[tool.mtqa.severity]\nU101 = "critical"\n',
        encoding="utf-8")
    res = check("-f", "json", "--fail-on", "critical")
    doc = json.loads(res.stdout)
    assert set(doc["summary"]["by_code"]) == {"U101", "T101"}
    assert doc["summary"]["by_severity"]["critical"] == 2
    assert res.exit_code == 1


def test_pyproject_without_table_is_skipped(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_settings().path is None or not load_settings().path.startswith(str(project))


def test_command_line_overrides_file(project):
    (project / "mtqa.toml").write_text('select = ["U101"]\nfail-on = "minor"\nformat = ["junit"]\n', encoding="utf-8")
    res = check("--select", "P", "--fail-on", "never", "-f", "json")
    assert codes(res) == {"P101", "P102", "P103"}
    assert res.exit_code == 0
    res = check()  # the file's format
    assert res.stdout.startswith("<?xml")


def test_rule_options_and_formats(project):
    (project / "mtqa.toml").write_text(
        'format = ["sarif", "html"]\nreport-dir = "reports"\nfail-on = "never"\n\n'
        '[rules.french-honorific]\nstyle = "uk"\n', encoding="utf-8")
    res = check()
    assert res.exit_code == 0, res.output
    sarif = json.loads((project / "reports" / "mtqa.sarif").read_text(encoding="utf-8"))
    honorifics = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "U101"]
    assert honorifics and all("suggestion: 'Ms'" in r["message"]["text"] for r in honorifics)
    assert (project / "reports" / "mtqa.html").exists()


def test_report_dir_is_relative_to_the_config_file(project, monkeypatch):
    (project / "mtqa.toml").write_text('report-dir = "out"\nformat = ["csv"]\n', encoding="utf-8")
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    run("check", "../fr.txt", "../en-mt.txt", "--no-models")
    assert (project / "out" / "mtqa.csv").exists()


def test_min_mqm_threshold(project):
    (project / "mtqa.toml").write_text('fail-on = "never"\n[thresholds]\nmin-mqm = 99\n', encoding="utf-8")
    res = check("-f", "json")
    assert res.exit_code == 1
    doc = json.loads(res.stdout)
    assert doc["summary"]["gate_failures"] == ["threshold min-mqm: corpus MQM 96.99 is below 99"]
    assert doc["summary"]["thresholds"]["passed"] is False
    (project / "mtqa.toml").write_text('fail-on = "never"\n[thresholds]\nmin-mqm = 90\n', encoding="utf-8")
    assert check("-f", "json").exit_code == 0


class FakeQuality:
    """Stands in for the quality model: a fixed score per segment id."""

    name = "quality"

    def __init__(self, scores):
        self.scores = scores
        self.seen = []

    def score(self, batch, found):
        out = []
        for seg in batch:
            self.seen.append(self.scores[seg.id])
            out.append({"quality": self.scores[seg.id]})
        return out

    def corpus(self):
        return {"quality": sum(self.seen) / len(self.seen)}


def _segments(n):
    return [Segment(str(i), "Il a parlé.", "He spoke.", place=f"en.txt:{i}") for i in range(1, n + 1)]


@pytest.mark.parametrize("limits,scores,failures", [
    ({"min-quality": 70}, [80, 90, 70, 60], []),
    ({"min-quality": 80}, [80, 90, 70, 60], ["threshold min-quality: corpus quality 75.00 is below 80"]),
    ({"quality-floor": 65, "max-below-floor": 0.25}, [80, 90, 70, 60], []),
    ({"quality-floor": 75, "max-below-floor": 0.25}, [80, 90, 70, 60],
     ["threshold max-below-floor: 2 of 4 segments (50.0%) have quality below 75; at most 25.0% may"]),
])
def test_quality_thresholds(limits, scores, failures):
    scorer = FakeQuality({str(i): s for i, s in enumerate(scores, 1)})
    gate = Thresholds(limits)
    out = check_segments(_segments(len(scores)), CheckConfig(outputs=[], scorers=[scorer], gates=[gate]))
    assert out.summary.get("gate_failures", []) == failures
    assert out.exit_code == (1 if failures else 0)
    assert all(f in out.notices for f in failures)


def test_quality_threshold_without_scores_fails_closed():
    gate = Thresholds({"min-quality": 50, "quality-floor": 40, "max-below-floor": 0.1})
    out = check_segments(_segments(2), CheckConfig(outputs=[], gates=[gate]))
    assert out.exit_code == 1
    assert any("no corpus quality score" in f for f in out.summary["gate_failures"])
    assert any("no segment quality scores" in f for f in out.summary["gate_failures"])


def test_quality_score_as_mapping():
    class Mapped(FakeQuality):
        def corpus(self):
            return {"quality": {"score": 88.0, "n": 2}}

    gate = Thresholds({"min-quality": 85})
    out = check_segments(_segments(2), CheckConfig(outputs=[], scorers=[Mapped({"1": 88, "2": 88})], gates=[gate]))
    assert out.exit_code == 0 and out.summary["thresholds"]["values"]["quality"] == 88.0


@pytest.mark.parametrize("text,needle", [
    ('fial-on = "major"\n', "mtqa.toml: fial-on: unknown key"),
    ('fail-on = "sometimes"\n', "mtqa.toml: fail-on: must be one of minor, major, critical, never"),
    ('select = "Z9"\n', "mtqa.toml: select: 'Z9' matches no rule"),
    ('ignore = [1, 2]\n', "mtqa.toml: ignore: must be a list of strings"),
    ('format = ["pdf"]\n', "mtqa.toml: format: unknown format 'pdf'"),
    ('report-dir = 3\n', "mtqa.toml: report-dir: must be a path string"),
    ('models = "yes"\n', "mtqa.toml: models: must be true or false"),
    ('[severity]\nP101 = "huge"\n', "mtqa.toml: severity.P101: must be one of minor, major, critical"),
    ('[severity]\nQ999 = "major"\n', "mtqa.toml: severity.Q999: unknown rule"),
    ('severity = "major"\n', "mtqa.toml: severity: must be a table"),
    ('[thresholds]\nmin-mqm = "high"\n', "mtqa.toml: thresholds.min-mqm: must be a number"),
    ('[thresholds]\nmin-quality = nan\n', "mtqa.toml: thresholds.min-quality: must be a number"),
    ('[thresholds]\nquality-floor = 50\nmax-below-floor = 2\n', "thresholds.max-below-floor: is a share"),
    ('[thresholds]\nquality-floor = 50\n', "quality-floor and max-below-floor go together"),
    ('[thresholds]\nmax-quality = 50\n', "mtqa.toml: thresholds.max-quality: unknown threshold"),
    ('[rules.Q999]\nstyle = "uk"\n', "mtqa.toml: rules.Q999: unknown rule"),
    ('[rules]\nU101 = "uk"\n', "mtqa.toml: rules.U101: must be a table of options"),
    ('select = [\n', "mtqa.toml: invalid TOML"),
])
def test_bad_config_is_exit_2_naming_the_key(project, text, needle):
    (project / "mtqa.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings()
    res = check()
    assert res.exit_code == 2, res.output
    assert needle in res.stderr, res.stderr
    assert "Traceback" not in res.output and len(res.stderr.strip().splitlines()) == 1


def test_bad_key_in_pyproject_names_the_table(project):
    (project / "pyproject.toml").write_text('[tool.mtqa]\nselct = ["P"]\n', encoding="utf-8")
    res = check()
    assert res.exit_code == 2
    assert "pyproject.toml: tool.mtqa.selct: unknown key" in res.stderr


def test_explicit_config_path(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("elsewhere") / "ci.toml"
    other.write_text('select = ["T101"]\n', encoding="utf-8")
    res = check("--config", str(other), "-f", "json")
    assert codes(res) == {"T101"}
    res = check("--config", str(project / "missing.toml"))
    assert res.exit_code == 2 and "missing.toml: no such config file" in res.stderr


def test_verbose_names_the_config_and_quiet_is_silent(project):
    (project / "mtqa.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    res = check("-v", "-f", "json")
    assert f"using config {project / 'mtqa.toml'}" in res.stderr
    assert "18 segments, 6 findings" in res.stderr
    (project / "mtqa.toml").write_text('fail-on = "never"\n[thresholds]\nmin-mqm = 99.5\n', encoding="utf-8")
    assert "threshold min-mqm" in check("-f", "json").stderr
    assert check("-f", "json", "-q").stderr == ""


def test_glossary_path_is_relative_to_the_config_file(project, monkeypatch):
    (project / "mtqa.toml").write_text('glossary = "terms/glossary.tsv"\n', encoding="utf-8")
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    s = load_settings()
    assert os.path.abspath(s.glossary) == str(project / "terms" / "glossary.tsv")
