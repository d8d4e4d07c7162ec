"""Every setting of the extension in one place: default, type, what it rebuilds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


class Setting(NamedTuple):
    name: str
    default: Any
    #: What Sphinx redoes when the value changes: "env" reads every page again,
    #: "html" writes every HTML page again.
    rebuild: Literal["env", "html"]
    types: frozenset[type]
    description: str


SETTINGS = [
    Setting(
        "cv_owner",
        "",
        "env",
        frozenset({str, list}),
        "The CV's owner, set in bold in the author lists: a name, in any form "
        "('First Last' or 'Last, First'), or a list of the names the owner writes.",
    ),
    Setting(
        "cv_annotation_marks",
        {"equal": "*"},
        "env",
        frozenset({dict}),
        "Name annotation word (author+an) -> mark written after the name.",
    ),
    Setting(
        "cv_person",
        {},
        "env",
        frozenset({dict}),
        "Position, affiliation, address, e-mail and homepage: the contact block "
        "(cv-contact) and the JSON-LD Person.",
    ),
    Setting(
        "cv_pdf_url",
        "",
        "html",
        frozenset({str}),
        "Where {cv-pdf} links: a path in the site or an http(s) URL; empty, no link.",
    ),
    Setting(
        "cv_pdf_font_paths",
        # Where Debian's fonts-noto-cjk and fonts-noto-core put their fonts (so
        # also Ubuntu's, and Read the Docs' build images).
        ["/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto"],
        "env",
        frozenset({list}),
        "Folders of fonts for the scripts that the PDF's own fonts lack "
        "(Chinese, Japanese, Korean, Arabic ...), relative to the project.",
    ),
    Setting(
        "cv_paper_pages",
        "papers",
        "env",
        frozenset({str}),
        "The folder of the site where each paper gets its own page (the "
        "extension writes it); empty, no paper pages.",
    ),
    Setting(
        "cv_newest_papers",
        5,
        "env",
        frozenset({int}),
        "How many papers {cv-newest} shows, newest first.",
    ),
    Setting(
        "cv_lighten_pages",
        False,
        "html",
        frozenset({bool}),
        "Serve the style sheets as one file without the rules no page of the "
        "site can use, defer scripts, load search scripts on the search page only.",
    ),
    Setting(
        "cv_drop_assets",
        [],
        "html",
        frozenset({list}),
        "With cv_lighten_pages: theme files that no page needs, by name.",
    ),
    Setting(
        "cv_search_assets",
        ["documentation_options.js", "doctools.js", "sphinx_highlight.js"],
        "html",
        frozenset({list}),
        "With cv_lighten_pages: the scripts only the search page needs.",
    ),
    Setting(
        "cv_content_security_policy",
        True,
        "env",  # the pages' raw HTML is checked against it as they are read
        frozenset({bool}),
        "Give every page a Content-Security-Policy that lets only the site's "
        "own scripts and styles run.",
    ),
    Setting(
        "cv_inline_code_pages",
        [],
        "env",
        frozenset({list}),
        "Pages (by name, e.g. 'sections/talks') whose own inline scripts and "
        "styles, written in raw HTML, the policy allows.",
    ),
    Setting(
        "cv_translations",
        {},
        "env",
        frozenset({dict}),
        "The CV in other languages: language -> {'folder': its pages' folder, "
        "and the settings it changes, e.g. 'project'}; each becomes a folder "
        "of the site, with its own PDF.",
    ),
    Setting(
        "cv_live_preview",
        "",
        "html",
        frozenset({str}),
        "The host:port where sphinx-autobuild serves a preview (make live): the "
        "policy allows its reload script and web socket there.",
    ),
]
DEFAULTS = {setting.name: setting.default for setting in SETTINGS}


def setup(app: Sphinx) -> ExtensionMetadata:
    for name, default, rebuild, types, description in SETTINGS:
        app.add_config_value(name, default, rebuild, types, description)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
