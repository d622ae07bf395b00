"""Faults on purpose: writes that fail or are interrupted at every step, commands killed at
random moments, a full disk (simulated: an OSError ENOSPC where the data goes to the disk),
and caches damaged in every way a disk, a user or a crash can damage them.

Whatever happens, an editor's file is as it was (or, for a new one, absent or complete), no
temporary file is left behind, the command says what happened in one line with a non-zero
exit and no traceback, and a damaged cache never changes a result.
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CHECK_BASE, CHECK_FIXTURES, assemble_fixture
from winkelvloer.cli import new_page, status
from winkelvloer.cli.check import run
from winkelvloer.content.corpus import cache_file
from winkelvloer.core import atomic
from winkelvloer.core.atomic import FileExists, WriteFailed, read_regular, write_atomically
from winkelvloer.core.config import load_site_config
from winkelvloer.core.findings import Finding
from winkelvloer.render import build_cache
from winkelvloer.render.social_card import Card, CardStyle, card_png, draw, png_bytes

SEED = 20261130
TITLE = "Een klacht is een tweede kans"
SLUG = "een-klacht-is-een-tweede-kans"
DESCRIPTION = (
    "Hoe je van een boze klant iemand maakt die terugkomt en je aanbeveelt, stap voor stap."
)
ARTICLE = ["article", "--title", TITLE, "--slug", SLUG, "--tags", "Verkoop"]
ARTICLE += ["--description", DESCRIPTION]
# The system calls by which a write reaches the disk; a fault is injected at each in turn.
STEPS = ("write", "fsync", "link", "replace")
FAULTS: dict[str, Callable[[], BaseException]] = {
    "full disk": lambda: OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)),
    "Ctrl+C": KeyboardInterrupt,
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small site of the check's fixtures, as the working directory, with a cache of its
    own; the French translation of alpha is missing (for make translate)."""
    root = assemble_fixture(CHECK_BASE, None, tmp_path / "project")
    (root / "docs" / "artikelen" / "alpha.fr.md").unlink()
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    for name in ("TITLE", "SLUG", "TAGS", "DESCRIPTION"):
        monkeypatch.delenv(name, raising=False)
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder, hidden ones included, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


def one_line_error(text: str) -> None:
    assert "Traceback" not in text
    assert text.count("\n") == 1, text
    assert text.strip()


@pytest.fixture
def fault_at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, BaseException], None]:
    """Make one system call of core.atomic fail (ENOSPC) or be interrupted (as by Ctrl+C or a
    kill) the first time it is made."""

    def inject(step: str, error: BaseException) -> None:
        original = getattr(os, step)

        def failing(*args: object, **kwargs: object) -> object:
            monkeypatch.setattr(os, step, original)
            raise error

        monkeypatch.setattr(os, step, failing)

    return inject


# --- The write itself --------------------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_a_replaced_file_is_old_or_new_never_half(
    tmp_path: Path, fault_at: Callable[[str, BaseException], None], step: str, fault: str
) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(b"the editor's text\n")
    page.chmod(0o640)
    fault_at(step, FAULTS[fault]())
    with pytest.raises((OSError, KeyboardInterrupt)):
        write_atomically(page, b"new text\n" * 1000)
    assert page.read_bytes() == b"the editor's text\n"
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.md"]


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("step", ["write", "fsync", "link"])
def test_a_new_file_is_complete_or_absent(
    tmp_path: Path, fault_at: Callable[[str, BaseException], None], step: str, fault: str
) -> None:
    fault_at(step, FAULTS[fault]())
    with pytest.raises((OSError, KeyboardInterrupt)):
        write_atomically(tmp_path / "new.md", b"text\n", exclusive=True)
    assert list(tmp_path.iterdir()) == []
    write_atomically(tmp_path / "new.md", b"text\n", exclusive=True)
    assert (tmp_path / "new.md").read_bytes() == b"text\n"


