"""The extension's interface words: every word the package says through its
catalog is translated in each language, and each .mo is its .po compiled."""

from __future__ import annotations

import ast
import re
import sys

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from catalogs import LOCALE, compiled

CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def words_said() -> set[str]:
    """Each string literal the package passes to ``_``."""
    said = set()
    package = ROOT / "sphinx_cv"
    for path in (p for p in package.rglob("*.py") if "templates" not in p.parts):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                said.add(node.args[0].value)
    return said


def test_there_is_a_catalog():
    assert [po.parent.parent.name for po in CATALOGS] == ["zh_CN"]


@pytest.mark.parametrize("po", CATALOGS, ids=lambda po: po.parent.parent.name)
def test_each_catalog_translates_every_word_and_no_other(po):
    with po.open("rb") as source:
        catalog = read_po(source)
    translated = {m.id: m.string for m in catalog if m.id}
    assert set(translated) == words_said()
    assert all(translated.values())
    for word, translation in translated.items():  # the script's placeholders kept
        placeholders = re.compile(r"\{\w+\}")
        assert sorted(placeholders.findall(word)) == sorted(
            placeholders.findall(translation)
        ), word


@pytest.mark.parametrize("po", CATALOGS, ids=lambda po: po.parent.parent.name)
def test_each_mo_is_its_po_compiled(po):
    assert po.with_suffix(".mo").read_bytes() == compiled(po), "run tools/catalogs.py"
