"""Compile the package's message catalogs (sphinx_cv/locale/*/LC_MESSAGES/*.po)
into the .mo files that Sphinx reads; the tests check that both agree."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "sphinx_cv" / "locale"


def compiled(po: Path) -> bytes:
    """The .mo file of *po*, byte for byte the same on every machine."""
    with po.open("rb") as source:
        catalog = read_po(source)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def main() -> None:
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        po.with_suffix(".mo").write_bytes(compiled(po))
        print(po.with_suffix(".mo").relative_to(LOCALE.parent.parent))


if __name__ == "__main__":
    main()
