"""A style sheet cut to the rules that some page of the site can use, as PurgeCSS does.

A selector is kept unless it names a class, id or element that appears in no
page and in no string of the pages' scripts; what it says about the structure
(``>``, ``:not()``, attributes) is not checked, so that the cut keeps every rule
a page can use. Custom properties that nothing reads go too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import tinycss2

if TYPE_CHECKING:
    from collections.abc import Iterable

CLASSES = re.compile(r'class="([^"]*)"')
ID = re.compile(r'id="([^"]*)"')
TAG = re.compile(r"<([A-Za-z][\w-]*)")
#: A word in a script's strings: a class, id or element the script adds could be
#: any of them. One that ends in "-" may begin a name the script puts together.
WORD = re.compile(r"[A-Za-z_][\w-]*")
#: A JavaScript token, read for the strings: a quote in a comment or a regular
#: expression opens none. A "/" after a value divides (see :func:`string_words`).
JS_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<comment>//[^\n]*|/\*.*?\*/)"
    r"""|(?P<string>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)"""
    r"|(?P<regex>/(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])+/[A-Za-z]*)"
    r"|(?P<word>[\w$]+)"
    r"|(?P<other>.)",
    re.DOTALL,
)
#: Words after which a "/" begins a regular expression.
JS_KEYWORDS = frozenset(
    {
        "return",
        "typeof",
        "case",
        "do",
        "else",
        "in",
        "instanceof",
        "new",
        "delete",
        "void",
        "throw",
        "yield",
        "await",
        "of",
    }
)
CUSTOM_PROPERTY = re.compile(r"--[\w-]+")
PROPERTY_READ = re.compile(r"var\(\s*(--[\w-]+)")
#: At-rules whose block holds rules; other at-rules stay as they are.
GROUPING = {"media", "supports", "layer", "container"}


@dataclass
class Names:
    """What a site's pages and scripts hold that a selector can require."""

    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    prefixes: tuple[str, ...] = ()
    #: Custom properties read outside the style sheet (pages, scripts).
    properties: set[str] = field(default_factory=set)

    @classmethod
    def of_pages(cls, pages: Iterable[str]) -> Names:
        names = cls()
        for page in pages:
            for value in CLASSES.findall(page):
                names.classes.update(value.split())
            names.ids.update(ID.findall(page))
            names.tags.update(tag.lower() for tag in TAG.findall(page))
            names.properties.update(PROPERTY_READ.findall(page))
        return names

    def key(self) -> str:
        """The names as text, the same for the same names."""
        parts = (self.classes, self.ids, self.tags, self.prefixes, self.properties)
        return repr([sorted(part) for part in parts])

    def add_scripts(self, scripts: Iterable[str]) -> None:
        """Add what *scripts* may put into a page: the words of their strings,
        and the custom properties they name."""
        words = set()
        for script in scripts:
            words |= string_words(script)
            self.properties.update(CUSTOM_PROPERTY.findall(script))
        self.classes |= words
        self.ids |= words
        self.tags |= {word.lower() for word in words}
        self.prefixes = tuple(sorted(word for word in words if word.endswith("-")))

    def has_class(self, name: str) -> bool:
        return name in self.classes or name.startswith(self.prefixes)

    def could_match(self, selector: list) -> bool:
        """Whether a page could hold an element that *selector* (one of a
        rule's comma-separated selectors, as tokens) matches."""
        for index, token in enumerate(selector):
            before = selector[index - 1] if index else None
            after = selector[index + 1] if index + 1 < len(selector) else None
            if token.type == "hash" and token.is_identifier:
                if token.value not in self.ids:
                    return False
            elif token.type != "ident":
                continue  # combinators, "*", and what :not(), [attr] ask
            elif is_literal(before, "."):
                if not self.has_class(token.value):
                    return False
            elif is_literal(before, ":") or is_literal(after, "|"):
                continue  # a pseudo-class or pseudo-element; a namespace
            elif token.lower_value not in self.tags:
                return False
        return True


