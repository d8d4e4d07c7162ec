"""Benchmark the site against a bare furo site of the same pages: `make bench`.

Prints a Markdown table of the fastest of --runs runs (at least 5) with their
ratio to the bare site, measured in the same run on the same machine. The
fastest, not the median: on a shared machine other work only ever adds time,
and the medians of two builds taken in turn moved by a third between runs.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sphinx_cv.bib.model import LIST_FILTERS

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    line
    for line in (ROOT / "tools" / "chromium-flags.txt").read_text("utf-8").splitlines()
    if line.startswith("--")
]

VENV = Path(sys.executable).parent.parent  # make bench runs this with .venv's Python
# make in a copy must use this venv as it is: its newer pyproject.toml would
# otherwise point the venv's editable install at the copy.
NO_INSTALL = ["-o", f"{VENV}/.installed", "-o", f"{VENV}/.installed-test"]
PAGES = sorted(
    p.relative_to(ROOT) for p in [ROOT / "index.md", *ROOT.glob("sections/*.md")]
)
BARE_CONF = """\
project = "Lei Wu"
extensions = ["myst_parser", "sphinxcontrib.bibtex"]
html_theme = "furo"
bibtex_bibfiles = ["refs.bib"]
"""


def bare_markdown(text: str) -> str:
    """A page as stock furo can build it: our directives become plain Markdown."""
    text = re.sub(
        r"^```\{cv-bibliography\} (\w+)$",
        lambda m: f"```{{bibliography}}\n:filter: {LIST_FILTERS[m.group(1)]}",
        text,
        flags=re.M,
    )
    text = re.sub(r"^:::\{cv-entry\} (.*)$", r"\1\n", text, flags=re.M)
    text = re.sub(r"^:::$", "", text, flags=re.M)
    text = re.sub(r"```\{cv-(?:contact|filter)\}\n```\n", "", text)
    text = re.sub(r"^:::\{only\} html\n\{cv-pdf\}`.*?`\n", "", text, flags=re.M)
    text = re.sub(r"```\{rubric\} Newest papers\n:heading-level: 2\n```\n", "", text)
    text = re.sub(r"```\{cv-newest\}\n```\n", "", text)
    return re.sub(r"\{cv-export\}`([^`]*)`", r"\1", text)


def make_bare(target: Path) -> Path:
    target.mkdir(parents=True)
    (target / "conf.py").write_text(BARE_CONF, encoding="utf-8")
    shutil.copy(ROOT / "refs.bib", target / "refs.bib")
    for page in PAGES:
        (target / page).parent.mkdir(parents=True, exist_ok=True)
        text = (ROOT / page).read_text(encoding="utf-8")
        (target / page).write_text(bare_markdown(text), encoding="utf-8")
    return target


def make_ours(target: Path) -> Path:
    """The site's sources, copied, so that edits leave the checkout alone."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in listed:
        if (ROOT / name).is_file() and not name.startswith(("tests/", "tools/")):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def sphinx(source: Path, out: Path, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", *args, str(source), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start, result.stdout


def touch_text(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def pages_in_log(stdout: str, stage: str) -> list[str]:
    """The pages Sphinx says it was reading or writing."""
    return re.findall(rf"{stage}\.\.\. \[\s*\d+%\] (\S+)", stdout)


def build_run(source: Path, out: Path) -> tuple[dict[str, float], list[str]]:
    """One run of the four builds; the pages read again after the refs.bib edit."""
    times = {"cold": sphinx(source, out)[0], "nochange": sphinx(source, out)[0]}
    touch_text(source / "sections" / "talks.md")
    times["page"] = sphinx(source, out)[0]
    with (source / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n% edited\n")
    times["bib"], stdout = sphinx(source, out)
    shutil.rmtree(out)
    return times, pages_in_log(stdout, "reading sources")


def builds(ours: Path, bare: Path, work: Path, runs: int) -> tuple[dict, dict, list]:
    """Build times of both sites, run after run in turn, so that a change in the
    machine's load falls on both alike."""
    mine: dict[str, list[float]] = {}
    stock: dict[str, list[float]] = {}
    for run in range(runs):
        times, pages_after_bib = build_run(ours, work / f"ours{run}")
        for key, seconds in times.items():
            mine.setdefault(key, []).append(seconds)
        for key, seconds in build_run(bare, work / f"bare{run}")[0].items():
            stock.setdefault(key, []).append(seconds)
    return mine, stock, pages_after_bib


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def page_weight(outdir: Path, pages: list[str]) -> dict[str, tuple[int, int, int]]:
    """(requests, raw bytes, gzipped bytes) of each page as Chromium loads it."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(outdir))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    weights = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
            )
            for name in pages:
                page = browser.new_page()
                responses = []
                page.on("response", lambda r, seen=responses: seen.append(r))
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/{name}.html")
                page.wait_for_load_state("networkidle")
                bodies = [r.body() for r in responses if r.status == 200]
                weights[name] = (
                    len(responses),
                    sum(map(len, bodies)),
                    sum(len(gzip.compress(b, 6)) for b in bodies),
                )
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return weights


LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"


def lighthouse_performance(outdir: Path, pages: list[str], runs: int) -> dict:
    """Lighthouse's performance score of each page, served from *outdir*: the
    median of *runs* (it is a timing: one run varies with the machine's load)."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(outdir))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    flags = f"--chrome-flags=--headless=new {' '.join(CHROMIUM_ARGS)}"
    scores = {}
    try:
        for name in pages:
            url = f"http://127.0.0.1:{server.server_address[1]}/{name}.html"
            found = []
            for _ in range(runs):
                report = subprocess.run(
                    [
                        str(LIGHTHOUSE),
                        url,
                        "--quiet",
                        "--output=json",
                        flags,
                        "--only-categories=performance",
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                    env={**os.environ, "CHROME_PATH": shutil.which("chromium")},
                )
                found.append(json.loads(report.stdout)["categories"]["performance"])
            scores[name] = statistics.median(s["score"] for s in found) * 100
    finally:
        server.shutdown()
    return scores


def pdf_times(ours: Path, work: Path, runs: int) -> tuple[list, list]:
    """Cold `make pdf` (Typst) and `make pdf-latex` (pdfLaTeX), in pairs."""
    times: dict[str, list[float]] = {"pdf": [], "pdf-latex": []}
    for run in range(runs):
        for target, found in times.items():
            start = time.perf_counter()
            builddir = work / f"{target}{run}"
            subprocess.run(
                [
                    "make",
                    "-s",
                    *NO_INSTALL,
                    target,
                    f"BUILDDIR={builddir}",
                    f"VENV={VENV}",
                ],
                cwd=ours,
                capture_output=True,
                check=True,
            )
            found.append(time.perf_counter() - start)
    return times["pdf"], times["pdf-latex"]


def same_pages_times(ours: Path, bare: Path, work: Path, runs: int) -> tuple:
    """Cold builds of this site without its paper pages (the bare site's pages
    and no more) and of the bare site, in pairs: the extension's own cost."""
    mine, stock = [], []
    ours = make_ours(work / "ours-same-pages")  # a copy with no paper stubs in it
    for run in range(runs):
        mine.append(sphinx(ours, work / f"same{run}", "-q", "-D", "cv_paper_pages=")[0])
        stock.append(sphinx(bare, work / f"same-bare{run}", "-q")[0])
    return mine, stock


def make_html_times(work: Path, bare: Path, runs: int) -> dict[str, tuple]:
    """`make html` (the PDF, then the site) with nothing changed and after one
    page's edit, beside stock `sphinx-build -b html` of the bare site doing the
    same, in pairs; after one cold build of each."""
    ours = make_ours(work / "ours-make")
    bare_out = work / "bare-make"
    make = ["make", "-s", *NO_INSTALL, "html", f"VENV={VENV}"]

    def timed(command: list[str], cwd: Path) -> float:
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=True)
        return time.perf_counter() - start

    def stock() -> float:
        return sphinx(bare, bare_out, "-q")[0]

    times: dict[str, tuple[list, list]] = {"nochange": ([], []), "page": ([], [])}
    timed(make, ours)
    stock()
    for _ in range(runs):
        times["nochange"][0].append(timed(make, ours))
        times["nochange"][1].append(stock())
        touch_text(ours / "sections" / "talks.md")
        touch_text(bare / "sections" / "talks.md")
        times["page"][0].append(timed(make, ours))
        times["page"][1].append(stock())
    return times


def synthetic_project(target: Path, entries: int, paper_pages: bool = True) -> Path:
    """A CV project with *entries* distinct papers, each with TeX in its title
    (and a page per paper, unless *paper_pages* is false)."""
    kinds = [("article", "journal"), ("inproceedings", "booktitle")]
    kinds.append(("misc", "howpublished"))
    bib = []
    for i in range(entries):
        kind, venue = kinds[i % 3]
        bib.append(
            f"@{kind}{{paper{i},\n"
            f"  author = {{Lei Wu and Co Author{i} and Weinan E}},\n"
            "  author+an = {1=equal;2=equal},\n"
            f"  title = {{On {{SGD}} and $\\alpha \\le \\beta$: \\emph{{study}} {i} "
            "-- with 50\\% more},\n"
            f"  {venue} = {{Venue {i % 97}}},\n  year = {{{2000 + i % 25}}},\n"
            f"  eprint = {{2305.{i:05d}}},\n  doi = {{10.1000/xyz{i}}},\n}}\n"
        )
    target.mkdir(parents=True)
    (target / "refs.bib").write_text("\n".join(bib), encoding="utf-8")
    (target / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_cv"]\ncv_owner = "Lei Wu"\n'
        'bibtex_bibfiles = ["refs.bib"]\nbibtex_default_style = "cv"\n'
        'html_theme = "furo"\n' + ("" if paper_pages else 'cv_paper_pages = ""\n'),
        encoding="utf-8",
    )
    (target / "index.md").write_text(
        "# Papers\n\n```{cv-bibliography} published\n```\n\n"
        "```{cv-bibliography} preprints\n:labelprefix: P\n```\n",
        encoding="utf-8",
    )
    return target


def check_times(project: Path, runs: int) -> list[float]:
    """Seconds of ``make check``'s own command (python -m sphinx_cv.check)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "sphinx_cv.check"],
            cwd=project,
            capture_output=True,
            check=True,
        )
        times.append(time.perf_counter() - start)
    return times


PROFILED_SPHINX = [sys.executable, "-m", "cProfile", "-o"]


def our_share_of_a_build(project: Path, work: Path) -> tuple[float, float]:
    """(seconds, share of them in sphinx_cv's own functions) of an HTML build
    under cProfile: time spent inside our functions, not in what they call."""
    profile = work / "build.prof"
    subprocess.run(
        [*PROFILED_SPHINX, profile, "-m", "sphinx", "-q", project, work / "profiled"],
        capture_output=True,
        check=True,
    )
    stats = pstats.Stats(str(profile)).stats  # type: ignore[attr-defined]
    total = max(cumulative for _, _, _, cumulative, _ in stats.values())
    ours = sum(
        own
        for (path, _, _), (_, _, own, _, _) in stats.items()
        if "/sphinx_cv/" in path
    )
    return total, ours / total


def row(name: str, ours: float, bare: float, unit: str, target: str = "") -> str:
    ratio = ours / bare if bare else float("nan")
    digits = {"s": 2, "KB": 1}.get(unit, 0)
    return (
        f"| {name} | {ours:.{digits}f} {unit} | {bare:.{digits}f} {unit} | "
        f"{ratio:.2f}× | {target} |"
    )


def large_rows(work: Path, runs: int) -> list[str]:
    """``make check`` at 1,000 and 10,000 entries, and our share of an HTML build
    of 10,000 (these have no bare counterpart: the ratio column compares sizes)."""
    small = synthetic_project(work / "check-1k", 1_000)
    # The list alone: 10,000 paper pages would time Sphinx, not the extension.
    large = synthetic_project(work / "check-10k", 10_000, paper_pages=False)
    small_time, large_time = (
        min(check_times(small, runs)),
        min(check_times(large, runs)),
    )
    seconds, share = our_share_of_a_build(large, work)
    return [
        f"| `make check`, 1,000 entries | {small_time:.2f} s | | | |",
        f"| `make check`, 10,000 entries | {large_time:.2f} s | | "
        f"{large_time / small_time:.1f}× the 1,000 | ≤ 2 s, linear |",
        f"| HTML build, 10,000 entries (profiled) | {seconds:.0f} s | | | |",
        f"| our own functions in that build | {share:.0%} | | | ≤ 20% |",
    ]


def many_papers_rows(work: Path, runs: int, entries: int = 500) -> list[str]:
    """A CV of *entries* distinct papers: its list page, gzipped, and its cold
    build (a page per paper included) against a stock furo + MyST +
    sphinxcontrib-bibtex site of the same refs.bib."""
    ours = synthetic_project(work / f"papers-{entries}", entries)
    stock = work / f"papers-{entries}-stock"
    stock.mkdir()
    shutil.copy(ours / "refs.bib", stock / "refs.bib")
    (stock / "conf.py").write_text(BARE_CONF, encoding="utf-8")
    (stock / "index.md").write_text(
        bare_markdown((ours / "index.md").read_text(encoding="utf-8")), "utf-8"
    )
    ours_times, stock_times = [], []
    for run in range(runs):
        ours_times.append(sphinx(ours, work / f"papers-out-{run}", "-q")[0])
        stock_times.append(sphinx(stock, work / f"papers-stock-{run}", "-q")[0])
    page = (work / "papers-out-0" / "index.html").read_bytes()
    stock_page = (work / "papers-stock-0" / "index.html").read_bytes()
    return [
        row(
            f"{entries} papers: list page, gzipped",
            len(gzip.compress(page, 6)) / 1024,
            len(gzip.compress(stock_page, 6)) / 1024,
            "KB",
            "≤ 150 KB",
        ),
        row(
            f"{entries} papers: cold build, with {entries} paper pages",
            min(ours_times),
            min(stock_times),
            "s",
            "≤ 1.15×",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF timing")
    parser.add_argument(
        "--no-large", action="store_true", help="skip the 10,000-entry project"
    )
    args = parser.parse_args()
    runs = max(args.runs, 5)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ours, bare = make_ours(work / "ours"), make_bare(work / "bare")
        # Both link to a PDF only where one was built; neither has one here.
        ours_times, bare_times, pages_after_bib = builds(ours, bare, work, runs)
        sphinx(ours, work / "ours-site")
        sphinx(bare, work / "bare-site")
        names = ["index", "sections/publications"]
        ours_weight = page_weight(work / "ours-site", names)
        bare_weight = page_weight(work / "bare-site", names)
        lines = [
            f"Fastest of {runs} runs; ratio = this site / a bare furo site of the "
            "same pages, built in the same run.",
            "",
            "| measure | this site | bare furo | ratio | target |",
            "|---|---|---|---|---|",
        ]
        for key, name, target in (
            ("cold", "cold HTML build, with a page per paper", ""),
            ("nochange", "no-change rebuild", ""),
            ("page", "rebuild after editing one page", "≤ 1.10×"),
            ("bib", "rebuild after editing refs.bib", ""),
        ):
            lines.append(
                row(name, min(ours_times[key]), min(bare_times[key]), "s", target)
            )
        same, bare_same = same_pages_times(ours, bare, work, runs)
        lines.append(
            row(
                "cold HTML build, the same pages (no paper pages)",
                min(same),
                min(bare_same),
                "s",
                "≤ 1.10×",
            )
        )
        if not args.no_pdf:
            loop = make_html_times(work, bare, runs)
            for key, name, target in (
                ("nochange", "`make html`, nothing changed (vs stock)", "≤ 1.5×"),
                ("page", "`make html` after editing one page (vs stock)", ""),
            ):
                mine, stock = loop[key]
                lines.append(row(name, min(mine), min(stock), "s", target))
        if not args.no_pdf and shutil.which("latexmk"):
            typst, latex = pdf_times(ours, work, runs)
            lines.append(
                row(
                    "`make pdf`, Typst (vs `make pdf-latex`)",
                    min(typst),
                    min(latex),
                    "s",
                    "≤ 0.5×",
                )
            )
        for name in names:
            (r1, raw1, gz1), (r2, raw2, gz2) = ours_weight[name], bare_weight[name]
            label = "home" if name == "index" else "Publications"
            lines.append(
                row(f"{label}: requests", r1, r2, "", "≤ 6" if name == "index" else "")
            )
            lines.append(row(f"{label}: bytes", raw1 / 1024, raw2 / 1024, "KB"))
            lines.append(
                row(
                    f"{label}: gzipped",
                    gz1 / 1024,
                    gz2 / 1024,
                    "KB",
                    "≤ 18 KB" if name == "index" else "≤ 20 KB",
                )
            )
        if LIGHTHOUSE.exists() and shutil.which("chromium"):
            for name, score in lighthouse_performance(
                work / "ours-site", names, 3
            ).items():
                lines.append(
                    f"| Lighthouse performance, {name} (median of 3) | {score:.0f} "
                    f"| | | = 100 {'✓' if score == 100 else '✗'} |"
                )
        index = [
            (work / s / "searchindex.js").stat().st_size / 1024
            for s in ("ours-site", "bare-site")
        ]
        lines.append(row("search index", *index, "KB"))
        if not args.no_large:
            lines += many_papers_rows(work, runs)
            lines += large_rows(work, runs)
        lines += [
            "",
            "Pages read again after editing refs.bib: "
            + ", ".join(pages_after_bib)
            + ".",
        ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
