"""schema.org JSON-LD: the owner as a Person, each listed paper a ScholarlyArticle."""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from docutils import nodes
from pybtex.database import Person

from sphinx_cv.bib.formats import plain, venue
from sphinx_cv.bib.model import (
    VENUE_FIELD,
    authors_of,
    full_name,
    is_owner,
    latex_to_plain,
    owner_names,
    paper_links,
)
from sphinx_cv.bib.reader import person as parsed
from sphinx_cv.bibdata import cite_domain
from sphinx_cv.nodes import cv_bibliography, cv_reference
from sphinx_cv.urls import has_paper_pages, page_url, paper_key

if TYPE_CHECKING:
    from pybtex.database import Entry
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata


def person_id(config: Config) -> str:
    """The owner's JSON-LD id: the home page's address with ``#person``."""
    return f"{config.html_baseurl or ''}{config.root_doc}.html#person"


def owner_name(config: Config) -> str:
    """The owner's name as the site writes it: the first of ``cv_owner``."""
    return next(iter(owner_names(config.cv_owner)), "")


def person(config: Config) -> dict[str, Any]:
    """The CV's owner, from ``cv_owner`` and ``cv_person`` (the home page's source)."""
    about = config.cv_person
    owner, *other_names = owner_names(config.cv_owner) or [""]
    return {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": person_id(config),
        "name": owner,
        **({"alternateName": other_names} if other_names else {}),
        "jobTitle": about["job_title"],
        "worksFor": {
            "@type": "CollegeOrUniversity",
            "name": about["affiliation"],
            "department": {"@type": "Organization", "name": about["department"]},
        },
        "alumniOf": [
            {"@type": "CollegeOrUniversity", "name": name}
            for name in about.get("alumni_of", [])
        ],
        "email": f"mailto:{about['email']}",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(about["address"]),
        },
        "url": config.html_baseurl or about["homepage"],
        "sameAs": [about["homepage"]],
    }


def article(entry: Entry, url: str, config: Config | None = None) -> dict[str, Any]:
    """One paper: on a list, or on its own page (then with the owner tied to the
    home page's Person, when *config* names the owner)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": url,
        "url": url,
        "name": latex_to_plain(entry.fields["title"]),
        "author": [author(p, config) for p in authors_of(entry)],
        "datePublished": entry.fields["year"],
        "isPartOf": {
            "@type": "Periodical" if entry.type == "article" else "CreativeWork",
            "name": latex_to_plain(entry.fields[VENUE_FIELD[entry.type]]),
        },
    }
    if same_as := [url for _, url in paper_links(entry)]:
        data["sameAs"] = same_as
    return data


def author(person: Person, config: Config | None) -> dict[str, Any]:
    name = latex_to_plain(full_name(person))
    if config and is_owner(person, [parsed(n) for n in owner_names(config.cv_owner)]):
        return {"@type": "Person", "@id": person_id(config), "name": name}
    return {"@type": "Person", "name": name}


#: Inside <script>, these could end the element or open a comment; JSON allows
#: them escaped anywhere, and a JSON-LD reader reads the same text.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script(data: list[dict[str, Any]]) -> str:
    """A JSON-LD element that no value can end early or comment out."""
    text = json.dumps(
        data if len(data) > 1 else data[0], ensure_ascii=False, separators=(",", ":")
    )
    text = text.translate(SCRIPT_SAFE)
    return f'\n<script type="application/ld+json">{text}</script>'


def add_json_ld(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict,
    doctree: nodes.document,
) -> None:
    """Describe the home page's owner and every paper a page lists."""
    items = []
    if pagename == app.config.root_doc and app.config.cv_person:
        items.append(person(app.config))
    entries = cite_domain(app.env).bibdata.data.entries
    url = page_url(app, pagename)
    if doctree is not None and not has_paper_pages(app):  # else each page has its own
        items += [
            article(entries[node["key"]], f"{url}#{node['ids'][0]}")
            for node in doctree.findall(cv_reference)
        ]
    if key := paper_key(context):
        items.append(article(entries[key], url, app.config))
    if items:  # at the end of the body, so that it does not delay the first paint
        context["body"] = context.get("body", "") + script(items)


#: What a publication list holds, by its name (``{cv-bibliography} published``).
LIST_NOUNS = {
    "published": ("published paper", "published papers"),
    "preprints": ("preprint", "preprints"),
}


def describe(doctree: nodes.document, env, config, pagename: str) -> str | None:
    """A description of the home page (the owner and the sections) or of a page
    of publication lists (what and how many), made from the sources."""
    if any("cv-contact" in n["classes"] for n in doctree.findall(nodes.container)):
        about = config.cv_person
        titles = [
            env.titles[doc].astext().lower()
            for doc in env.toctree_includes.get(pagename, [])
        ]
        sections = ", ".join(titles[:-1]) + (" and " if len(titles) > 1 else "")
        return (
            f"{owner_name(config)}, {about['job_title']}, "
            f"{about['department']}, "
            f"{about['affiliation']}: {sections}{titles[-1] if titles else ''}."
        )
    lists = list(doctree.findall(cv_bibliography))
    if not lists or any(found["cv_list"] not in LIST_NOUNS for found in lists):
        return None
    counts = []
    for found in lists:
        n = len(list(found.findall(cv_reference)))
        counts.append(f"{n} {LIST_NOUNS[found['cv_list']][n != 1]}")
    held = " and ".join(counts)
    title = env.titles[pagename].astext()
    return f"{title} of {owner_name(config)}: {held}, each with its links and BibTeX."


def paper_description(entry: Entry) -> str:
    """A paper page's description: its title, authors, venue and year."""
    names = [latex_to_plain(full_name(p)) for p in authors_of(entry)]
    return (
        f"{plain(entry, 'title')}. {', '.join(names)}. "
        f"{venue(entry)}, {entry.fields['year']}."
    )


def add_description(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict,
    doctree: nodes.document,
) -> None:
    """Give search engines and social cards (sphinxext-opengraph reads og:
    metadata) a description that follows the sources. A paper's page, which
    sphinxext-opengraph does not see (it is no document), gets its og: tags here."""
    tags = []
    description: str | None
    if key := paper_key(context):
        entry = cite_domain(app.env).bibdata.data.entries[key]
        description = paper_description(entry)
        url = page_url(app, pagename)
        tags += [
            ("og:title", plain(entry, "title")),
            ("og:type", "article"),
            *([("og:url", url)] if app.config.html_baseurl else []),
            ("og:description", description),
        ]
    elif doctree is not None:
        description = describe(doctree, app.env, app.config, pagename)
    else:
        return
    if description is None:
        return
    context["meta"] = {**(context.get("meta") or {}), "og:description": description}
    lines = [f'<meta name="description" content="{html.escape(description)}">']
    lines += [
        f'<meta property="{name}" content="{html.escape(value)}">'
        for name, value in tags
    ]
    context["metatags"] = "\n".join([context.get("metatags", ""), *lines])


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("html-page-context", add_json_ld)
    app.connect("html-page-context", add_description, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
