"""The real content passes the check, and a deliberately broken copy of it fails with the
right file, line and code for every rule."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO
from winkelvloer.cli.check import main, run
from winkelvloer.core.config import load_site_config
from winkelvloer.core.findings import Finding
from winkelvloer.core.rules import CONTENT_RULES

W = "artikelen/waarom-verkopen-geen-hardloopwedstrijd-is"
D = "artikelen/deze-dingen-zeg-je-niet-tegen-een-klant"
R = "artikelen/waarom-je-restaurant-leeg-is"
N = "artikelen/nieuwe-klanten-werven"


def copy_real_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "overrides").symlink_to(REPO / "overrides", target_is_directory=True)
    return root


def test_real_content_has_no_errors(tmp_path: Path) -> None:
    findings = run(copy_real_site(tmp_path) / "mkdocs.yml", use_cache=False)
    assert [f.as_text() for f in findings if f.is_error] == []


def test_real_content_passes_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(copy_real_site(tmp_path))
    assert main([]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 errors")


class Breaker:
    """Edits a copy of docs/ and remembers where each edit must be reported.

    Errors in Dutch sources go into one article (N): while a source has errors, the checks
    that compare its translations with it are held back, so the parity and freshness cases
    use the other, clean sources.

    Locations are looked up after all edits (edits shift the lines below them), by the text
    the edit introduced.
    """

    def __init__(self, root: Path) -> None:
        self.docs = root / "docs"
        self._expected: list[tuple[str, Callable[[], int], str]] = []
        self._files: list[tuple[str, int, str]] = []

    def lines(self, page: str) -> list[str]:
        return (self.docs / f"{page}.md").read_text(encoding="utf-8").split("\n")

    def save(self, page: str, lines: list[str]) -> None:
        (self.docs / f"{page}.md").write_text("\n".join(lines), encoding="utf-8")

    def raw(self, page: str) -> bytes:
        return (self.docs / f"{page}.md").read_bytes()

    def index(self, page: str, prefix: str, occurrence: int = 1) -> int:
        """0-based index of the `occurrence`-th line starting with `prefix` (-1: the last)."""
        found = [i for i, line in enumerate(self.lines(page)) if line.startswith(prefix)]
        assert found, f"{page}: no line starts with {prefix!r}"
        return found[-1] if occurrence == -1 else found[occurrence - 1]

    def expect(self, page: str, where: int | str, code: str, occurrence: int = 1) -> None:
        """Expect `code` on line `where`, or on the line that starts with the text `where`."""
        if isinstance(where, int):
            self._expected.append((page, lambda: where, code))
        else:
            self._expected.append((page, lambda: self.index(page, where, occurrence) + 1, code))

    def expect_at_end(self, page: str, code: str) -> None:
        """Expect `code` on the page's last line of text."""
        self._expected.append(
            (page, lambda: len(self.lines(page)) - (not self.lines(page)[-1]), code)
        )

    @property
    def expected(self) -> list[tuple[str, int, str]]:
        pages = [(f"docs/{page}.md", line(), code) for page, line, code in self._expected]
        return pages + self._files

    def add_file(self, path: str, data: bytes | None, code: str, line: int = 1) -> None:
        """A file that is not a page (data None: a symbolic link out of the repository)."""
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if data is None:
            target.symlink_to("/etc/hostname")
        else:
            target.write_bytes(data)
        self._files.append((f"docs/{path}", line, code))

    def expect_file(self, path: str, line: int, code: str) -> None:
        """Expect `code` in a file that is not a page (path from the repository root)."""
        self._files.append((path, line, code))

    def replace(
        self, page: str, prefix: str, new: str, code: str | None, occurrence: int = 1
    ) -> None:
        lines = self.lines(page)
        lines[self.index(page, prefix, occurrence)] = new
        self.save(page, lines)
        if code:
            self.expect(page, new, code)

    def insert(
        self, page: str, before: str, new: str, code: str | None, blank: bool = True
    ) -> None:
        """Insert the line `new` (and an empty line) before the line starting with `before`."""
        lines = self.lines(page)
        at = self.index(page, before)
        lines[at:at] = [new, ""] if blank else [new]
        self.save(page, lines)
        if code:
            self.expect(page, new, code)

    def delete(self, page: str, prefix: str, occurrence: int = 1) -> None:
        lines = self.lines(page)
        del lines[self.index(page, prefix, occurrence)]
        self.save(page, lines)

    def new_file(self, page: str, data: bytes, code: str, line: int = 1) -> None:
        (self.docs / f"{page}.md").write_bytes(data)
        self.expect(page, line, code)


