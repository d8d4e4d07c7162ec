"""Read the Docs hosting and what the site tells machines: sitemap, social cards,
JSON-LD, 404, favicon, robots.txt."""

from __future__ import annotations

import json
import os
import re
import runpy
import subprocess
import sys
import textwrap
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from conftest import FONT_PACKAGES, PAGES, ROOT, checkout

BASE = "https://lei-wu-cv.readthedocs.io/en/latest/"


@pytest.fixture(scope="module")
def rtd_config():
    return yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))


def assert_valid_rtd_config(path: Path) -> None:
    """Read the Docs' own schema, as check-jsonschema ships it, passes *path*."""
    check = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [check, "--builtin-schema", "vendor.readthedocs", path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_rtd_config_validates_against_the_schema(rtd_config):
    assert_valid_rtd_config(ROOT / ".readthedocs.yaml")
    assert rtd_config["sphinx"] == {"configuration": "conf.py", "fail_on_warning": True}
    # The PDF is ours (Typst, in a build job), not Read the Docs' LaTeX route.
    assert "formats" not in rtd_config
    assert {"requirements": "requirements.txt"} in rtd_config["python"]["install"]


@pytest.mark.parametrize("guide", ["hosting.md", "languages.md"])
def test_the_guides_rtd_settings_validate_in_the_rtd_config(
    rtd_config, tmp_path, guide
):
    """A guide's lines for .readthedocs.yaml, added to it, pass the schema; the
    font packages they name are those of tools/system-packages.txt."""
    text = (ROOT / "docs" / guide).read_text("utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    build = yaml.safe_load(textwrap.dedent(block))["build"]
    assert build["apt_packages"] == FONT_PACKAGES.split()
    config = {**rtd_config, "build": {**rtd_config["build"], **build}}
    (tmp_path / "rtd.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert_valid_rtd_config(tmp_path / "rtd.yaml")


@pytest.mark.slow
def test_read_the_docs_build_replayed(rtd_config, tmp_path):
    """Read the Docs' documented steps: a fresh venv, the install lines, sphinx."""
    source = checkout(tmp_path / "checkout")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    for step in rtd_config["python"]["install"]:
        target = (
            ["-r", step["requirements"]] if "requirements" in step else [step["path"]]
        )
        subprocess.run(
            [
                python,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                *target,
            ],
            cwd=source,
            check=True,
        )
    output = tmp_path / "output"
    canonical = "https://lei-wu-example.readthedocs.io/en/latest/"
    env = {
        **os.environ,
        "READTHEDOCS": "True",
        "READTHEDOCS_CANONICAL_URL": canonical,
        "READTHEDOCS_VERSION": "latest",
        "READTHEDOCS_LANGUAGE": "en",
        "READTHEDOCS_OUTPUT": str(output),
    }
    result = subprocess.run(
        [
            python,
            "-m",
            "sphinx",
            "-T",
            "-W",
            "--keep-going",
            "-b",
            "html",
            "-d",
            "_build/doctrees",
            "-D",
            "language=en",
            ".",
            f"{output}/html",
        ],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for command in rtd_config["build"]["jobs"]["post_build"]:
        job = subprocess.run(
            ["bash", "-c", command],
            cwd=source,
            env={**env, "PATH": f"{venv}/bin:" + env["PATH"]},
            capture_output=True,
            text=True,
            check=False,
        )
        assert job.returncode == 0, f"{command}: {job.stderr}"
    assert [p.name for p in (output / "pdf").iterdir()] == ["lei-wu-cv.pdf"]
    home = BeautifulSoup(
        (output / "html" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert home.find("link", rel="canonical")["href"] == f"{canonical}index.html"
    assert home.select_one("a.cv-pdf")["href"] == "/_/downloads/en/latest/pdf/"
    sitemap = (output / "html" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{canonical}sections/publications.html</loc>" in sitemap


def test_sitemap_lists_every_page(site):
    tree = ET.parse(site.outdir / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in tree.findall("s:url/s:loc", namespace)]
    papers = [f"papers/{key}" for key in parse_file(ROOT / "refs.bib").entries]
    expected = [f"{BASE}{page}.html" for page in [*PAGES, *papers]]
    assert sorted(locations) == sorted(expected)


def test_robots_txt_points_to_the_sitemap(site):
    robots = (site.outdir / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_social_and_search_metadata(site, name):
    head = site.page(name).head
    assert head.find("meta", property="og:title")["content"]
    assert head.find("meta", property="og:url")["content"] == f"{BASE}{name}.html"
    description = head.find("meta", attrs={"name": "description"})["content"]
    assert len(description) > 40
    assert head.find("meta", property="og:description")["content"]
    assert head.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    icons = {
        link["href"].rsplit("/", 1)[-1] for link in head.find_all("link", rel="icon")
    }
    assert icons == {"favicon.svg", "favicon.png"}
    for icon in icons:
        assert (site.outdir / "_static" / icon).exists()


def json_ld(soup):
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    return data if isinstance(data, list) else [data]


def test_home_page_json_ld_describes_the_person(site):
    (person,) = json_ld(site.page("index"))
    about = site.config.cv_person
    assert person["@type"] == "Person"
    assert person["name"] == site.config.cv_owner
    assert person["jobTitle"] == about["job_title"]
    assert person["worksFor"]["name"] == about["affiliation"]
    assert [a["name"] for a in person["alumniOf"]] == about["alumni_of"]
    assert person["email"] == f"mailto:{about['email']}"
    assert person["sameAs"] == [about["homepage"]]
    assert person["address"]["streetAddress"] == ", ".join(about["address"])
    # The page shows the same facts from the same source.
    text = site.page("index").select_one(".cv-contact").get_text(" ")
    assert person["jobTitle"] in text and person["worksFor"]["name"] in text
    assert person["worksFor"]["department"]["name"] in text


def test_every_paper_is_described_once_on_its_own_page(site):
    """The list carries no JSON-LD: each paper's page describes it, as shown in
    the list."""
    page = site.page("sections/publications")
    assert page.find_all("script", type="application/ld+json") == []
    entries = page.select("ol.cv-bibliography > li")
    assert len(entries) == len(parse_file(ROOT / "refs.bib").entries)
    for li in entries:
        (article,) = json_ld(site.page(f"papers/{li['id']}"))
        assert article["@type"] == "ScholarlyArticle"
        assert article["url"] == f"{BASE}papers/{li['id']}.html"
        shown = " ".join(li.select_one(".cv-body > p").get_text("").split())
        assert article["name"] in shown
        names = [author["name"] for author in article["author"]]
        assert shown.replace("*", "").startswith(", ".join(names) + ". ")
        assert article["datePublished"] in shown
        assert article["isPartOf"]["name"] == li.select_one(".cv-body em").get_text()
        links = [
            a["href"]
            for a in li.select(".cv-body > p a.reference.external:not(.cv-title)")
        ]
        assert article.get("sameAs", []) == links


def test_404_page_works_at_any_depth(site):
    page = BeautifulSoup(
        (site.outdir / "404.html").read_text(encoding="utf-8"), "html.parser"
    )
    for tag, attribute in (("link", "href"), ("script", "src"), ("a", "href")):
        for element in page.find_all(tag, attrs={attribute: True}):
            url = element[attribute]
            assert url.startswith(
                ("/en/latest/", "https://", "http://", "#", "mailto:")
            ), url


@pytest.mark.slow
def test_make_live_serves_a_preview_on_localhost(live_preview):
    """make live builds the site and serves it on 127.0.0.1 for editing."""
    _, url = live_preview
    with urllib.request.urlopen(f"{url}index.html") as page:
        assert page.status == 200
        assert b"<title>Lei Wu" in page.read()


WORKFLOWS = [
    ROOT / ".github" / "workflows" / "pages.yml",
    ROOT / "sphinx_cv" / "templates" / "new-project" / "github-pages.yml",
]


def test_the_site_tells_github_pages_to_serve_it_as_built(site):
    assert (site.outdir / ".nojekyll").read_bytes() == b""


def test_the_pages_workflows_validate_against_github_s_schema():
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [
            str(checker),
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pages_workflow_builds_with_make_html_and_github_s_own_actions():
    import yaml

    assert WORKFLOWS[0].read_text("utf-8") == WORKFLOWS[1].read_text("utf-8")
    workflow = yaml.safe_load(WORKFLOWS[0].read_text("utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    actions = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert all(action.startswith("actions/") for action in actions), actions
    assert {"actions/configure-pages", "actions/upload-pages-artifact"} <= set(actions)
    assert "actions/deploy-pages" in actions
    make = next(step for step in steps if step.get("run") == "make html")
    assert make["env"]["CV_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload"))
    assert upload["with"]["path"] == "_build/html"


def test_the_site_s_address_comes_from_the_pages_url(monkeypatch):
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    monkeypatch.setenv("CV_SITE_URL", "https://ada.github.io/cv/")
    assert runpy.run_path(str(ROOT / "conf.py"))["html_baseurl"] == (
        "https://ada.github.io/cv/"
    )
