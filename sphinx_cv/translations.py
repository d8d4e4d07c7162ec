"""A CV in more languages from one project: each translation is a folder of
pages written in its language, built with the project's ``conf.py`` (and the
settings ``cv_translations`` gives it) into a folder of the site; its bib
entries show the fields written for its language (``title-zh``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sphinx.locale import get_translation

from sphinx_cv.bib.biblatex import keep_as_written
from sphinx_cv.bib.style import CVStyle
from sphinx_cv.bibdata import cite_domain
from sphinx_cv.compat import conf_py_value
from sphinx_cv.report import conf_location, stop

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

#: The extension's message catalog (``locale/LANG/LC_MESSAGES/sphinx_cv.po``).
CATALOG = "sphinx_cv"
LOCALE_DIR = Path(__file__).parent / "locale"
#: The extension's words (interface words: "present", "Permalink" …) in the
#: build's language.
_ = get_translation(CATALOG)
#: A translation's folder: a relative path of letters, digits, _ and -.
FOLDER = re.compile(r"[A-Za-z0-9_-]+")


def translation_folders(translations: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Each translation's language and folder."""
    return {language: settings["folder"] for language, settings in translations.items()}


def translation_problems(config: Config, confdir: Path) -> list[str]:
    """What is wrong with ``cv_translations``, each with the fix."""
    problems = []
    for language, settings in config.cv_translations.items():
        if not isinstance(settings, dict) or not isinstance(
            folder := settings.get("folder"), str
        ):
            problems.append(
                f"cv_translations[{language!r}] has no 'folder': give the folder "
                "of its pages, e.g. {'folder': 'zh'}"
            )
            continue
        if not FOLDER.fullmatch(folder) or not (confdir / folder).is_dir():
            problems.append(
                f"cv_translations[{language!r}]: {folder!r} is not a folder of the "
                "project: create it, with the translation's pages"
            )
        unknown = sorted(
            name for name in settings if name != "folder" and name not in config
        )
        problems += [
            f"cv_translations[{language!r}] sets {name!r}, which is no setting: "
            "check its spelling"
            for name in unknown
        ]
    return problems


def translation_built(app: Sphinx) -> str | None:
    """The language of the translation this build makes (its folder is the
    source folder), or None for the project's own pages."""
    folders = translation_folders(app.config.cv_translations)
    source = Path(app.srcdir).resolve()
    return next(
        (
            lang
            for lang, folder in folders.items()
            if Path(app.confdir, folder).resolve() == source
        ),
        None,
    )


#: Per build: the site's languages, the project's first, each with its folder
#: ("" for the project's own pages) and whether it is the one being built.
SITE_LANGUAGES: WeakKeyDictionary[Sphinx, list[tuple[str, str, bool]]] = (
    WeakKeyDictionary()
)


def configure_translation(app: Sphinx, config: Config) -> None:
    """In the project's own build, leave the translations' folders out; in a
    translation's, take its language and settings."""
    if problems := translation_problems(config, Path(app.confdir)):
        stop(
            app,
            [(conf_location(app, "cv_translations"), p) for p in problems],
            "config",
        )
    language = translation_built(app)
    folders = translation_folders(config.cv_translations)
    SITE_LANGUAGES[app] = [
        (str(conf_py_value(config, "language") or "en"), "", language is None),
        *((lang, folder, lang == language) for lang, folder in folders.items()),
    ]
    if language is None:
        config.exclude_patterns = [*config.exclude_patterns, *folders.values()]
        return
    settings = config.cv_translations[language]
    config.language = language
    for name, value in settings.items():
        if name != "folder":
            config[name] = value
    if config.html_baseurl and "html_baseurl" not in settings:
        config.html_baseurl = f"{config.html_baseurl.rstrip('/')}/{settings['folder']}/"


def own_pages(app: Sphinx) -> list[Path]:
    """The HTML pages of this build's site: not those of the translations,
    which their own builds write into folders of it."""
    others = {
        folder
        for _lang, folder, built in SITE_LANGUAGES.get(app, [])
        if folder and not built
    }
    outdir = Path(app.outdir)
    return [
        page
        for page in sorted(outdir.rglob("*.html"))
        if page.relative_to(outdir).parts[0] not in others
    ]


def style_words(app: Sphinx, config: Config) -> None:
    """The pybtex style's words in the build's language ("In", "et al.")."""
    CVStyle.words = {"In": str(_("In")), "et al.": str(_("et al."))}


def fields_in_language(app: Sphinx) -> None:
    """In a translation, an entry's ``FIELD-LANG`` (``title-zh``) is its FIELD."""
    language = translation_built(app)
    if language is None:
        return
    suffixes = {f"-{language.lower()}", f"-{language.partition('_')[0].lower()}"}
    for entry in cite_domain(app.env).bibdata.data.entries.values():
        keep_as_written(entry)
        for name in list(entry.fields):
            field, dash, suffix = name.rpartition("-")
            if dash and f"-{suffix.lower()}" in suffixes:
                entry.fields[field] = entry.fields[name]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    app.connect("config-inited", configure_translation, priority=100)
    app.connect("config-inited", style_words)
    app.connect("builder-inited", fields_in_language, priority=600)  # parsed
    return {"parallel_read_safe": True, "parallel_write_safe": True}