def break_reading(b: Breaker) -> None:
    source = b.raw(W)
    line = next(i for i, text in enumerate(source.split(b"\n")) if text.startswith(b"Stel je voor"))
    latin1 = source.replace(b"Stel je voor", b"St\xe9l je voor", 1)
    b.new_file("artikelen/latin1", latin1, "ENC001", line + 1)
    b.new_file("artikelen/bom", b"\xef\xbb\xbf" + source, "ENC002")
    b.new_file("artikelen/crlf", source.replace(b"\n", b"\r\n"), "ENC003")
    b.new_file("artikelen/leeg", b"", "ENC004")


def break_front_matter(b: Breaker) -> None:
    b.replace(f"{D}.de", "title: ", "title: Was du: in deinem Laden nie sagst", "FM001")
    lines = b.lines("index.de")
    b.save("index.de", ["---", "- eine Liste", *lines[lines.index("---", 1) :]])
    b.expect("index.de", 2, "FM002")
    lines = b.lines("tags.de")
    b.save("tags.de", lines[lines.index("---", 1) + 1 :])
    b.expect("tags.de", 1, "FM003")
    lines = b.lines("tags.fr")
    fence = lines.index("---", 1)
    del lines[fence]
    b.save("tags.fr", lines)
    b.expect("tags.fr", fence, "FM004")  # the line after which the --- belongs
    b.delete(N, "author: ")
    b.expect(N, 1, "FM005")
    b.replace(f"{N}.en", "date: ", "date: 16-11-2026", "FM006")
    b.insert(f"{N}.de", "author: ", "slug: neue-kunden", "FM007", blank=False)
    b.insert(f"{N}.fr", "author: ", "template: redirect.html", "FM009", blank=False)


def break_structure(b: Breaker) -> None:
    lines = b.lines("index.fr")
    del lines[b.index("index.fr", "# ")]
    b.save("index.fr", lines)
    b.expect("index.fr", lines.index("---", 1) + 2, "STR001")
    b.insert(N, "## 1. ", "# Een tweede H1", "STR002")
    b.replace(f"{R}.en", "# ", "# Why your restaurant is full", "STR003")
    b.insert(f"{R}.de", "## 2. ", "#### Zu tief", "STR004")
    b.replace(f"{W}.en", "## 3. ", "## 4. Customers are not obstacles", "STR005")
    b.insert(f"{W}.de", "## Schlussgedanke", "## Zwischendurch", "STR006")
    b.replace(f"{W}.fr", "## Le mot de la fin", "## Conclusion", "STR007")
    b.expect(f"{W}.fr", "## Conclusion", "STR006")
    b.save(f"{D}.en", [*b.lines(f"{D}.en"), "", "## 7. One more thing", "", "Text.", ""])
    b.expect(f"{D}.en", "## Final thought", "STR008")
    b.expect(f"{D}.en", "# ", "PAR003")
    b.replace(
        f"{D}.de",
        "Lies auch: ",
        f"Lies auch [Warum Verkaufen kein Wettrennen ist]({W[10:]}.md)",
        "STR009",
    )
    b.replace(
        f"{D}.fr",
        "À lire aussi : ",
        f"See also: [Pourquoi la vente n'est pas une course]({W[10:]}.md)",
        "STR010",
    )
    b.replace(
        f"{R}.en",
        "See also: ",
        "See also: [New customers](nieuwe-klanten-werven.md)",
        "STR011",
        occurrence=-1,
    )


