"""schema.org JSON-LD: the owner as a Person, each listed paper a ScholarlyArticle."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .bibliography import cv_reference
from .style import VENUE_FIELD, authors_of, entry_links, full_name, latex_to_plain

if TYPE_CHECKING:
    from docutils import nodes
    from pybtex.database import Entry
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata


def person(config: Config) -> dict[str, Any]:
    """The CV's owner, from ``cv_owner`` and ``cv_person`` (the home page's source)."""
    about = config.cv_person
    return {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": config.cv_owner,
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


def article(entry: Entry, url: str) -> dict[str, Any]:
    """One paper of a publication list."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": url,
        "url": url,
        "name": latex_to_plain(entry.fields["title"]),
        "author": [
            {"@type": "Person", "name": latex_to_plain(full_name(p))}
            for p in authors_of(entry)
        ],
        "datePublished": entry.fields["year"],
        "isPartOf": {
            "@type": "Periodical" if entry.type == "article" else "CreativeWork",
            "name": latex_to_plain(entry.fields[VENUE_FIELD[entry.type]]),
        },
    }
    if same_as := [url for _, url in entry_links(entry)]:
        data["sameAs"] = same_as
    return data


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
    if doctree is not None:
        entries = app.env.get_domain("cite").bibdata.data.entries
        page_url = (app.config.html_baseurl or "") + app.builder.get_target_uri(
            pagename
        )
        items += [
            article(entries[node["key"]], f"{page_url}#{node['ids'][0]}")
            for node in doctree.findall(cv_reference)
        ]
    if items:  # at the end of the body, so that it does not delay the first paint
        context["body"] = context.get("body", "") + script(items)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("html-page-context", add_json_ld)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
