"""The real site against its own sources: the pages, refs.bib and conf.py.

These hold whatever the CV says, so the owner's edits keep them green; the
comparison with the original CV is test_original_cv.py.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest

from sphinx_cv.bib.model import (
    authors_of,
    full_name,
    is_published,
    is_same_person,
    latex_to_plain,
    parse_annotations,
)
from sphinx_cv.entries import format_date

from conftest import PAGES, ROOT
from conftest import visible_text as text

SECTIONS = PAGES[1:]
ENTRY = re.compile(r"^:::\{cv-entry\} (.+)$", re.M)
BULLET = re.compile(r"^- (.+)$", re.M)


def source(page: str) -> str:
    """The page's Markdown, without its front matter."""
    text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)


def plain(markdown: str) -> str:
    """A Markdown line as a reader sees it (this site's pages use ** and *)."""
    return " ".join(markdown.replace("**", "").replace("*", "").split())


def test_build_has_no_warnings(site):
    assert site.warnings == ""


@pytest.mark.parametrize("name", SECTIONS)
def test_section_page_has_its_title(site, name):
    title = re.search(r"^# (.+)$", source(name), re.M).group(1)
    assert text(site.page(name).find("h1")) == title


def test_home_page_toctree_lists_sections_in_order(site):
    toctree = site.page("index").select(".toctree-wrapper a.reference.internal")
    assert [a["href"] for a in toctree] == [f"{page}.html" for page in SECTIONS]


def test_home_page_shows_the_owner_and_cv_person(site):
    main = site.page("index").find("article")
    person = site.config.cv_person
    assert text(main.find("h1")) == site.config.cv_owner
    block = text(main.select_one(".cv-contact"))
    position = f"{person['job_title']}, {person['department']}, {person['affiliation']}"
    assert position in block
    for line in person["address"]:
        assert line in block
    mail = main.find("a", href=lambda h: unquote(h) == f"mailto:{person['email']}")
    assert mail is not None and text(mail) == person["email"]
    assert main.find("a", href=person["homepage"]) is not None


@pytest.mark.parametrize("name", SECTIONS)
def test_dated_entries_as_written_in_their_page(site, name):
    written = ENTRY.findall(source(name))
    shown = site.page(name).select(".cv-entry")
    assert [text(e.select_one(".cv-date")) for e in shown] == [
        format_date(date) for date in written
    ]
    bodies = re.findall(
        r"^:::\{cv-entry\} [^\n]+\n(.*?)\n:::$", source(name), re.M | re.S
    )
    for entry, body in zip(shown, bodies, strict=True):
        assert text(entry.select_one(".cv-what")) == plain(body.replace("\\\n", " "))


@pytest.mark.parametrize("name", SECTIONS)
def test_list_items_as_written_in_their_page(site, name):
    items = [
        plain(re.sub(r"\{cite:p\}`[^`]*`", "", item))
        for item in BULLET.findall(source(name))
    ]
    shown = [text(li) for li in site.page(name).find("article").select("li")]
    position = [
        next(i for i, li in enumerate(shown) if li.startswith(item)) for item in items
    ]
    assert position == sorted(position)


def test_dates_are_typeset_unambiguously():
    assert format_date("2012.9 - 2018.7") == "Sep 2012 – Jul 2018"
    assert format_date("2021.12 -") == "Dec 2021 – present"
    assert format_date("Fall 2023") == "Fall 2023"


@pytest.mark.parametrize("name", SECTIONS)
def test_subheadings_as_written(site, name):
    written = re.findall(r"^## (.+)$", source(name), re.M)
    assert [text(h) for h in site.page(name).select("article h2")] == written


def test_publications_in_bib_order_with_labels(site, bib_in_order):
    lists = site.page("sections/publications").select("ol.cv-bibliography")
    published = [e for e in bib_in_order if is_published(e)]
    preprints = [e for e in bib_in_order if not is_published(e)]
    for shown, entries, prefix in (
        (lists[0], published, ""),
        (lists[1], preprints, "P"),
    ):
        items = shown.select(":scope > li")
        assert [li["id"] for li in items] == [e.key for e in entries]
        labels = [text(li.select_one(".cv-label")) for li in items]
        assert labels == [f"[{prefix}{n}]" for n in range(1, len(entries) + 1)]


def test_each_publication_reads_as_its_entry(site, bib_in_order):
    """Authors in order with the owner in bold and the annotation marks, then the
    title as written, then the venue."""
    owner = site.config.cv_owner
    marks = site.config.cv_annotation_marks
    page = site.page("sections/publications")
    for entry in bib_in_order:
        body = page.find("li", id=entry.key).select_one(".cv-body > p")
        annotations = parse_annotations(entry.fields.get("author+an", ""))
        names = []
        for position, person in enumerate(authors_of(entry), start=1):
            mark = "".join(marks.get(w, "") for w in annotations.get(position, []))
            names.append(latex_to_plain(full_name(person)) + mark)
        if len(authors_of(entry)) < len(entry.persons["author"]):
            names.append("et al.")
        title = " ".join(latex_to_plain(entry.fields["title"]).split())
        assert text(body).startswith(f"{', '.join(names)}. {title}"), entry.key
        bold = [text(b) for b in body.select("strong")]
        owners = [
            name
            for name, person in zip(names, authors_of(entry), strict=False)
            if is_same_person(person, type(person)(owner))
        ]
        assert bold == owners, entry.key
        assert body.select("em"), f"{entry.key}: no venue"


