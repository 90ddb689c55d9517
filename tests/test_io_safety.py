"""Hostile places to write (issue 15): `-o` naming a device, a FIFO, a symlink or a file
someone else set the mode of; a full disk; a read-only output folder or OUTDIR.

Expected everywhere: what is not a regular file is written into, never replaced; a
symlink is followed; an existing file keeps its mode; a new one follows the umask; a
failure is one line naming the path with exit status 1, no traceback and no half file.
"""
from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclean.cli import main

from _crawl import jsonl_bytes, page_objects
from _pages import SWELL_TITLE, story_page


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def page(tmp_path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(story_page(), encoding="utf-8")
    return path


def assert_one_error(result, *needles: str, code: int = 1) -> None:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("newsclean: error:"), lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    assert result.exit_code == code


def make_device(path: Path, minor: int) -> Path:
    """A twin of /dev/null (minor 3) or /dev/full (minor 7) at ``path``."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


# --- -o writes through what is not a regular file ----------------------------------------

def test_output_to_a_character_device_leaves_the_device(runner, page, tmp_path):
    """`mknod /tmp/n c 1 3; newsclean clean -o /tmp/n page.txt` left a 0600 regular file
    where the device was (as root, `-o /dev/null` destroyed the system's /dev/null). The
    test makes its own /dev/null twin, so that a regression cannot break the machine's."""
    node = make_device(tmp_path / "null", 3)
    result = runner.invoke(main, ["clean", "-o", str(node), str(page)])
    assert result.exit_code == 0, result.stderr
    st = os.lstat(node)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".newsclean")] == []


def test_output_to_a_fifo_reaches_its_reader(runner, page, tmp_path):
    """A FIFO's reader waited forever: the temp file was renamed over the FIFO."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = runner.invoke(main, ["clean", "-o", str(fifo), str(page)])
    reader.join(timeout=10)
    assert not reader.is_alive(), "the FIFO's reader is still waiting"
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert SWELL_TITLE in got[0].decode("utf-8")


def test_output_to_a_symlink_replaces_the_target_and_keeps_the_link(runner, page, tmp_path):
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "docs.txt"
    target.write_text("old\n")
    link = tmp_path / "docs.txt"
    link.symlink_to(target)
    result = runner.invoke(main, ["clean", "-o", str(link), str(page)])
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert SWELL_TITLE in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["docs.txt"]


def test_output_to_a_dangling_symlink_creates_its_target(runner, page, tmp_path):
    link = tmp_path / "docs.txt"
    link.symlink_to(tmp_path / "made.txt")
    assert runner.invoke(main, ["clean", "-o", str(link), str(page)]).exit_code == 0
    assert link.is_symlink() and SWELL_TITLE in (tmp_path / "made.txt").read_text(encoding="utf-8")


def test_an_existing_file_keeps_its_mode(runner, page, tmp_path):
    out = tmp_path / "docs.txt"
    out.write_text("old\n")
    out.chmod(0o644)
    assert runner.invoke(main, ["clean", "-o", str(out), str(page)]).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert SWELL_TITLE in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_follows_the_umask(runner, page, tmp_path, umask, mode):
    out = tmp_path / "docs.txt"
    old = os.umask(umask)
    try:
        result = runner.invoke(main, ["clean", "-o", str(out), str(page)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_learn_output_follows_symlinks_and_keeps_the_mode(runner, tmp_path):
    dump = tmp_path / "pages.jsonl"
    dump.write_bytes(jsonl_bytes(page_objects()))
    target = tmp_path / "profile.json"
    target.write_text("{}")
    target.chmod(0o640)
    link = tmp_path / "sites.json"
    link.symlink_to(target)
    result = runner.invoke(main, ["learn", str(dump), "-o", str(link)])
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text() != "{}"


# --- a failure is one line naming the path ------------------------------------------------

def test_stdout_on_a_full_disk_is_one_line_and_exit_1(page):
    """`newsclean clean page.txt > /dev/full` printed a traceback."""
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "newsclean", "clean", str(page)],
                              stdout=full, stderr=subprocess.PIPE, timeout=60)
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 1
    assert lines == ["newsclean: error: <stdout>: cannot write (No space left on device)"]


@pytest.mark.parametrize("command", ["clean", "explain"])
def test_a_full_disk_under_other_commands_too(page, command):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "newsclean", command, str(page)],
                              stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.decode().splitlines() == [
        "newsclean: error: <stdout>: cannot write (No space left on device)"]


def test_output_file_on_a_full_disk_is_one_line_and_exit_1(runner, page, tmp_path):
    """A /dev/full twin is a device, so it is written into, and says the disk is full.
    (Never `-o /dev/full` itself in a test: a regression would replace the machine's.)"""
    full = make_device(tmp_path / "full", 7)
    result = runner.invoke(main, ["clean", "-o", str(full), str(page)])
    assert_one_error(result, f"{full}: cannot write (No space left on device)")
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_full_disk_midway_leaves_the_old_file_and_no_temp_file(runner, page, tmp_path, monkeypatch):
    out = tmp_path / "docs.txt"
    out.write_text("old\n")
    import newsclean.cli as cli

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "fsync", full)
    result = runner.invoke(main, ["clean", "-o", str(out), str(page)])
    assert_one_error(result, f"{out}: cannot write (No space left on device)")
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs.txt", "page.txt"]


