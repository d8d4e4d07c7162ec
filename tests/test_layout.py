"""The package's layout, read from its imports: no circle, no module that imports
the package root, bib/ free of Sphinx, and the document parts free of site/ and pdf/."""

from __future__ import annotations

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "sphinx_cv"


def package_modules() -> list[Path]:
    """The package's modules (the template of a new project is none)."""
    return [p for p in PACKAGE.rglob("*.py") if "templates" not in p.parts]


#: The parts that describe a page for every builder (site/ and pdf/ build on them).
DOCUMENT_PARTS = {"entries", "publications", "citations", "nodes", "bibdata", "checks"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module *path* imports, at the top or in a function (absolute names)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: a relative import"
            found.add(node.module)
            # ``from sphinx_cv import x`` may name a module: count it as one.
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in package_modules()}
    return {
        name: {imported for imported in imports_of(path) if imported in modules}
        - {name}
        for name, path in modules.items()
    }


def test_no_import_circle():
    try:
        tuple(TopologicalSorter(graph()).static_order())
    except CycleError as error:
        raise AssertionError(f"import circle: {' -> '.join(error.args[1])}") from None


def test_no_module_imports_the_package_root():
    for path in package_modules():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "sphinx_cv":
                names = [alias.name for alias in node.names]
                modules = [n for n in names if (PACKAGE / f"{n}.py").exists()]
                assert names == modules, f"{path} imports {names} from the root"


def test_bib_imports_no_sphinx_and_the_document_parts_no_site_or_pdf():
    for path in (PACKAGE / "bib").rglob("*.py"):
        sphinx = {
            m for m in imports_of(path) if m.split(".")[0] in {"sphinx", "docutils"}
        }
        assert not sphinx, f"{path} imports {sphinx}"
        inside = {m for m in imports_of(path) if m.startswith("sphinx_cv.")}
        outside = {
            m for m in inside if not m.startswith(("sphinx_cv.bib", "sphinx_cv.config"))
        }
        assert not outside, f"{path} imports {outside}"
    for name in DOCUMENT_PARTS:
        imported = imports_of(PACKAGE / f"{name}.py")
        later = {
            m for m in imported if m.startswith(("sphinx_cv.site", "sphinx_cv.pdf"))
        }
        assert not later, f"{name}.py imports {later}"


def test_bib_make_check_and_the_command_work_with_sphinx_unimportable():
    modules = sorted(module_name(p) for p in (PACKAGE / "bib").glob("*.py"))
    modules += ["sphinx_cv.check", "sphinx_cv.cli"]
    code = "import sys; sys.modules['sphinx'] = sys.modules['docutils'] = None\n"
    code += "".join(f"import {name}\n" for name in modules)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
