"""Run options (issue 15): config and flags merged once into a frozen object,
rule options declared by their detector and checked in one place (config
`[rules.CODE]`, `check --option`, `fix --option`), and the command layer
imported by cli.py alone."""

import ast
import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa.cli import app
from mtqa.config import Settings
from mtqa.detectors import REGISTRY
from mtqa.detectors.options import RuleOptionError, check_option, options_of
from mtqa.errors import MtqaError, UsageError
from mtqa.options import merge, parse_option_flags
from mtqa.pipeline import CheckConfig

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def project(tmp_path, seed_dir, monkeypatch):
    for name in ("fr.txt", "en-mt.txt"):
        (tmp_path / name).write_text((seed_dir / name).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def u101_suggestions(*extra):
    res = run("check", "fr.txt", "en-mt.txt", "--no-models", "--select", "U101", "-f", "jsonl", *extra)
    assert res.exit_code in (0, 1), res.output
    return [f["suggestion"] for line in res.stdout.splitlines() for f in json.loads(line).get("findings", [])]


# ---------------------------------------------------------------- the merge

SETTINGS = Settings(path="mtqa.toml", select=["P"], ignore=["T101"], fail_on="minor", formats=["sarif"],
                    report_dir="reports", glossary="terms.tsv", baseline="base.json", models=False,
                    severities={"P101": "major"}, thresholds={"min-mqm": 95.0},
                    rules={"U101": {"style": "uk", "form": "Mrs"}, "P103": {"fix": True}})


def test_config_fills_what_no_flag_gives():
    opts = merge(SETTINGS)
    assert (opts.select, opts.ignore, opts.fail_on, opts.formats) == (("P",), ("T101",), "minor", ("sarif",))
    assert (opts.report_dir, opts.glossary, opts.baseline, opts.models) == ("reports", "terms.tsv", "base.json", False)
    assert dict(opts.severities) == {"P101": "major"} and dict(opts.thresholds) == {"min-mqm": 95.0}
    assert {k: dict(v) for k, v in opts.rule_options.items()} == {"U101": {"style": "uk", "form": "Mrs"}, "P103": {}}
    assert opts.fix_opted == ("P103",)
    assert merge(Settings()).fail_on == "major" and merge(Settings()).models is True


def test_flags_win_over_the_config():
    opts = merge(SETTINGS, select=["U101,N"], ignore=["P103"], fail_on="never", formats=["json"],
                 report_dir="out", glossary="g.tsv", baseline="b.json",
                 options=["U101.style=us", "french-honorific.form=Ms", "P103.fix=false", "P101.fix=TRUE"])
    assert (opts.select, opts.ignore, opts.fail_on, opts.formats) == (("U101", "N"), ("P103",), "never", ("json",))
    assert (opts.report_dir, opts.glossary, opts.baseline) == ("out", "g.tsv", "b.json")
    assert dict(opts.rule_options["U101"]) == {"style": "us", "form": "Ms"}
    assert opts.fix_opted == ("P101",)
    # --no-models wins over `models = true`; neither flag nor file: models on
    assert merge(Settings(models=True), models=False).models is False


def test_options_and_the_check_config_are_frozen():
    opts = merge(SETTINGS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        opts.fail_on = "never"  # type: ignore[misc]
    with pytest.raises(TypeError):
        opts.rule_options["U101"]["style"] = "us"  # type: ignore[index]
    with pytest.raises(TypeError):
        opts.severities["P101"] = "minor"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        CheckConfig().scorers = ()  # type: ignore[misc]
    assert dict(SETTINGS.rules["U101"]) == {"style": "uk", "form": "Mrs"}  # the settings are not consumed


@pytest.mark.parametrize("command", ["check", "fix"])
def test_each_command_merges_once(project, monkeypatch, command):
    import importlib

    import mtqa.options

    module = importlib.import_module(f"mtqa.commands.{command}")
    calls = []

    def counting(*args, **kwargs):
        calls.append(kwargs)
        return mtqa.options.merge(*args, **kwargs)

    monkeypatch.setattr(module, "merge", counting)
    args = ["--no-models"] if command == "check" else ["--check", "-q"]
    res = run(command, "fr.txt", "en-mt.txt", *args, "--option", "U101.style=uk")
    assert res.exit_code == 1, res.output  # findings (check) / fixes pending (fix --check)
    assert len(calls) == 1 and calls[0]["options"] == ["U101.style=uk"]


# ---------------------------------------------------------------- declared options, one validator

def test_u101_declares_its_options_and_every_rule_takes_fix():
    assert sorted(options_of(REGISTRY["U101"])) == ["fix", "form", "style"]
    assert sorted(options_of(REGISTRY["P101"])) == ["fix"]
    assert check_option(REGISTRY["U101"], "style", " uk ", text=True) == "uk"
    assert check_option(REGISTRY["P103"], "fix", "True", text=True) is True
    with pytest.raises(RuleOptionError, match=r"unknown option for U101 \(known: fix, form, style\)"):
        check_option(REGISTRY["U101"], "colour", "red")
    with pytest.raises(RuleOptionError, match="U101 option style: must be one of us, uk, not 'fr'"):
        check_option(REGISTRY["U101"], "style", "fr")
    with pytest.raises(RuleOptionError, match="P103 option fix: must be true or false"):
        check_option(REGISTRY["P103"], "fix", "yes")
    # G101's glossary is set by --glossary / `glossary =`, not typed as an option
    with pytest.raises(RuleOptionError, match="unknown option for G101"):
        check_option(REGISTRY["G101"], "glossary", "terms.tsv")
    assert issubclass(RuleOptionError, MtqaError)


def test_option_flag_errors_name_the_value():
    with pytest.raises(UsageError, match=r"--option 'U101\.colour=red': unknown option for U101"):
        parse_option_flags(["U101.colour=red"])
    with pytest.raises(UsageError, match=r"--option 'U101=uk': expected CODE\.key=value"):
        parse_option_flags(["U101=uk"])


@pytest.mark.parametrize("text,needle", [
    ('[rules.U101]\ncolour = "red"\n', "mtqa.toml: rules.U101.colour: unknown option for U101 (known: fix, form, style)"),
    ('[rules.french-honorific]\nstyle = "fr"\n', "mtqa.toml: rules.french-honorific.style: must be one of us, uk, not 'fr'"),
    ('[rules.U101]\nform = 3\n', "mtqa.toml: rules.U101.form: must be a str, not 3"),
    ('[rules.P103]\nfix = "yes"\n', "mtqa.toml: rules.P103.fix: must be true or false, not 'yes'"),
    ('[rules.G101]\nglossary = "terms.tsv"\n', "mtqa.toml: rules.G101.glossary: unknown option for G101 (known: fix)"),
])
@pytest.mark.parametrize("command", ["check", "fix"])
def test_bad_rule_option_in_config_is_one_line_exit_2(project, text, needle, command):
    (project / "mtqa.toml").write_text(text, encoding="utf-8")
    res = run(command, "fr.txt", "en-mt.txt", *(["--no-models"] if command == "check" else []))
    assert res.exit_code == 2, res.output
    assert res.stderr == f"mtqa: error: {project / needle}\n"


@pytest.mark.parametrize("value,needle", [
    ("U101.colour=red", "--option 'U101.colour=red': unknown option for U101 (known: fix, form, style)"),
    ("U101.style=fr", "--option 'U101.style=fr': U101 option style: must be one of us, uk, not 'fr'"),
    ("Q999.x=1", "--option 'Q999.x=1': 'Q999' is no rule"),
])
def test_bad_check_option_is_one_line_exit_2(project, value, needle):
    res = run("check", "fr.txt", "en-mt.txt", "--no-models", "--option", value)
    assert res.exit_code == 2, res.output
    assert needle in res.stderr and len(res.stderr.splitlines()) == 1 and "Traceback" not in res.output


# ---------------------------------------------------------------- check --option, fix --option

def test_check_option_does_what_the_config_table_does(project):
    default = u101_suggestions()
    flag = u101_suggestions("--option", "U101.style=uk")
    (project / "mtqa.toml").write_text('[rules.U101]\nstyle = "uk"\n', encoding="utf-8")
    assert u101_suggestions() == flag == ["Ms", "Ms"]
    assert default == ["Ms.", "Ms."]


def test_check_option_wins_over_the_config(project):
    (project / "mtqa.toml").write_text('[rules.U101]\nstyle = "uk"\nform = "Mrs"\n', encoding="utf-8")
    assert u101_suggestions() == ["Mrs", "Mrs"]
    assert u101_suggestions("--option", "U101.form=Ms.") == ["Ms.", "Ms."]
    # key by key: the file's form stays when only the style is given
    assert u101_suggestions("--option", "french-honorific.style=us") == ["Mrs", "Mrs"]


def test_fix_option_wins_over_the_config(project):
    (project / "mtqa.toml").write_text('[rules.U101]\nform = "Mrs"\n', encoding="utf-8")
    res = run("fix", "fr.txt", "en-mt.txt", "-q")
    assert res.exit_code == 0 and res.stdout.count("Mrs Joly") == 2
    res = run("fix", "fr.txt", "en-mt.txt", "-q", "--option", "U101.form=Ms")
    assert res.exit_code == 0 and res.stdout.count("Ms Joly") == 2 and "Mrs Joly" not in res.stdout


def test_fix_option_opts_a_rule_in_as_the_config_does(project):
    plain = run("fix", "fr.txt", "en-mt.txt", "-q").stdout
    flagged = run("fix", "fr.txt", "en-mt.txt", "-q", "--option", "P103.fix=true").stdout
    (project / "mtqa.toml").write_text('[rules.P103]\nfix = true\n', encoding="utf-8")
    assert run("fix", "fr.txt", "en-mt.txt", "-q").stdout == flagged != plain
    # and the flag turns the file's opt-in off again
    assert run("fix", "fr.txt", "en-mt.txt", "-q", "--option", "P103.fix=false").stdout == plain


def test_help_and_rules_list_the_options():
    res = run("check", "--help")
    assert res.exit_code == 0 and "--option" in res.stdout
    rows = {r["code"]: r for r in json.loads(run("rules", "--format", "json").stdout)}
    assert [o["name"] for o in rows["U101"]["options"]] == ["style", "form"]
    assert rows["U101"]["options"][0]["choices"] == ["us", "uk"] and rows["U101"]["options"][0]["doc"]
    assert rows["P101"]["options"] == []


# ---------------------------------------------------------------- layering

def _imports(path: Path) -> list[str]:
    """The absolute names of the modules `path` imports from (relative ones resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(x for x in (base, node.module or "") if x)
            out += [module] + [f"{module}.{a.name}" for a in node.names]
    return out


def test_only_the_cli_imports_the_command_layer():
    offenders = {}
    for path in sorted((ROOT / "mtqa").rglob("*.py")):
        rel = path.relative_to(ROOT / "mtqa").as_posix()
        if rel == "cli.py" or rel.startswith("commands/"):
            continue
        bad = [m for m in _imports(path) if m == "mtqa.commands" or m.startswith("mtqa.commands.")]
        if bad:
            offenders[rel] = bad
    assert offenders == {}
    assert "mtqa.commands.check" in _imports(ROOT / "mtqa" / "cli.py")  # the check resolves relative imports
