"""Shared fixtures: the real site built once into a temporary folder, parsed pages."""

from __future__ import annotations

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

pytest_plugins = "sphinx.testing.fixtures"

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"


def need_tool(name: str, package: str) -> str:
    """The path of a system tool; skip without it, but fail under CI=true."""
    path = shutil.which(name)
    if path is None:
        reason = f"{name} is not installed (apt-get install {package})"
        if IN_CI:
            pytest.fail(f"{reason}; CI must install it")
        pytest.skip(reason)
    return path


def build_site(
    builddir: Path, buildername: str = "html", srcdir: Path = ROOT, **kwargs
) -> SphinxTestApp:
    """Build a project (the real site unless *srcdir* says) into *builddir*."""
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=builddir,
        status=StringIO(),
        warning=StringIO(),
        **kwargs,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app


class Site:
    """The built HTML site: warnings and pages parsed with BeautifulSoup."""

    def __init__(self, app: SphinxTestApp) -> None:
        self.outdir = Path(app.outdir)
        self.warnings = app.warning.getvalue()
        self._pages: dict[str, BeautifulSoup] = {}

    def page(self, name: str) -> BeautifulSoup:
        if name not in self._pages:
            html = (self.outdir / f"{name}.html").read_text(encoding="utf-8")
            self._pages[name] = BeautifulSoup(html, "html.parser")
        return self._pages[name]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return Site(build_site(tmp_path_factory.mktemp("site")))


@pytest.fixture(scope="session")
def cv_source() -> str:
    """The owner's CV, as copied into the tests' data."""
    return (DATA / "cv-source.md").read_text(encoding="utf-8")
