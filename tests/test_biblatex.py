"""Bib files in biblatex's data model, as Zotero, JabRef and biblatex users
export them (test-biblatex): its entry types and fields build and show as
their BibTeX kin do, and each paper's record keeps them as written."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import build_site

#: Each entry's text in the lists, in the lists' order.
SHOWN = {
    "a1": "Ada Lovelace. Notes. Scientific Memoirs, 1843.",  # journaltitle, date
    "a6": "Ada Lovelace. Proceedings of Engines. Springer, 1850.",  # @proceedings
    "a2": "Ada Lovelace. On Engines. University of London, 1844.",  # @thesis
    "a3": "Ada Lovelace. Early Notes. University of London, 1840.",  # type = mathesis
    "a4": "Ada Lovelace. A Report. Royal Society, 1845.",  # @report
    "a5": "Ada Lovelace. A Web Page. example.org, 2020.",  # @online, its site's host
    "a7": "Ada Lovelace. Engine Manual. Babbage & Co., 1851.",  # @manual
}


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    app = build_site(
        tmp_path_factory.mktemp("biblatex"), srcdir=rootdir / "test-biblatex"
    )
    assert app.warning.getvalue() == ""
    return app


def test_biblatex_entries_show_as_their_bibtex_kin(site):
    page = BeautifulSoup((site.outdir / "index.html").read_text("utf-8"), "html.parser")
    shown = {
        li["id"]: " ".join(li.select_one(".cv-body > p").get_text().split())
        for li in page.select("li.cv-reference")
    }
    assert list(shown) == list(SHOWN)
    for key, text in SHOWN.items():
        assert shown[key].startswith(text), key
    published = [li["id"] for li in page.select("ol.cv-bibliography")[0].select("li")]
    assert published == ["a1", "a6"]


def test_the_record_keeps_the_entry_as_written(site):
    paper = site.outdir / "papers" / "a2.html"
    record = BeautifulSoup(paper.read_text("utf-8"), "html.parser").select_one(
        ".cv-bibtex-record pre"
    )
    lines = record.get_text().splitlines()
    assert lines[0] == "@thesis{a2,"
    assert "  institution = {University of London}," in lines
    assert "  date = {1844}," in lines
    assert not any(line.lstrip().startswith(("year", "school")) for line in lines)


def test_types_reach_the_exports_as_their_kind(site):
    items = {
        i["id"]: i for i in json.loads((site.outdir / "refs.json").read_text("utf-8"))
    }
    assert items["a2"]["type"] == "thesis"
    assert items["a4"]["type"] == "report"
    assert items["a1"]["issued"] == {"date-parts": [[1843]]}


def test_make_check_finds_nothing_to_fix(rootdir, tmp_path):
    shutil.copytree(rootdir / "test-biblatex", tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_cv.check"],
        cwd=tmp_path / "project",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
