"""The package's layers, read from its imports: no cycles, nothing imports upwards,
and only the MkDocs adapter imports mkdocs or markdown."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

# What each part of the package may import from the package (besides itself).
ALLOWED = {
    "data": {"data"},
    "site": {"data", "site"},
    "authoring": {"data", "authoring"},
    "adapter": {"data", "site", "adapter"},
    "cli": {"data", "site", "authoring"},
    "__main__": {"cli"},
    "__init__": set(),
}
ENGINE = {"mkdocs", "markdown", "material", "properdocs", "pymdownx", "jinja2"}


def module_name(package: Path, path: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(package: Path) -> dict[str, list[tuple[str, int]]]:
    """module -> every module it imports (at any depth of its code), with the line."""
    found: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(package.rglob("*.py")):
        name = module_name(package, path)
        is_package = path.name == "__init__.py"
        names = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names += [(alias.name, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: from the module's own package, up
                    base = name.split(".")
                    base = base[: len(base) - node.level + (1 if is_package else 0)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                names.append((target, node.lineno))
                # "from generator.site import urls" imports the module generator.site.urls
                names += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Worker"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):  # Worker("adapter.convert") runs generator.adapter.convert in a process
                names.append((f"{package.name}.{node.args[0].value}", node.lineno))
        found[name] = names
    return found


def graph(package: Path) -> dict[str, set[str]]:
    modules = imports(package)
    return {
        name: {target for target, _ in targets if target in modules and target != name}
        for name, targets in modules.items()
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def part(package: str, module: str) -> str:
    rest = module.removeprefix(package).strip(".")
    return rest.split(".")[0] if rest else "__init__"


def violations(package: Path) -> list[str]:
    """Imports that go up a layer, or reach for the site engine outside the adapter."""
    name = package.name
    problems = []
    for module, targets in imports(package).items():
        mine = part(name, module)
        for target, line in targets:
            top = target.split(".")[0]
            if top in ENGINE and mine != "adapter":
                problems.append(f"{module}:{line} imports {target}")
            elif top == name and target != name:
                theirs = part(name, target)
                if theirs != mine and theirs not in ALLOWED.get(mine, set()):
                    problems.append(f"{module}:{line} imports {target}")
    return problems


def test_the_package_has_no_import_cycles():
    assert cycles(graph(ROOT / "generator")) == []


def test_no_layer_imports_a_higher_one_and_only_the_adapter_imports_mkdocs():
    assert violations(ROOT / "generator") == []


def test_every_folder_and_module_says_what_it_is_for():
    for path in sorted((ROOT / "generator").rglob("*.py")):
        if path.name == "__main__.py":
            continue
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert docstring, f"{path.relative_to(ROOT)} has no docstring"


def test_the_checks_find_a_planted_cycle_and_an_upward_import(tmp_path):
    package = tmp_path / "generator"
    for folder in ("data", "site"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text('"""x."""\n')
    (package / "__init__.py").write_text('"""x."""\n')
    # A cycle through an import inside a function, as a lazy import would hide it.
    (package / "site" / "a.py").write_text("from generator.site import b\n")
    (package / "site" / "b.py").write_text("def f():\n    from . import a\n")
    # The data layer reaching up into the site (once through a worker process), and
    # markdown outside the adapter.
    (package / "data" / "c.py").write_text(
        'import markdown\nfrom generator.site.a import x\nWorker("site.b")\n'
    )
    assert cycles(graph(package)) == [["generator.site.a", "generator.site.b"]]
    assert violations(package) == [
        "generator.data.c:1 imports markdown",
        "generator.data.c:2 imports generator.site.a",
        "generator.data.c:2 imports generator.site.a.x",
        "generator.data.c:3 imports generator.site.b",
    ]
