"""The same sources and SOURCE_DATE_EPOCH build the same bytes, HTML and PDF."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess

import pytest

from conftest import TEX_PACKAGES, build_site, need_tool

EPOCH = "1700000000"
pytestmark = pytest.mark.slow


def files_below(path):
    return sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file())


def set_epoch(monkeypatch, epoch):
    """Date the build by *epoch*, or leave it undated as without git history."""
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)


@pytest.mark.parametrize("epoch", [EPOCH, None])
def test_two_html_builds_are_byte_identical(tmp_path, monkeypatch, epoch):
    set_epoch(monkeypatch, epoch)
    first = build_site(tmp_path / "first").outdir
    second = build_site(tmp_path / "second").outdir
    files = files_below(first)
    assert files == files_below(second)
    assert len(files) > 20
    _, mismatch, errors = filecmp.cmpfiles(first, second, files, shallow=False)
    assert mismatch == errors == []


def build_pdf(builddir, route: str):
    """The CV's PDF by *route*: Typst (make pdf) or pdfLaTeX (make pdf-latex)."""
    outdir = build_site(builddir, route).outdir
    if route == "latex":
        need_tool("latexmk", TEX_PACKAGES)
        subprocess.run(
            ["make", "-C", str(outdir), "all-pdf"],
            check=True,
            capture_output=True,
            env=os.environ,
        )
    return outdir / "lei-wu-cv.pdf"


@pytest.mark.pdf
@pytest.mark.parametrize("route", ["cvpdf", "latex"])
@pytest.mark.parametrize("epoch", [EPOCH, None])
def test_two_pdf_builds_are_byte_identical(tmp_path, monkeypatch, epoch, route):
    set_epoch(monkeypatch, epoch)
    first, second = (build_pdf(tmp_path / name, route) for name in ("a", "b"))
    assert first.read_bytes() == second.read_bytes()
    info = subprocess.run(
        ["pdfinfo", str(first)], check=True, capture_output=True, text=True
    ).stdout
    # Dated by SOURCE_DATE_EPOCH, or not at all: never by the clock of the build.
    assert ("CreationDate:" in info) == (epoch is not None)
    if epoch is not None:
        created = re.search(r"^CreationDate:\s*(.+)$", info, re.M).group(1)
        assert "2023" in created  # 1700000000 is 14 November 2023
