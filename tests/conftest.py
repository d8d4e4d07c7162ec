"""Shared fixtures: the real site built once into a temporary folder, parsed pages."""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import unicodedata
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file
from sphinx.testing.util import SphinxTestApp

pytest_plugins = "sphinx.testing.fixtures"

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
IN_CI = os.environ.get("CI") == "true"


def toctree_pages(index: Path) -> list[str]:
    """The pages that the home page's toctree lists, in its order."""
    block = re.search(r"```\{toctree\}\n(.*?)```", index.read_text("utf-8"), re.S)
    return [
        line.strip()
        for line in block.group(1).splitlines()
        if line.strip() and not line.startswith(":")
    ]


#: Every page of the CV: the home page and the sections its toctree lists.
PAGES = ["index", *toctree_pages(ROOT / "index.md")]


def papers_cited_by_the_pages() -> dict[str, list[str]]:
    """Each key that a page of the CV cites, with those pages, in bib order."""
    from sphinx_cv.check import cited_keys

    citing: dict[str, list[str]] = {}
    for page in PAGES:
        text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        for key in dict.fromkeys(key for _, key in cited_keys(text)):
            citing.setdefault(key, []).append(page)
    order = list(parse_file(ROOT / "refs.bib").entries)
    return {key: citing[key] for key in order if key in citing}


#: A paper that the tests follow around the site: the first in refs.bib that a
#: page cites (so that the owner's edits leave the tests something to follow).
PAPER = next(iter(papers_cited_by_the_pages()))
#: The papers whose titles have math (their pages carry MathML).
MATH_PAPERS = [
    key
    for key, entry in parse_file(ROOT / "refs.bib").entries.items()
    if "$" in entry.fields.get("title", "")
]
CHROMIUM_ARGS = [
    line
    for line in (ROOT / "tools" / "chromium-flags.txt").read_text("utf-8").splitlines()
    if line.startswith("--")
]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skip is a failure: CI has every tool, so nothing may skip."""
    report = yield
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true: {report.longrepr}"
    return report


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


#: The font packages of tools/system-packages.txt (the line of fonts-noto).
FONT_PACKAGES = next(
    line
    for line in (ROOT / "tools" / "system-packages.txt").read_text("utf-8").splitlines()
    if line.startswith("fonts-noto")
)


def need_script_fonts() -> None:
    """Skip without the Noto fonts for every script; fail without them under CI=true."""
    from sphinx_cv.config import DEFAULTS
    from sphinx_cv.pdf.fonts import PDFFonts

    found = PDFFonts.find(DEFAULTS["cv_pdf_font_paths"], ROOT, "zh").families
    if {"Noto Serif CJK SC", "Noto Naskh Arabic"} - set(found):
        reason = f"the Noto fonts are not installed (apt-get install {FONT_PACKAGES})"
        if IN_CI:
            pytest.fail(f"{reason}; CI must install them")
        pytest.skip(reason)


#: The TeX packages of tools/system-packages.txt (the line that starts with latexmk).
TEX_PACKAGES = next(
    line
    for line in (ROOT / "tools" / "system-packages.txt").read_text("utf-8").splitlines()
    if line.startswith("latexmk")
)


def pdf_text(pdf: Path) -> str:
    """The PDF's text by pdftotext, in Unicode's compatibility form (ligatures and
    math italic letters as the letters they are)."""
    need_tool("pdftotext", "poppler-utils")
    out = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return unicodedata.normalize("NFKC", out)


def sphinx_cv_build(
    target: str, project: Path, builddir: Path, **env: str
) -> subprocess.CompletedProcess:
    """The owner's ``make pdf`` or ``make html`` command (``sphinx-cv build``, as
    the Makefile runs it) on *project*, with *env* added to the environment."""
    return subprocess.run(
        [
            *(sys.executable, "-m", "sphinx_cv.cli", "build", target),
            *(str(project), str(builddir), "-n", "-W", "--keep-going", "-q"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )


def pdfua_report(pdf: Path) -> dict:
    """The PDF/UA-1 checker's findings on *pdf* (the pdfua package's JSON)."""
    import json

    result = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", "--format", "json", str(pdf)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["pdfua_version"] == "PDF/UA-1"
    return report


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


def visible_text(element) -> str:
    """What a reader sees of an element, whitespace folded, helper text dropped."""
    element = element.__copy__()
    for hidden in element.select(".visually-hidden, .cv-tools, .headerlink"):
        hidden.decompose()
    return " ".join(element.get_text("").replace("’", "'").split())


class Site:
    """The built HTML site: warnings, pages parsed with BeautifulSoup, and the
    configuration and environment it was built from."""

    def __init__(self, app: SphinxTestApp) -> None:
        self.outdir = Path(app.outdir)
        self.warnings = app.warning.getvalue()
        self.config = app.config
        self.env = app.env
        self._pages: dict[str, BeautifulSoup] = {}

    def page(self, name: str) -> BeautifulSoup:
        if name not in self._pages:
            html = (self.outdir / f"{name}.html").read_text(encoding="utf-8")
            self._pages[name] = BeautifulSoup(html, "html.parser")
        return self._pages[name]


def checkout(target: Path) -> Path:
    """Copy into *target* the files a clean clone has (tracked, and new files
    git does not ignore)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
        text=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