def test_a_new_file_never_replaces_one(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_bytes(b"mine")
    with pytest.raises(FileExists):
        write_atomically(tmp_path / "page.md", b"theirs", exclusive=True)
    assert (tmp_path / "page.md").read_bytes() == b"mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.md"]


def test_a_full_disk_is_one_sentence(tmp_path: Path, fault_at: Callable[..., None]) -> None:
    fault_at("write", OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    with pytest.raises(WriteFailed) as raised:
        write_atomically(tmp_path / "page.md", b"text")
    assert str(raised.value) == f"cannot write {tmp_path / 'page.md'}: No space left on device"


def test_what_a_killed_writer_left_is_removed_by_the_next_write(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    page = tmp_path / "page.md"
    page.write_bytes(b"old")
    stale = atomic.temporary_name(page, int(gone.stdout))
    stale.write_bytes(b"half")
    running = atomic.temporary_name(page)  # this process's, as if writing right now
    running.write_bytes(b"busy")
    write_atomically(page, b"new", tidy=True)
    assert not stale.exists()
    assert running.exists()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_read_never_waits_on_what_is_not_a_file(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "entry"
    os.mkfifo(target) if kind == "fifo" else target.mkdir()
    with pytest.raises(OSError):
        read_regular(target)


# --- The editor's commands, in process ---------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("step", ["write", "fsync", "link"])
def test_make_new_fails_whole(
    project: Path,
    fault_at: Callable[[str, BaseException], None],
    capsys: pytest.CaptureFixture[str],
    step: str,
    fault: str,
) -> None:
    before = snapshot(project / "docs")
    fault_at(step, FAULTS[fault]())
    assert new_page.main(ARTICLE) != 0
    output = capsys.readouterr()
    one_line_error(output.err)
    assert "wrote" not in output.out
    assert snapshot(project / "docs") == before
    # Nothing half-written stands in the way of the next try.
    assert new_page.main(ARTICLE) == 0
    assert (project / "docs" / "artikelen" / f"{SLUG}.md").read_text(encoding="utf-8").count(
        f"# {TITLE}\n"
    ) == 1


@pytest.mark.parametrize("fault", FAULTS)
def test_make_translate_fails_whole(
    project: Path,
    fault_at: Callable[[str, BaseException], None],
    capsys: pytest.CaptureFixture[str],
    fault: str,
) -> None:
    before = snapshot(project / "docs")
    fault_at("fsync", FAULTS[fault]())
    assert new_page.main(["translate", "alpha", "--lang", "fr"]) != 0
    output = capsys.readouterr()
    one_line_error(output.err)
    assert "wrote" not in output.out
    assert snapshot(project / "docs") == before
    assert new_page.main(["translate", "alpha", "--lang", "fr"]) == 0


def outdate(translation: Path) -> None:
    """The translation's record of its source's title no longer matches: mark-updated writes."""
    lines = translation.read_text(encoding="utf-8").split("\n")
    title = next(i for i, line in enumerate(lines) if line.startswith("  title: "))
    assert lines[title] != '  title: "0000000000"'
    lines[title] = '  title: "0000000000"'
    translation.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_mark_updated_fails_whole(
    project: Path,
    fault_at: Callable[[str, BaseException], None],
    capsys: pytest.CaptureFixture[str],
    step: str,
    fault: str,
) -> None:
    english = project / "docs" / "artikelen" / "alpha.en.md"
    outdate(english)
    before = snapshot(project / "docs")
    fault_at(step, FAULTS[fault]())
    assert status.main(["--mark-updated", "docs/artikelen/alpha.en.md"]) != 0
    one_line_error(capsys.readouterr().err)
    assert snapshot(project / "docs") == before


@pytest.mark.parametrize(
    "line", ["date: 2026-02-30", "draft: !!bool perhaps", "date: !!timestamp never"]
)
def test_mark_updated_refuses_what_it_cannot_read(
    project: Path, capsys: pytest.CaptureFixture[str], line: str
) -> None:
    english = project / "docs" / "artikelen" / "alpha.en.md"
    english.write_text(
        english.read_text(encoding="utf-8").replace("date: 2026-10-05", line), encoding="utf-8"
    )
    before = snapshot(project / "docs")
    assert status.main(["--mark-updated", "docs/artikelen/alpha.en.md"]) == 1
    output = capsys.readouterr().err
    one_line_error(output)
    assert "front matter that cannot be read" in output
    assert snapshot(project / "docs") == before


# --- The editor's commands, killed at random moments ----------------------------------------------


def command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "winkelvloer.cli.new_page", *arguments]


KILLED = [
    ("new", command(*ARTICLE), f"{SLUG}.md"),
    ("translate", command("translate", "alpha", "--lang", "fr"), "alpha.fr.md"),
    (
        "mark-updated",
        [sys.executable, "-m", "winkelvloer.cli.status", "--mark-updated",
         "docs/artikelen/alpha.en.md"],
        "alpha.en.md",
    ),
]  # fmt: skip


def run_until(arguments: list[str], delay: float, sig: int) -> subprocess.CompletedProcess[str]:
    process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    process.send_signal(sig)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(arguments, process.returncode, out, err)


@pytest.mark.parametrize(("name", "arguments", "target"), KILLED, ids=[k[0] for k in KILLED])
def test_a_command_killed_at_any_moment_leaves_the_file_whole(
    project: Path, name: str, arguments: list[str], target: str
) -> None:
    """Ctrl+C or SIGTERM at random moments of the command's life, from its start to past its
    end: the file is as before or as a complete run writes it, and nothing else is left."""
    path = project / "docs" / "artikelen" / target
    english = project / "docs" / "artikelen" / "alpha.en.md"
    outdate(english)
    before = path.read_bytes() if path.exists() else None
    complete = subprocess.run(arguments, capture_output=True, text=True, check=True)
    assert complete.returncode == 0
    after = path.read_bytes()
    rng = random.Random(f"{SEED}-{name}")
    for attempt in range(4):
        if before is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(before)
        sig = (signal.SIGINT, signal.SIGTERM)[attempt % 2]
        result = run_until(arguments, rng.uniform(0.0, 1.8), sig)
        now = path.read_bytes() if path.exists() else None
        assert now in (before, after), (attempt, result.stderr)
        assert temporaries(project) == []
        assert "Traceback" not in result.stderr
        assert result.stderr.count("\n") <= 1, result.stderr
        if result.returncode != 0:
            assert result.stderr.strip() or result.returncode < 0 or result.returncode > 128
        if "wrote" in result.stdout or "marked up to date" in result.stdout:
            assert now == after  # success is reported only for a complete file


def test_a_page_killed_hard_while_written_is_never_half(project: Path) -> None:
    """SIGKILL leaves no chance to clean up: still no page of 0 bytes or half a page, and the
    next run writes it and leaves no temporary file."""
    path = project / "docs" / "artikelen" / f"{SLUG}.md"
    rng = random.Random(SEED)
    for _ in range(4):
        run_until(command(*ARTICLE), rng.uniform(0.2, 2.0), signal.SIGKILL)
        if path.exists():
            assert f"# {TITLE}\n" in path.read_text(encoding="utf-8")
            path.unlink()
    assert subprocess.run(command(*ARTICLE), capture_output=True, check=False).returncode == 0
    assert temporaries(project / "docs") == []


# --- The check's cache -------------------------------------------------------------------------


@pytest.fixture
def checked(project: Path) -> tuple[Path, list[Finding]]:
    """A site with findings, checked once without the cache (what every run must report),
    then once with it (which fills it). The cache file and those findings."""
    case = CHECK_FIXTURES / "lnk003-fail-missing-anchors"
    for source in case.rglob("*.md"):
        target = project / source.relative_to(case)
        shutil.copyfile(source, target)
    expected = run(project / "mkdocs.yml", use_cache=False)
    assert expected
    assert run(project / "mkdocs.yml") == expected
    file = cache_file(load_site_config(project / "mkdocs.yml"))
    assert file is not None and file.is_file()
    return file, expected


def rerun(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[list[Finding], str]:
    found = run(project / "mkdocs.yml")
    return found, capsys.readouterr().err


def test_no_byte_change_in_the_check_cache_changes_a_result(
    project: Path, checked: tuple[Path, list[Finding]], capsys: pytest.CaptureFixture[str]
) -> None:
    file, expected = checked
    clean = file.read_bytes()
    rng = random.Random(SEED)
    for _ in range(60):
        damaged = bytearray(clean)
        position = rng.randrange(len(damaged))
        damaged[position] = (damaged[position] + rng.randrange(1, 256)) % 256
        file.write_bytes(bytes(damaged))
        found, err = rerun(project, capsys)
        assert found == expected, position
        assert err.count("\n") <= 1 and "Traceback" not in err
        file.write_bytes(clean)


def entries(file: Path) -> dict[str, list[str]]:
    pages: dict[str, list[str]] = json.loads(file.read_bytes())["pages"]
    return pages


def truncate(file: Path) -> None:
    file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])


def folder_instead(file: Path) -> None:
    file.unlink()
    file.mkdir()


def fifo_instead(file: Path) -> None:
    file.unlink()
    os.mkfifo(file)


def rewrite_pages(file: Path, change: Callable[[str, list[str]], object]) -> None:
    document = json.loads(file.read_bytes())
    document["pages"] = {path: change(path, entry) for path, entry in entries(file).items()}
    file.write_text(json.dumps(document), encoding="utf-8")


DAMAGE: dict[str, Callable[[Path], object]] = {
    "truncated": truncate,
    "bad UTF-8": lambda f: f.write_bytes(b"\xff\xfe" + f.read_bytes()[2:]),
    "not JSON": lambda f: f.write_text("{half", encoding="utf-8"),
    "a list": lambda f: f.write_text("[1, 2, 3]", encoding="utf-8"),
    "pages of another shape": lambda f: rewrite_pages(f, lambda path, entry: [1]),
    "a record of another shape": lambda f: rewrite_pages(
        f, lambda path, entry: [entry[0], "[1]", entry[2]]
    ),
    "empty": lambda f: f.write_bytes(b""),
    "a folder": folder_instead,
    "a FIFO": fifo_instead,
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_check_cache_is_recomputed_with_one_warning(
    project: Path,
    checked: tuple[Path, list[Finding]],
    capsys: pytest.CaptureFixture[str],
    damage: str,
) -> None:
    file, expected = checked
    DAMAGE[damage](file)
    found, err = rerun(project, capsys)
    assert found == expected
    assert "Traceback" not in err
    assert err.count("\n") == 1
    assert err.startswith("warning: the check's cache"), err
    assert run(project / "mkdocs.yml") == expected  # made whole again
    assert capsys.readouterr().err == ""


def test_a_check_cache_that_cannot_be_written_costs_time_only(
    project: Path, checked: tuple[Path, list[Finding]], capsys: pytest.CaptureFixture[str]
) -> None:
    file, expected = checked
    file.unlink()
    file.parent.chmod(0o500)
    try:
        found, err = rerun(project, capsys)
    finally:
        file.parent.chmod(0o700)
    assert found == expected
    if os.geteuid() != 0:  # root writes into a read-only folder all the same
        assert err.startswith("warning: the check's cache") and err.count("\n") == 1


def test_a_check_cache_behind_a_fifo_does_not_hang_the_check(
    project: Path, checked: tuple[Path, list[Finding]]
) -> None:
    file, _ = checked
    file.unlink()
    os.mkfifo(file)
    result = subprocess.run(
        [sys.executable, "-m", "winkelvloer.cli.check"],
        capture_output=True,
        text=True,
        timeout=60,  # a hang detector, not a measure of speed
        check=False,
        env={**os.environ},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


# --- The build's cache ---------------------------------------------------------------------------


def counting(value: object) -> tuple[list[int], Callable[[], object]]:
    calls: list[int] = []

    def compute() -> object:
        calls.append(1)
        return value

    return calls, compute


def one_entry(folder: Path) -> Path:
    (entry,) = [p for p in folder.iterdir() if not p.name.startswith(".")]
    return entry


BUILD_DAMAGE: dict[str, Callable[[Path], object]] = {
    "truncated": truncate,
    "bad UTF-8": lambda f: f.write_bytes(f.read_bytes()[:-1] + b"\xff"),
    "a changed byte": lambda f: f.write_bytes(f.read_bytes().replace(b"42", b"43")),
    "no digest": lambda f: f.write_bytes(f.read_bytes().partition(b"\n")[2]),
    "the old format": lambda f: f.write_text('{"answer": 43}', encoding="utf-8"),
    "empty": lambda f: f.write_bytes(b""),
    "a folder": folder_instead,
    "a FIFO": fifo_instead,
}


@pytest.mark.parametrize("damage", BUILD_DAMAGE)
def test_a_damaged_build_cache_entry_is_made_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    calls, compute = counting({"answer": 42})
    assert build_cache.memoized(tmp_path, "v1", "text", compute) == {"answer": 42}
    BUILD_DAMAGE[damage](one_entry(tmp_path))
    with caplog.at_level("WARNING", logger="winkelvloer.build_cache"):
        assert build_cache.memoized(tmp_path, "v1", "text", compute) == {"answer": 42}
        assert build_cache.memoized(tmp_path, "v1", "text", compute) == {"answer": 42}
    assert len(calls) == 2  # once at first, once for the damaged entry; then it is sound again
    assert len(caplog.records) == 1


def test_a_read_only_build_cache_costs_time_only(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        _, compute = counting([1, 2])
        assert build_cache.memoized(folder, "v1", "text", compute) == [1, 2]
        assert build_cache.cached_text(folder, "key", lambda: "html") == "html"
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("damage", ["truncated", "a changed byte", "a FIFO"])
def test_a_damaged_feed_entry_is_made_again(tmp_path: Path, damage: str) -> None:
    assert build_cache.cached_text(tmp_path, "entry", lambda: "<p>42</p>") == "<p>42</p>"
    BUILD_DAMAGE[damage](one_entry(tmp_path))
    assert build_cache.cached_text(tmp_path, "entry", lambda: "<p>42</p>") == "<p>42</p>"


@pytest.mark.parametrize("damage", ["truncated", "a changed byte", "no digest", "a folder"])
def test_a_damaged_card_is_drawn_again(tmp_path: Path, damage: str) -> None:
    card = Card("Een klacht is een tweede kans", "Winkelvloer", "nl")
    style = CardStyle("#00796b", "#ffffff", "#bf360c")
    drawn = png_bytes(draw(card, style, ""), card)
    path = tmp_path / "cards" / "card.png"
    assert card_png(path, card, style, "") == drawn
    assert card_png(path, card, style, "") == drawn  # from the cache
    BUILD_DAMAGE[damage](path)
    assert card_png(path, card, style, "") == drawn


def test_a_cache_folder_inside_the_project_is_ignored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = tmp_path / "site-repo"
    (project / "planted" / "feed-entries").mkdir(parents=True)
    build_cache.cache_root.cache_clear()
    with caplog.at_level("WARNING", logger="winkelvloer.build_cache"):
        chosen = build_cache.cache_root(str(project / "planted"), "", project)
    assert not chosen.is_relative_to(project)
    assert [r.getMessage() for r in caplog.records if "SITE_CACHE_DIR" in r.getMessage()]
    outside = build_cache.cache_root(str(tmp_path / "elsewhere"), "", project)
    assert outside == tmp_path / "elsewhere"