def test_every_bib_entry_is_on_the_publications_page_once(site, bib_in_order):
    entries = site.page("sections/publications").select("li.cv-reference")
    assert sorted(li["id"] for li in entries) == sorted(e.key for e in bib_in_order)


@pytest.mark.parametrize("name", [*PAGES, "search"])
def test_internal_links_and_anchors_resolve(site, name):
    for link in site.page(name).select("a[href]"):
        href = link["href"]
        parts = urlsplit(href)
        if parts.scheme or href.startswith(("mailto:", "javascript:")):
            continue
        target = (site.outdir / name).parent / parts.path if parts.path else None
        page = (
            name
            if target is None
            else target.resolve()
            .relative_to(site.outdir.resolve())
            .with_suffix("")
            .as_posix()
        )
        if target is not None and not target.name.endswith(".html"):
            assert target.exists(), f"{name}: {href} is missing"
            continue
        if parts.fragment:
            found = site.page(page).find(id=parts.fragment)
            assert found is not None, f"{name}: {href} has no target"


def test_citations_link_to_their_entries(site):
    links = site.page("sections/research").select(".bibtex-citation a")
    assert links
    publications = site.page("sections/publications")
    for link in links:
        page, _, anchor = link["href"].partition("#")
        assert page == "publications.html"
        entry = publications.find(id=anchor)
        assert entry is not None and entry.name == "li"
        assert re.fullmatch(r"\[?P?\d+\]?", text(link)), text(link)
        assert text(entry.select_one(".cv-label")) == f"[{text(link)}]"


def test_descriptions_follow_the_sources(site, bib_in_order):
    """The home page's and the Publications page's descriptions are made from
    cv_person, the section titles and refs.bib, never typed."""

    def description(name):
        head = site.page(name).head
        meta = head.find_all("meta", attrs={"name": "description"})
        assert len(meta) == 1
        og = head.find("meta", property="og:description")["content"]
        assert og == meta[0]["content"]
        return og

    home = description("index")
    assert site.config.cv_person["job_title"] in home
    for name in SECTIONS:
        assert site.env.titles[name].astext().lower() in home
    published = sum(map(is_published, bib_in_order))
    papers = description("sections/publications")
    assert (
        f"{published} published papers and {len(bib_in_order) - published} preprints"
        in (papers)
    )


def compressed(labels: list[str]) -> str:
    """natbib's sort&compress: runs of three or more consecutive labels of one
    list become first–last."""
    parts, run = [], []
    for label in [*labels, ""]:
        prefix, number = re.fullmatch(r"(\D*)(\d*)", label).groups()
        if run and number and prefix == run[-1][0] and int(number) == run[-1][1] + 1:
            run.append((prefix, int(number)))
            continue
        if len(run) >= 3:
            parts.append(f"{run[0][0]}{run[0][1]}–{run[-1][0]}{run[-1][1]}")
        else:
            parts += [f"{p}{n}" for p, n in run]
        run = [(prefix, int(number))] if number else []
    return f"[{', '.join(parts)}]"


def test_citations_compress_into_ranges_within_a_list(site):
    labels = {
        li["id"]: text(li.select_one(".cv-label")).strip("[]")
        for li in site.page("sections/publications").select("li.cv-reference")
    }
    roles = re.findall(r"\{cite:p\}`([^`]*)`", source("sections/research"))
    shown = site.page("sections/research").select(".bibtex-citation")
    assert len(shown) == len(roles)
    for citation, role in zip(shown, roles, strict=True):
        cited = [labels[key.strip()] for key in role.split(",")]
        order = sorted(cited, key=lambda lab: (lab[0].isalpha(), int(lab.lstrip("P"))))
        assert text(citation) == compressed(order)
        for link in citation.select("a"):  # each end still leads to its paper
            assert labels[link["href"].partition("#")[2]] == text(link)
        for first, last in re.findall(r"(P?\d+)–(P?\d+)", text(citation)):
            prefix = first.rstrip("0123456789")
            covered = range(int(first.lstrip("P")), int(last.lstrip("P")) + 1)
            ends = [a for a in citation.select("a") if text(a) in (first, last)]
            for end in ends:  # its tooltip lists the whole range
                for number in covered:
                    assert f"[{prefix}{number}]" in end["title"]
    assert any("–" in text(c) for c in shown)  # this CV's pages do have ranges