def break_links(b: Breaker) -> None:
    b.replace(N, "Lees ook: ", "Lees ook: [Deze dingen](deze-dingen.md)", "LNK001")
    b.insert(N, "## 3. ", "Een ![schets](../assets/schets.png) van de winkel.", "LNK002")
    b.insert(f"{W}.en", "## 2. ", "Back to [the start](#1-its-not-a-sprint-at-all).", "LNK003")
    b.insert(N, "## 2. ", "Zie de [Engelse versie](waarom-je-restaurant-leeg-is.en.md).", "LNK004")
    b.insert(
        f"{R}.de",
        "## 3. ",
        "Siehe [hier](deze-dingen-zeg-je-niet-tegen-een-klant.de.md).",
        "LNK005",
    )
    b.insert(f"{R}.fr", "## 3. ", "Voir [l'original](crlf.md).", "LNK006")
    b.insert(
        N,
        "## 2. ",
        "Zie [de site](https://winkelvloer.github.io/winkelvloer/artikelen/).",
        "LNK007",
    )
    b.insert(N, "## 3. ", "Zie [de tags](/tags/).", "LNK008")
    b.insert(N, "## 4. ", "Zie <http://example.com/>.", "LNK009")
    b.insert(f"{N}.fr", "## 2. ", "Voir [le dossier](../assets/).", "LNK010")
    b.insert(f"{N}.fr", "## 3. ", "Voir [rien]().", "LNK011")
    b.insert(f"{N}.fr", "## 4. ", "Voir [la carte](https://[carte.example.com/).", "LNK012")


def break_translations(b: Breaker) -> None:
    b.new_file("artikelen/wees.en", b.raw(f"{W}.en"), "PAR001")
    b.new_file(f"{R}.es", b.raw(R), "PAR002")
    b.delete(f"{W}.de", "Lies auch: ", occurrence=-1)
    b.expect_at_end(f"{W}.de", "PAR004")  # where the line belongs: the end of the closing section
    b.insert(f"{R}.fr", "## 4. ", "![Plan](../assets/favicon.svg)", "PAR005")
    b.replace(f"{W}.fr", "date: ", "date: 2026-10-20", "PAR006")
    dutch = next(line for line in b.lines(W) if line.startswith("Stel je voor"))
    b.insert(f"{W}.en", "## 2. ", dutch, "PAR007")
    lines = b.lines("index.en")
    start = lines.index("translated_from:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("  "))
    b.save("index.en", lines[:start] + lines[end:])
    b.expect("index.en", 1, "FRS001")
    b.insert(R, "## 5. ", "Een nieuwe alinea in de bron.", None)
    b.expect(f"{R}.en", "translated_from:", "FRS002")
    record = 'translated_from: {intro: "0123456789"}'
    lines = b.lines("tags")
    lines.insert(lines.index("---", 1), record)
    b.save("tags", lines)
    b.expect("tags", record, "FRS003")


def break_safety(b: Breaker) -> None:
    b.insert(N, "## 5. ", "<script>alert(1)</script>", "SAF001")
    b.expect(N, "<script>", "SAF005")
    b.insert(N, "## 6. ", '<iframe src="https://example.com/"></iframe>', "SAF002")
    b.insert(f"{N}.de", "## 2. ", '<span onclick="x()">Klick</span>', "SAF003")
    b.insert(f"{N}.de", "## 3. ", "[Klick](javascript:alert(1))", "SAF004")
    b.insert(f"{N}.fr", "## 2. ", '<form action="https://example.com/"></form>', "SAF006")
    b.insert("tags.en", "title: ", "editor: &e Redactie", "FM008", blank=False)


def break_files(b: Breaker) -> None:
    deep = "\n".join("  " * level + "- Punt" for level in range(100))
    b.new_file("diep", f"---\ntitle: Diep\n---\n\n# Diep\n\n{deep}\n".encode(), "MDX001", 68)
    b.add_file("nieuwsbrief.html", b"<script>alert(1)</script>", "FIL001")
    b.add_file("img/foto.png", b"<html></html>", "FIL002")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script></svg>'
    b.add_file("img/logo.svg", svg, "FIL003", line=2)
    b.add_file("assets/images/favicon.png", b"\x89PNG\r\n\x1a\n", "FIL004")
    b.add_file("img/link.png", None, "FIL005")
    bomb = (REPO / "tests/fixtures/check/fil006-fail-use-bomb/docs/img/icon.svg").read_bytes()
    b.add_file("assets/favicon.svg", bomb, "FIL006")


def break_interface_strings(b: Breaker) -> None:
    config = b.docs.parent / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("copyright: "))
    lines[at] = 'copyright: © <a href="https://example.org/">Winkelvloer</a>'
    config.write_text("\n".join(lines), encoding="utf-8")
    b.expect_file("mkdocs.yml", at + 1, "CFG001")