#: The venv that runs the tests, which ``make`` in a copy of the project uses as
#: it is (``-o``: its newer files would have make reinstall it into the copy).
VENV = Path(sys.executable).parent.parent
MAKE = [
    "make",
    "--no-print-directory",
    f"VENV={VENV}",
    "-o",
    f"{VENV}/.installed",
    "-o",
    f"{VENV}/.installed-test",
]


def make_environment(**env: str) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **env}


def make(project: Path, *targets: str, **env: str) -> subprocess.CompletedProcess:
    """Run the owner's ``make`` *targets* in *project*, as the owner does."""
    return subprocess.run(
        [*MAKE, *targets],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env=make_environment(**env),
    )


def start_make(project: Path, *targets: str) -> subprocess.Popen:
    """:func:`make`, started: it runs beside what the test does next."""
    return subprocess.Popen(
        [*MAKE, *targets],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=make_environment(),
    )


def wait_for_port(port: int, seconds: float = 30) -> None:
    """Return once 127.0.0.1:port accepts connections (uvicorn starts quietly)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)  # poll again: nothing announces that the port is open


@pytest.fixture
def live_preview(tmp_path):
    """make live in a copy of the project, on a free port: (copy, address)."""
    project = checkout(tmp_path / "project")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [*MAKE, "-s", "live", f"LIVE_PORT={port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        for line in process.stdout:  # the first build is done when it says this
            if f"Serving on http://127.0.0.1:{port}" in line:
                break
        else:
            pytest.fail("make live stopped without serving")
        wait_for_port(port)
        yield project, f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def bib_by_key():
    """refs.bib's entries by key."""
    return parse_file(ROOT / "refs.bib").entries


@pytest.fixture(scope="session")
def bib_in_order(bib_by_key):
    """refs.bib's entries, in the file's order."""
    return list(bib_by_key.values())


@pytest.fixture(scope="session")
def entries(site):
    """The Publications page's entries, by key."""
    page = site.page("sections/publications")
    return {li["id"]: li for li in page.select("ol.cv-bibliography > li")}


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return Site(build_site(tmp_path_factory.mktemp("site")))


PREFIX = "/en/latest/"  # where Read the Docs serves the site; the 404 page links there


class SiteHandler(SimpleHTTPRequestHandler):
    """Serve the built site below PREFIX, quietly; anything else is a 404."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return super().translate_path("/404-no-such-file")
        return super().translate_path("/" + path.removeprefix(PREFIX))

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory, "404.html")
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, *args) -> None:
        pass


def serve(directory: Path):
    """Serve *directory* on 127.0.0.1 under Read the Docs' path prefix."""
    handler = functools.partial(SiteHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_url(site):
    """The built site, served."""
    yield from serve(site.outdir)


@pytest.fixture(scope="session")
def unlightened_url(tmp_path_factory):
    """The site built with cv_lighten_pages off (the theme's files whole, each
    linked as Sphinx links it), served."""
    app = build_site(
        tmp_path_factory.mktemp("unlightened"),
        confoverrides={"cv_lighten_pages": False},
    )
    yield from serve(app.outdir)


@pytest.fixture(scope="session")
def math_url(rootdir, tmp_path_factory):
    """A small project whose page has math, built and served."""
    app = build_site(tmp_path_factory.mktemp("math"), srcdir=rootdir / "test-math")
    assert app.warning.getvalue() == ""
    yield from serve(app.outdir)


def is_policy_violation(message) -> bool:
    return "Content Security Policy" in message.text


@pytest.fixture
def page(page):
    """pytest-playwright's page, made to refuse, and record, every request to
    another host, and to record every breach of the pages' Content-Security-Policy.
    No test may cause one: the theme, search, filter and copy buttons work under it."""
    page.foreign_requests = []
    page.policy_violations = []
    page.on(
        "console",
        lambda m: is_policy_violation(m) and page.policy_violations.append(m.text),
    )

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith("data:") or host == "127.0.0.1":
            route.continue_()
        else:
            page.foreign_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield page
    assert page.policy_violations == []


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's browser is Debian's Chromium, headless."""
    executable = need_tool("chromium", "chromium")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1200, "height": 900}}
