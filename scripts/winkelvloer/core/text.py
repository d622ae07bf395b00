"""Text that comes from files and goes to a terminal, a log, a shell or an XML file.

File names, titles, keys and links are written by editors and translators, so they may hold
anything: a newline, an escape sequence, a backtick. Whatever a tool prints is made safe here:
`printable` keeps a message on one line and shows control characters as escapes, and
`shell_words` quotes a command so that pasting it runs that command and nothing else.
"""

from __future__ import annotations

import re
import shlex
import unicodedata

# Characters that move the cursor, end a line or reorder what follows them on screen: control
# characters, line and paragraph separators, and the bidirectional overrides and isolates.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _is_unsafe(char: str) -> bool:
    return unicodedata.category(char) in {"Cc", "Zl", "Zp"} or char in _BIDI_CONTROLS


def _escape(char: str) -> str:
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` on one line, with every control character written as an escape (\\n, \\x1b)."""
    if text.isprintable():
        return text
    return "".join(_escape(char) if _is_unsafe(char) else char for char in text)


def one_line(text: str) -> str:
    """A message of several lines (a YAML error, MkDocs' own) as one line."""
    parts = [line.strip() for line in text.splitlines()]
    return printable(" ".join(part for part in parts if part))


def shell_words(*words: str) -> str:
    """A command line that runs exactly `words`, whatever characters they hold."""
    return " ".join(shlex.quote(word) for word in words)


def make_command(target: str, **variables: str) -> str:
    """`make <target> NAME=value ...`, each value quoted for the shell (the Makefile passes it
    on as text, never as make syntax)."""
    assignments = [f"{name}={shlex.quote(value)}" for name, value in variables.items()]
    return " ".join(["make", target, *assignments])


# What an XML 1.0 document can carry (feeds, sitemaps): everything but most control
# characters, lone surrogates and the two non-characters U+FFFE and U+FFFF.
def is_xml_char(char: str) -> bool:
    code = ord(char)
    if code < 0x20:
        return char in "\t\n\r"
    return not (0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF))


# The characters is_xml_char refuses, for a feed's whole entries at once.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the characters an XML document cannot contain."""
    return NOT_XML.sub("", text)


def unpublishable_character(text: str) -> str | None:
    """The first character of `text` that a page, a feed or a card cannot carry as text: a
    control character other than tab and newline, a lone surrogate, U+FFFE or U+FFFF."""
    for char in text:
        code = ord(char)
        if char in "\t\n\r":
            continue
        if code < 0x20 or 0x7F <= code <= 0x9F or not is_xml_char(char):
            return char
    return None


def tag_start(text: str) -> int | None:
    """Where `text` would open an HTML tag, comment or declaration if written into a page as
    it is ("<" and a letter, "/", "!" or "?", as the HTML tokenizer reads it), else None."""
    start = text.find("<")
    while start != -1:
        following = text[start + 1 : start + 2]
        if following and following.isascii() and (following.isalpha() or following in "/!?"):
            return start
        start = text.find("<", start + 1)
    return None
