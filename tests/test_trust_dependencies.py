"""Issue 14: runtime dependencies are the ones mtqa imports; test-only ones sit in `dev`."""

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# distribution name -> the module it provides, where they differ
MODULE = {"pyyaml": "yaml", "lingua-language-detector": "lingua", "pyspellchecker": "spellchecker"}


def imported_modules(folder):
    mods = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                mods.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                mods.add(node.module.split(".")[0])
    return mods


def names(reqs):
    return [re.split(r"[<>=!\[; ]", r, maxsplit=1)[0].lower() for r in reqs]


def test_every_runtime_dependency_is_imported_by_mtqa():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    used = imported_modules(ROOT / "mtqa")
    unused = [d for d in names(project["dependencies"]) if MODULE.get(d, d).replace("-", "_") not in used]
    assert unused == []
    assert "pyyaml" in names(project["optional-dependencies"]["dev"])
    for gone in ("regex", "defusedxml", "pyyaml"):
        assert gone not in names(project["dependencies"])
