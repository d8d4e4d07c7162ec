"""The PDF's fonts: Typst's own Latin face first, then the script faces found in
the font folders (Noto, as Debian and Read the Docs install it), and which
characters none of them can show. Imports no Sphinx (``make check`` uses it)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import typst

from sphinx_cv.bib.rules import Unshowable
from sphinx_cv.bib.tex import PDF_CHARACTERS

if TYPE_CHECKING:
    from collections.abc import Iterable

#: The face of Typst's own fonts that sets the CV (Latin, Greek, Cyrillic, Hebrew).
MAIN_FACE = "Libertinus Serif"
#: The Chinese, Japanese or Korean form of the Noto CJK faces, by language.
CJK_FORMS = {"zh-tw": "TC", "zh-hk": "HK", "zh-mo": "HK", "ja": "JP", "ko": "KR"}
#: Character names of the scripts that fonts-noto-cjk covers.
CJK_NAMES = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC")
_UNSHOWN = re.compile(r'the text `"(.*?)"` could not be displayed with font')


def cjk_face(language: str | None) -> str:
    """The Noto CJK serif face for the CV's language (simplified Chinese forms
    unless the language is Japanese, Korean or traditional Chinese)."""
    code = (language or "en").lower().replace("_", "-")
    form = CJK_FORMS.get(code) or CJK_FORMS.get(code.partition("-")[0], "SC")
    return f"Noto Serif CJK {form}"


def font_folders(paths: Iterable[str], confdir: Path) -> tuple[str, ...]:
    """The folders of *paths* (relative to the project) that exist."""
    folders = (Path(confdir, path) for path in paths)
    return tuple(str(folder) for folder in folders if folder.is_dir())


@lru_cache(maxsize=8)
def fonts_in(folders: tuple[str, ...]) -> typst.Fonts:
    """Typst's own fonts and those in *folders* (found once per build)."""
    return typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=True, font_paths=[*folders]
    )


class PDFFonts(NamedTuple):
    """The fonts the PDF may use, and the families in the order Typst tries
    them for each character."""

    book: typst.Fonts
    families: tuple[str, ...]

    @classmethod
    def find(
        cls, paths: Iterable[str], confdir: Path, language: str | None
    ) -> PDFFonts:
        book = fonts_in(font_folders(paths, confdir))
        found = set(book.families())
        # The serif face of each script; Arabic's is Naskh, which Noto does not
        # call serif. Typst falls back to the other fonts of the folders itself.
        script_faces = sorted(
            f for f in found if re.fullmatch(r"Noto (Serif|Naskh) .+", f)
        )
        ordered = [MAIN_FACE, cjk_face(language), "Noto Serif", *script_faces]
        return cls(book, tuple(f for f in dict.fromkeys(ordered) if f in found))

    def unshown(self, characters: Iterable[str]) -> list[str]:
        """The *characters* that no font of the PDF has a glyph for, in order,
        as Typst finds them (a page of them, checked as the PDF is)."""
        candidates = [
            c
            for c in dict.fromkeys(characters)
            if c not in PDF_CHARACTERS and not c.isspace() and c.isprintable()
        ]
        if not candidates:
            return []
        probe = (
            '#set document(title: "fonts")\n'
            f"#set text(font: {typst_array(self.families)})\n"
            + " ".join(f'#"{c}"' for c in candidates)  # no quote or backslash: ASCII
        ).encode()
        try:
            typst.compile(
                probe,
                font_paths=self.book,
                ignore_system_fonts=True,
                pdf_standards=["ua-1"],
            )
        except typst.TypstError as error:
            return unshown_characters(getattr(error, "diagnostic", str(error)))
        return []


def own_fonts() -> PDFFonts:
    """Typst's own fonts, which show every character of :data:`PDF_CHARACTERS`."""
    return PDFFonts(fonts_in(()), (MAIN_FACE,))


def fonts_for(
    text: str, paths: Iterable[str], confdir: Path, language: str | None
) -> PDFFonts:
    """The fonts for *text*: Typst's own where they show all of it, so that the
    PDF is the same wherever it is built (and a CV in Latin letters does not wait
    for the font folders); else also those of the folders."""
    own = own_fonts()
    return PDFFonts.find(paths, confdir, language) if own.unshown(text) else own


def unshowable(paths: Iterable[str], confdir: Path, language: str | None) -> Unshowable:
    """What the PDF cannot show, for the bib files' and pages' checks: what
    Typst's own fonts lack, looked for in the folders."""

    def characters(text: str) -> list[str]:
        if missing := own_fonts().unshown(text):
            return PDFFonts.find(paths, confdir, language).unshown(missing)
        return []

    return Unshowable(characters, unshown_message)


def typst_array(families: Iterable[str]) -> str:
    """Font family names as a Typst array (Noto's names need no escaping, but
    a name from ``conf.py`` might)."""
    quoted = ('"' + f.replace("\\", "\\\\").replace('"', '\\"') + '"' for f in families)
    return f"({', '.join(quoted)},)"


def unshown_characters(diagnostic: str) -> list[str]:
    """The characters that Typst's *diagnostic* says no font could show."""
    reported = "".join(_UNSHOWN.findall(diagnostic))
    return list(dict.fromkeys(c for c in reported if not c.isspace()))


def font_package(character: str) -> str:
    """The Debian package (so also Ubuntu and Read the Docs) with a font for it."""
    name = unicodedata.name(character, "")
    if name.startswith(CJK_NAMES) or "\u3000" <= character <= "\u303f":
        return "fonts-noto-cjk"
    if name.startswith(("FULLWIDTH", "HALFWIDTH")):
        return "fonts-noto-cjk"
    return "fonts-noto-core"


def unshown_message(characters: list[str]) -> str:
    """What to do about *characters* that no font of the PDF has."""
    shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in characters)
    packages = " ".join(dict.fromkeys(font_package(c) for c in characters))
    return (
        f"no font of the PDF has {shown}: install {packages} "
        f"(apt-get install {packages}; on Read the Docs, list it under "
        "build.apt_packages in .readthedocs.yaml), or add a folder with such a "
        "font to cv_pdf_font_paths in conf.py"
    )