@pytest.mark.parametrize("command", ["clean", "learn"])
def test_output_into_a_read_only_folder_is_one_line(runner, page, tmp_path, monkeypatch, command):
    """`clean -o`/`learn -o` into a read-only folder gave a PermissionError traceback.
    Root writes anywhere, so the folder's refusal is what mkstemp is made to say."""
    import newsclean.cli as cli

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(cli.tempfile, "mkstemp", refuse)
    out = tmp_path / "out.json"
    result = runner.invoke(main, [command, str(page), "-o", str(out)])
    assert_one_error(result, f"{out}: cannot write (Permission denied)")
    assert not out.exists()


def test_resuming_into_a_read_only_outdir_is_one_line(runner, page, tmp_path, monkeypatch):
    """An OUTDIR whose manifest cannot be written (read-only) gave a
    sqlite3.OperationalError traceback. The manifest is opened read-only to stand in for
    a read-only folder (root could write anyway)."""
    out = tmp_path / "out"
    assert runner.invoke(main, ["batch", str(page), "-o", str(out), "-j", "1", "-q"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect",
                        lambda path, **kw: real(f"file:{path}?mode=ro", uri=True, **kw))
    other = tmp_path / "other.txt"
    other.write_text(story_page(), encoding="utf-8")
    result = runner.invoke(main, ["batch", str(page), str(other), "-o", str(out), "-j", "1", "-q"])
    assert_one_error(result, str(out / "manifest.sqlite"), "readonly database")
    after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith("manifest.sqlite-")}
    assert after == {k: v for k, v in before.items() if not k.startswith("manifest.sqlite-")}


def test_a_full_disk_while_writing_the_report_is_one_line(runner, page, tmp_path, monkeypatch):
    import newsclean.batch as batch

    real = batch.os.fsync

    def full(fd):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".report.json.tmp"):
            raise OSError(28, "No space left on device")
        return real(fd)

    monkeypatch.setattr(batch.os, "fsync", full)
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(page), "-o", str(out), "-j", "1", "-q"])
    assert_one_error(result, "cannot write (No space left on device)")
    assert not list(out.glob(".*.tmp")), "a half-written temp file was left"


def test_a_full_disk_while_creating_the_manifest_is_one_line(runner, page, tmp_path, monkeypatch):
    def full(path, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(sqlite3, "connect", full)
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(page), "-o", str(out), "-j", "1"])
    assert_one_error(result, f"{out / 'manifest.sqlite'}: cannot write (database or disk is full)")
    assert not list(out.glob("part-*"))


def test_an_outdir_that_cannot_be_made_is_one_line(runner, page, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(main, ["batch", str(page), "-o", str(blocker / "out"), "-j", "1"])
    assert_one_error(result, str(blocker / "out"), "cannot write")
