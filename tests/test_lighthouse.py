"""Lighthouse 12 (npm, pinned in tools/lighthouse) on every page: 100 in
accessibility, best practices and SEO. Performance, a timing, is measured by
``make bench``, not asserted here."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from conftest import CHROMIUM_ARGS, IN_CI, PAGES, PAPER, ROOT, need_tool

LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
AUDIT = ROOT / "tools" / "lighthouse" / "audit.mjs"
CATEGORIES = ["accessibility", "best-practices", "seo"]
# The search page tells robots not to index it, on purpose: a page of search
# results is no content of its own. Every other audit must pass there too.
DELIBERATE = {"search": {"is-crawlable"}}
pytestmark = pytest.mark.browser


#: The pages audited, each once.
AUDITED = [*PAGES, "404", "search", f"papers/{PAPER}"]


@pytest.fixture(scope="module")
def reports(site_url):
    """Each page's Lighthouse report, all made in one Chrome (tools/lighthouse/
    audit.mjs): a Chrome and a Lighthouse started per page took most of the time."""
    node = need_tool("node", "nodejs")
    chromium = need_tool("chromium", "chromium")
    if not LIGHTHOUSE.exists():
        reason = (
            "Lighthouse is not installed (make test runs npm ci in tools/lighthouse)"
        )
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    result = subprocess.run(
        [node, str(AUDIT), ",".join(CATEGORIES)]
        + [f"{site_url}{name}.html" for name in AUDITED],
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            "CHROME_PATH": chromium,
            "CHROME_FLAGS": " ".join(["--headless=new", *CHROMIUM_ARGS]),
        },
    )
    return dict(zip(AUDITED, json.loads(result.stdout), strict=True))


def failed_audits(report: dict, category: str) -> set[str]:
    return {
        ref["id"]
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and (report["audits"][ref["id"]]["score"] or 0) < 1
    }


@pytest.mark.parametrize("name", AUDITED)
def test_lighthouse_scores(reports, name):
    report = reports[name]
    assert report["finalDisplayedUrl"].endswith(f"{name}.html")
    for category in CATEGORIES:
        assert failed_audits(report, category) <= DELIBERATE.get(name, set()), category