def break_tags_and_publishing(b: Breaker) -> None:
    b.replace(f"{W}.en", "  - Sales", "  - Sale", "TAG001")
    b.replace(f"{R}.de", "  - Gastronomie", "  - Einzelhandel", None)
    b.expect(f"{R}.de", "tags:", "TAG002")
    b.insert(f"{R}.fr", "author: ", "draft: true", "PUB001", blank=False)
    lines = b.lines(W)
    lines.insert(lines.index("---", 1), "draft: true")
    b.save("artikelen/concept", lines)
    b.insert(f"{W}.en", "## 2. ", "See [the draft](concept.md).", "PUB002")


@pytest.fixture
def broken(tmp_path: Path) -> tuple[Path, Breaker]:
    root = copy_real_site(tmp_path)
    breaker = Breaker(root)
    for step in (
        break_reading,
        break_front_matter,
        break_structure,
        break_links,
        break_translations,
        break_safety,
        break_files,
        break_interface_strings,
        break_tags_and_publishing,
    ):
        step(breaker)
    return root, breaker


def test_broken_copy_reports_every_rule_where_it_was_broken(broken: tuple[Path, Breaker]) -> None:
    root, breaker = broken
    findings = run(root / "mkdocs.yml", use_cache=False)
    got = {(f.path, f.line, f.code) for f in findings}
    missing = [e for e in breaker.expected if e not in got]
    assert missing == [], "\n".join(f.as_text() for f in findings)
    assert {code for _, _, code in breaker.expected} == set(CONTENT_RULES) - {"INT001"}


def test_valid_variations_give_no_link_findings(broken: tuple[Path, Breaker]) -> None:
    root, _ = broken
    findings: list[Finding] = run(root / "mkdocs.yml", use_cache=False)
    for name in ("crlf", "bom"):
        path = f"docs/artikelen/{name}.md"
        assert {f.code for f in findings if f.path == path} == {
            "ENC003" if name == "crlf" else "ENC002"
        }


def test_broken_copy_fails_the_command(
    broken: tuple[Path, Breaker],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root, _ = broken
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(root)
    assert main([]) == 1
    assert "errors" in capsys.readouterr().out.splitlines()[-1]


def test_a_typo_in_a_dutch_read_also_slug_gives_one_message_with_the_fix(tmp_path: Path) -> None:
    root = copy_real_site(tmp_path)
    source = root / "docs" / f"{N}.md"
    right = "(waarom-verkopen-geen-hardloopwedstrijd-is.md)"
    typo = "(waarom-verkopen-geen-hardlopwedstrijd-is.md)"
    text = source.read_text(encoding="utf-8")
    assert right in text
    source.write_text(text.replace(right, typo), encoding="utf-8")
    findings = run(root / "mkdocs.yml", use_cache=False)
    assert [(f.path, f.code) for f in findings] == [(f"docs/{N}.md", "LNK001")]
    assert "did you mean waarom-verkopen-geen-hardloopwedstrijd-is.md?" in findings[0].message


def test_a_dutch_anchor_on_an_english_page_names_the_english_anchor(tmp_path: Path) -> None:
    root = copy_real_site(tmp_path)
    page = root / "docs" / f"{W}.en.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("## 2. "))
    lines[at:at] = ["Back to [the start](#1-het-is-geen-snelheidswedstrijd).", ""]
    page.write_text("\n".join(lines), encoding="utf-8")
    findings = run(root / "mkdocs.yml", use_cache=False)
    assert [(f.line, f.code) for f in findings] == [(at + 1, "LNK003")]
    site = load_site_config(root / "mkdocs.yml")
    english = next(line for line in lines if line.startswith("## 1. "))
    anchor = site.slugify(english[3:], site.separator)
    assert f"did you mean #{anchor}?" in findings[0].message
    assert "Dutch version" in findings[0].message
