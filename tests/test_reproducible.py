"""The same sources and SOURCE_DATE_EPOCH build the same bytes, HTML and PDF."""

from __future__ import annotations

import filecmp
import os
import subprocess

from test_pdf import TEX_PACKAGES

from conftest import build_site, need_tool

EPOCH = "1700000000"


def files_below(path):
    return sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file())


def test_two_html_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = build_site(tmp_path / "first").outdir
    second = build_site(tmp_path / "second").outdir
    files = files_below(first)
    assert files == files_below(second)
    assert len(files) > 20
    _, mismatch, errors = filecmp.cmpfiles(first, second, files, shallow=False)
    assert mismatch == errors == []


def test_two_pdf_builds_are_byte_identical(tmp_path, monkeypatch):
    need_tool("latexmk", TEX_PACKAGES)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    pdfs = []
    for name in ("first", "second"):
        outdir = build_site(tmp_path / name, "latex").outdir
        subprocess.run(
            ["make", "-C", str(outdir), "all-pdf"],
            check=True,
            capture_output=True,
            env=os.environ,
        )
        pdfs.append((outdir / "lei-wu-cv.pdf").read_bytes())
    assert pdfs[0] == pdfs[1]
