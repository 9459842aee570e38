"""The code's layout: stage packages, no import cycles, small modules.

Imports are read with `ast` (never executed): top-level and function-level ones alike,
`import a.b`, `from a import b` (b a module or a name) and relative `from . import x`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "toolkit"
MAX_LOOSE_MODULES = 6
MAX_LINES = 450
# The stages, lowest first: a module imports only from its own stage or those below it.
# The package root holds the shared foundations (errors, formats, colours, product names).
STAGES = ("", "config", "layout", "render", "products", "publish", "run")


def module_names(package: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package (packages by __init__)."""
    names = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of `known` that the module `name` imports, anywhere in its code."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def add(target: str) -> None:
        while target and target not in known:  # `import toolkit.x.y` where y is a name
            target = target.rpartition(".")[0]
        if target:
            found.add(target)

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = name.split(".")
                parts = parts[:len(parts) - node.level + (1 if is_package else 0)]
                base = ".".join(parts + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                add(full if full in known else base)
    found.discard(name)
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    names = module_names(package)
    return {name: imports_of(name, path, set(names)) for name, path in names.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other, directly or round about (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and (PACKAGE / parts[1]).is_dir() else ""


def test_the_cycle_finder_sees_function_level_and_relative_imports(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "b.py").write_text("def f():\n    from . import c\n")
    (package / "sub" / "c.py").write_text("def g():\n    from .. import a\n")
    (package / "d.py").write_text("import pkg.a\n")
    graph = import_graph(package)
    assert graph["pkg.sub.b"] == {"pkg.sub.c"} and graph["pkg.d"] == {"pkg.a"}
    assert cycles(graph) == [["pkg.a", "pkg.sub.b", "pkg.sub.c"]]


def test_no_import_cycles():
    assert cycles(import_graph(PACKAGE)) == []


def test_a_stage_imports_only_stages_below_it():
    wrong = [f"{module} ({stage(module) or 'root'}) imports {target} ({stage(target)})"
             for module, targets in import_graph(PACKAGE).items() for target in targets
             if STAGES.index(stage(target)) > STAGES.index(stage(module))]
    assert wrong == []


def test_few_loose_modules():
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert len(loose) <= MAX_LOOSE_MODULES, loose


def test_no_module_is_too_long():
    long = {str(path.relative_to(ROOT)): lines for path in PACKAGE.rglob("*.py")
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_every_package_is_a_stage():
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert packages == sorted(STAGES[1:])


def test_the_readme_layout_matches_the_tree():
    """Every loose module and package of toolkit/ (two spaces in), and every module of each
    package (four spaces in, several to a line allowed), and nothing else."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout of the code", 1)[1].split("```")[1]
    listed: dict[str, set[str]] = {}
    package = ""
    for line in section.splitlines():
        if match := re.match(r"^  (\w+(?:\.py|/))", line):
            listed[match[1]] = set()
            package = match[1]
        elif match := re.match(r"^    ((?:\w+\.py,? ?)+)", line):
            listed[package] |= set(re.findall(r"\w+\.py", match[1]))
    tree = {p.name: set() for p in PACKAGE.glob("*.py") if p.name != "__init__.py"}
    tree |= {f"{p.name}/": {m.name for m in p.glob("*.py") if m.name != "__init__.py"}
             for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert listed == tree
