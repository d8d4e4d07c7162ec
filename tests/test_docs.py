"""The package's reference (docs/): it builds clean, it covers the whole interface,
and every example in it builds in a project of sphinx-cv new."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest

from sphinx_cv.cli import TEMPLATE, render
from sphinx_cv.config import SETTINGS

from conftest import ROOT, build_site
from test_quickstart import new_project

DOCS = ROOT / "docs"
#: A cv-example block: its fence, its :conf: line, and the Markdown it shows.
EXAMPLE = re.compile(
    r"^(?P<fence>`{3,})\{cv-example\}\n"
    r"(?::conf: (?P<conf>[^\n]*)\n)?(?P<body>.*?)^(?P=fence)$",
    re.MULTILINE | re.DOTALL,
)


def examples() -> list[tuple[str, str, str]]:
    """(page, conf line, Markdown) of every example in the reference."""
    return [
        (page.name, match["conf"] or "", match["body"])
        for page in sorted(DOCS.glob("*.md"))
        for match in EXAMPLE.finditer(page.read_text(encoding="utf-8"))
    ]


def test_docs_build_without_a_warning(tmp_path):
    app = build_site(tmp_path, srcdir=DOCS)
    assert app.warning.getvalue() == ""
    settings = (Path(app.outdir) / "settings.html").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f'id="confval-{setting.name}"' in settings, setting.name


def test_the_reference_covers_every_part_of_the_interface():
    text = {page.name: page.read_text(encoding="utf-8") for page in DOCS.glob("*.md")}
    sources = "".join(p.read_text("utf-8") for p in (ROOT / "sphinx_cv").rglob("*.py"))
    names = set(re.findall(r'add_(?:directive|role)\("(cv-[\w-]+)"', sources))
    assert len(names) >= 7
    headed = set(
        re.findall(r"^## `([\w-]+)`", text["directives.md"] + text["roles.md"], re.M)
    )
    assert names <= headed, names - headed
    conf_examples = {conf.split(" =")[0] for _, conf, _ in examples() if conf}
    assert {setting.name for setting in SETTINGS} <= conf_examples
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    plugins = {
        name
        for group, points in pyproject["project"]["entry-points"].items()
        if "style" in group
        for name in points
    }
    assert plugins <= set(re.findall(r"^\| `([\w-]+)` \|", text["styles.md"], re.M))
    makefile = (TEMPLATE / "Makefile").read_text("utf-8")
    targets = set(re.findall(r"^([\w-]+):(?!=)", makefile, re.M)) - {"$"}
    assert targets <= set(re.findall(r"^\| `make ([\w-]+)` \|", text["make.md"], re.M))


def test_the_docs_bib_file_is_the_one_new_projects_get():
    expected = render((TEMPLATE / "refs.bib").read_text("utf-8"), "Ada Lovelace")
    assert (DOCS / "refs.bib").read_text("utf-8") == expected


def test_every_page_example_builds_in_a_new_project(tmp_path):
    """All examples without a conf line in one project: each a page of its own,
    but the lists together in place of the Publications page (a CV shows each
    entry in one list)."""
    project = tmp_path / "cv"
    new_project(project)
    shown = [(page, body) for page, conf, body in examples() if not conf and body]
    lists = [body for _, body in shown if "{cv-bibliography}" in body]
    assert len(shown) >= 8
    assert len(lists) == 2
    (project / "sections" / "publications.md").write_text(
        "# Publications\n\n" + "\n".join(lists), encoding="utf-8"
    )
    pages = [(page, body) for page, body in shown if body not in lists]
    for number, (page, body) in enumerate(pages):
        (project / f"example{number}.md").write_text(
            f"---\norphan: true\n---\n# Example {number} of {page}\n\n{body}",
            encoding="utf-8",
        )
    app = build_site(tmp_path / "out", srcdir=project)
    assert app.warning.getvalue() == ""
    for number in range(len(pages)):
        assert (Path(app.outdir) / f"example{number}.html").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("page", "conf", "body"),
    [example for example in examples() if example[1]],
    ids=lambda value: value.split(" =")[0] if " =" in value else "",
)
def test_every_setting_example_builds_in_a_new_project(tmp_path, page, conf, body):
    project = new_project(tmp_path / "cv")
    with (project / "conf.py").open("a", encoding="utf-8") as conf_py:
        conf_py.write(f"\n{conf}\n")
    settings: dict = {}
    exec(conf, {}, settings)  # a translation's folder holds its pages
    for translation in settings.get("cv_translations", {}).values():
        shutil.copytree(
            project, tmp_path / "pages", ignore=shutil.ignore_patterns("_*")
        )
        (tmp_path / "pages").rename(project / translation["folder"])
    if body:
        (project / "example.md").write_text(
            f"---\norphan: true\n---\n# Example\n\n{body}", encoding="utf-8"
        )
    app = build_site(tmp_path / "out", srcdir=project)
    assert app.warning.getvalue() == ""
