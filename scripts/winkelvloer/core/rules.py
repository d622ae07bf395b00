"""Every rule of the checks, content and built site: a stable code, a severity and a one-line title.

RULES.md documents each code under the heading "### CODE title" (`Rule.anchor` links to it);
``tests/test_check_rules_doc.py`` keeps the two in step.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from winkelvloer.core.findings import Finding, Severity

E = Severity.ERROR
W = Severity.WARNING


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    title: str

    @property
    def anchor(self) -> str:
        """The rule's section in RULES.md, as GitHub names a heading's anchor."""
        heading = f"{self.code} {self.title}".lower()
        return "RULES.md#" + re.sub(r"[^\w\- ]", "", heading).replace(" ", "-")


# The content check (winkelvloer.cli.check): the Markdown in docs/.
_CONTENT_RULES = (
    # Reading the file
    Rule("ENC001", E, "File is not valid UTF-8"),
    Rule("ENC002", W, "File starts with a byte order mark (BOM)"),
    Rule("ENC003", W, "File has Windows (CRLF) or old Mac (CR) line endings"),
    Rule("ENC004", E, "File is empty"),
    # Front matter
    Rule("FM001", E, "Front matter is not valid YAML"),
    Rule("FM002", E, "Front matter is not a set of key: value pairs"),
    Rule("FM003", E, "Page has no front matter"),
    Rule("FM004", E, "Front matter is not closed"),
    Rule("FM005", E, "Required front matter key is missing"),
    Rule("FM006", E, "Front matter value has the wrong type or format"),
    Rule("FM007", W, "Unknown front matter key"),
    Rule("FM008", E, "Front matter uses a YAML anchor or alias"),
    Rule("FM009", E, "Front matter names a template that is not a page template"),
    # Structure
    Rule("STR001", E, "Page has no H1 heading"),
    Rule("STR002", E, "Page has more than one H1 heading"),
    Rule("STR003", E, "H1 heading differs from the front matter title"),
    Rule("STR004", E, "Heading level skipped"),
    Rule("STR005", E, "Numbered sections are not consecutive from 1"),
    Rule("STR006", E, "Section heading is neither numbered nor the closing section"),
    Rule("STR007", E, "Closing section is missing"),
    Rule("STR008", E, "Closing section is not the last section"),
    Rule("STR009", E, "Read-also line is malformed"),
    Rule("STR010", E, "Read-also label is in another language"),
    Rule("STR011", W, "Read-also link text differs from the target's title"),
    # Links
    Rule("LNK001", E, "Linked page does not exist"),
    Rule("LNK002", E, "Linked image or file does not exist"),
    Rule("LNK003", E, "Anchor does not exist in the linked page"),
    Rule("LNK004", E, "Link into another language's file"),
    Rule("LNK005", W, "Link names the language suffix of its own language"),
    Rule("LNK006", W, "Linked page is not translated into this language"),
    Rule("LNK007", E, "Absolute link to this site"),
    Rule("LNK008", E, "Root-absolute link"),
    Rule("LNK009", W, "Insecure http:// link"),
    Rule("LNK010", E, "Link to a folder instead of a page"),
    Rule("LNK011", W, "Link without a target"),
    Rule("LNK012", E, "Malformed URL"),
    # Translation parity
    Rule("PAR001", E, "Translation has no Dutch source"),
    Rule("PAR002", E, "Unknown language suffix"),
    Rule("PAR003", E, "Number of numbered sections differs from the source"),
    Rule("PAR004", E, "Read-also links differ from the source"),
    Rule("PAR005", E, "Images differ from the source"),
    Rule("PAR006", W, "Date differs from the source"),
    Rule("PAR007", E, "Translation still holds the Dutch text"),
    # Freshness
    Rule("FRS001", W, "Translation has no translated_from record"),
    Rule("FRS002", W, "Translation is outdated"),
    Rule("FRS003", W, "Source page carries a translated_from record"),
    # Safety
    Rule("SAF001", E, "Raw <script> element"),
    Rule("SAF002", E, "Embedded content element (<iframe>, <object>, <embed>)"),
    Rule("SAF003", E, "Event handler attribute (on...=)"),
    Rule("SAF004", E, "javascript: URL"),
    Rule("SAF005", W, "Raw HTML in an article"),
    Rule("SAF006", E, "HTML that acts on the whole page (<form>, <style>, <meta>, style=)"),
    # Markdown the site cannot render
    Rule("MDX001", E, "Markdown too deeply nested or too complex to render"),
    # Files in the docs folder
    Rule("FIL001", E, "File type not allowed in the docs folder"),
    Rule("FIL002", E, "Image content does not match its file type"),
    Rule("FIL003", E, "SVG image with active or external content"),
    Rule("FIL004", E, "File replaces a theme file"),
    Rule("FIL005", E, "Symbolic link or special file in the docs folder"),
    Rule("FIL006", E, "Site icon too complex to draw"),
    # Tags
    Rule("TAG001", E, "Tag is not in the language's tag vocabulary"),
    Rule("TAG002", E, "Translation's tags are not the translations of the source's tags"),
    # Publishing: drafts and scheduled posts
    Rule("PUB001", W, "Translation is a draft, not published"),
    Rule("PUB002", E, "Published page links to a draft or scheduled page"),
    # The interface strings of mkdocs.yml
    Rule("CFG001", E, "Interface string contains markup"),
    # The checker itself
    Rule("INT001", E, "The file could not be checked"),
)

# The built-site check (winkelvloer.cli.check_site): the HTML, sitemap and feeds in site/.
_SITE_RULES = (
    # Links
    Rule("S001", E, "Link leads to no file of the site"),
    Rule("S002", E, "Anchor does not exist in the linked page"),
    Rule("S003", E, "javascript: URL"),
    Rule("S004", W, "Insecure http:// link"),
    Rule("S005", E, "Link leads outside the site"),
    # hreflang
    Rule("S010", E, "hreflang alternate is not an absolute URL"),
    Rule("S011", E, "No x-default hreflang alternate"),
    Rule("S012", E, "hreflang alternate does not link back"),
    Rule("S013", E, "hreflang listed twice or empty"),
    # The sitemap
    Rule("S020", W, "No sitemap"),
    Rule("S021", E, "Sitemap location is no page of the site"),
    Rule("S022", E, "Sitemap alternate is no page of the site"),
    Rule("S023", E, "Sitemap and page disagree on the alternates"),
    Rule("S024", E, "Sitemap is not valid XML"),
    # Output guards
    Rule("S030", E, "Inline event handler"),
    Rule("S031", E, "Script that is not the site's own"),
    Rule("S032", E, "<base> element"),
    Rule("S033", E, '<meta http-equiv="refresh">'),
    Rule("S034", E, "No Content-Security-Policy"),
    Rule("S035", E, "Symbolic link or special file in the built site"),
    Rule("S036", E, "Page nested too deeply to check"),
    # Sharing and search engines
    Rule("S040", E, "Structured data is not valid JSON"),
    Rule("S041", E, "Article structured data is incomplete"),
    Rule("S042", E, "Page lacks the structured data of its kind"),
    Rule("S043", E, "Metadata in another language than the page"),
    Rule("S044", E, "Site named or linked in another language"),
    Rule("S045", E, "Head metadata disagree"),
    Rule("S046", E, "Shared page has no og:image"),
    Rule("S047", E, "Article has no Open Graph publication times"),
    Rule("S048", E, "Page that must stay out of search results has no noindex"),
    # Feeds and social cards
    Rule("S050", W, "A language has no feed"),
    Rule("S051", E, "Feed is not valid Atom"),
    Rule("S052", E, "Feed entry leads nowhere"),
    Rule("S053", E, "Feed entry in another language"),
    Rule("S054", E, "og:image is not an absolute URL"),
    Rule("S055", E, "og:image file is missing"),
    Rule("S056", E, "og:image has another size than stated"),
)

CONTENT_RULES: Mapping[str, Rule] = MappingProxyType({rule.code: rule for rule in _CONTENT_RULES})
SITE_RULES: Mapping[str, Rule] = MappingProxyType({rule.code: rule for rule in _SITE_RULES})
RULES: Mapping[str, Rule] = MappingProxyType({**CONTENT_RULES, **SITE_RULES})


def finding(code: str, path: str, line: int, col: int, message: str) -> Finding:
    """A finding for `code`, with the severity the rule registry gives it."""
    rule = RULES[code]
    return Finding(path, max(line, 1), max(col, 1), code, rule.severity, message)
