"""Typography per language, applied to text at build time so editors can type plain spaces.

Pure functions over strings; the build applies them to the text of each page
(render/markdown_extensions.py), never to code.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
# Typographic double and single quotes, German low quotes, guillemets.
CURLY_QUOTES = frozenset("\u201c\u201d\u201e\u2018\u00ab\u00bb\u2039\u203a")
APOSTROPHE = "\u2019"

# French spacing (Imprimerie nationale): a thin no-break space before ; ! ? and a
# no-break space before : and inside « ». Only an existing space is replaced, so a URL
# or a time like 10:30 is left alone.
# Each run of spaces is tried once, from its first space (the look-behind): without it, a run
# that no punctuation follows is scanned again from each of its spaces, and a line of 15,000
# tabs takes minutes. With it, every pattern takes time in proportion to the text.
_SPACE = "[ \t\u00a0\u202f]"
_RUN = f"(?<!{_SPACE}){_SPACE}++"
_FRENCH_RULES = (
    (re.compile(f"{_RUN}([;!?])"), NARROW_NBSP + r"\1"),
    (re.compile(f"{_RUN}:"), NBSP + ":"),
    (re.compile(f"«{_SPACE}*+"), "«" + NBSP),
    (re.compile(f"(?:{_RUN})?»"), NBSP + "»"),
)
# A straight apostrophe touching a letter: l'ami, it's, foto's, customers'.
_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\w)")


def uses_french_spacing(lang: str) -> bool:
    """French in any region (fr, fr-CA, fr_BE): spaces before : ; ! ? and inside « »."""
    return lang.replace("_", "-").split("-")[0] == "fr"


def uses_curly_quotes(text: str) -> bool:
    """Whether a text's apostrophes should be curly: it quotes with typographic quotes, or
    it has no quotes at all. A text quoting with straight quotes keeps straight apostrophes."""
    return not CURLY_QUOTES.isdisjoint(text) or '"' not in text


def curly_apostrophes(text: str) -> str:
    return _APOSTROPHE.sub(APOSTROPHE, text)


def french_spacing(text: str) -> str:
    for pattern, replacement in _FRENCH_RULES:
        text = pattern.sub(replacement, text)
    return text


def typeset(text: str, lang: str, curly: bool) -> str:
    """The text as it is printed in `lang`; `curly`: the document quotes with curly quotes."""
    if curly:
        text = curly_apostrophes(text)
    if uses_french_spacing(lang):
        text = french_spacing(text)
    return text