def string_words(script: str) -> set[str]:
    """The words in the strings (and regular expressions) of a JavaScript
    *script*; all its words if a quote opens no string, a reading gone wrong."""
    words: set[str] = set()
    position, divides = 0, False
    while position < len(script):
        match = JS_TOKEN.match(script, position)
        assert match is not None  # its last group takes any one character
        kind, end = match.lastgroup, match.end()
        if kind == "regex" and divides:
            kind, end = "other", position + 1
        text = script[position:end]
        if kind in ("string", "regex"):
            words.update(WORD.findall(text))
        elif kind == "other" and text in "\"'`":
            return set(WORD.findall(script))
        if kind not in ("space", "comment"):
            divides = (
                kind in ("string", "regex")
                or (kind == "word" and text not in JS_KEYWORDS)
                or text in ")]"
            )
        position = end
    return words


def is_literal(token, value: str) -> bool:
    return token is not None and token.type == "literal" and token.value == value


def selectors(prelude: list) -> list[list]:
    """A rule's selector list, split at its top-level commas."""
    parts: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


@dataclass
class Rule:
    """A kept style rule: its selectors and its declarations, as text."""

    selector: str
    declarations: list[tuple[str | None, str]]  # (custom property or None, text)


def cut_rules(rules: list, names: Names) -> list:
    """*rules* (tinycss2 nodes) without the selectors no page can match: a list
    of :class:`Rule`, (at-rule head, list) and text, in order."""
    kept: list = []
    for rule in rules:
        if rule.type == "qualified-rule":
            possible = [s for s in selectors(rule.prelude) if names.could_match(s)]
            if not possible:
                continue
            selector = ",".join(tinycss2.serialize(s).strip() for s in possible)
            body = tinycss2.parse_blocks_contents(
                rule.content, skip_whitespace=True, skip_comments=True
            )
            declarations = [
                (
                    item.name
                    if item.type == "declaration" and item.name.startswith("--")
                    else None,
                    item.serialize(),
                )
                for item in body
                if item.type != "error"
            ]
            kept.append(Rule(selector, declarations))
        elif (
            rule.type == "at-rule"
            and rule.lower_at_keyword in GROUPING
            and rule.content
        ):
            inner = tinycss2.parse_rule_list(
                rule.content, skip_whitespace=True, skip_comments=True
            )
            if cut := cut_rules(inner, names):
                head = f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}".rstrip()
                kept.append((head, cut))
        elif rule.type == "at-rule":
            kept.append(rule.serialize())
        elif rule.type == "comment" and rule.value.startswith("!"):
            kept.append(rule.serialize())  # a licence, which copies must keep
    return kept


def walk_rules(kept: list):
    for item in kept:
        if isinstance(item, Rule):
            yield item
        elif isinstance(item, tuple):
            yield from walk_rules(item[1])


def drop_unread_properties(kept: list, names: Names) -> None:
    """Leave out the custom properties that no rule, page or script reads
    (again, as a property that goes may have been the only reader of another)."""
    while True:
        read = set(names.properties)
        for rule in walk_rules(kept):
            for _, text in rule.declarations:
                read.update(PROPERTY_READ.findall(text))
        dropped = False
        for rule in walk_rules(kept):
            before = len(rule.declarations)
            rule.declarations = [
                (name, text)
                for name, text in rule.declarations
                if not name or name in read
            ]
            dropped |= len(rule.declarations) != before
        if not dropped:
            return


def serialize(kept: list) -> str:
    parts = []
    for item in kept:
        if isinstance(item, Rule):
            parts.append(
                f"{item.selector}{{{';'.join(t for _, t in item.declarations)}}}"
            )
        elif isinstance(item, tuple):
            parts.append(f"{item[0]}{{{serialize(item[1])}}}")
        else:
            parts.append(item)
    return "\n".join(parts)


def purge(css: str, names: Names) -> str:
    """*css* with only the rules and custom properties a page of the site can use."""
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True)
    kept = cut_rules(rules, names)
    drop_unread_properties(kept, names)
    return serialize(kept)
