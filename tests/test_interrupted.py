"""Interrupted, concurrent and starved builds, and a build's reach at run time.

A build killed at any moment (SIGKILL: no clean-up code runs) leaves every output file the
old one or the new one, whole, and a manifest whose every entry matches its file; the next
build finishes or cleans up and gives the bytes of an uninterrupted one. Two builds into
one folder never interleave: the second stops at once (exit 3). A full disk stops the
build with a clear message and leaves the earlier files as they were. A build opens no
network connection, starts no program and reads nothing outside the campaign, its output
and the installed packages.

"Old" is a build of the campaign before a change to every Maasdal poster (the region's
contact line); "new" is an uninterrupted build after it, made once as the reference.
Outputs are deterministic, so "old or new" is a checksum comparison per file.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_into, shared_build
from toolkit.publish.outputs import JOURNAL, OutputFolder
from toolkit.run.cli import main

REGION = "assets/regions/maasdal/region.toml"
SMALL = ("--region", "maasdal", "--only", "poster", "--jobs", "1")
# Both regions on two workers: the parent and forked workers are killed together.
FORKED = ("--only", "poster", "--jobs", "2")

# Runs the CLI with os.replace counted; at the N-th rename the process SIGKILLs itself,
# the harshest moment of a commit (N = 0: never; the count is printed at the end).
KILL_AT_RENAME = """
import os, signal, sys
limit = int(os.environ["KILL_AT_RENAME"])
count = 0
real_replace = os.replace
def replace(*args, **kwargs):
    global count
    count += 1
    if count == limit:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(*args, **kwargs)
os.replace = replace
from toolkit.run.cli import main
code = main(sys.argv[1:])
print(f"renames={count}", file=sys.stderr)
sys.exit(code)
"""

# Refuses (and reports) what a build must never do: connect, resolve, start a program.
GUARDED_RUN = """
import os, sys
FORBIDDEN = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
             "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "urllib.Request",
             "http.client.connect", "ftplib.connect", "smtplib.connect",
             "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn")
opened = []
def hook(event, args):
    if event in FORBIDDEN:
        os.write(2, f"FORBIDDEN {event} {args!r}\\n".encode())
        os._exit(99)
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        opened.append(os.fsdecode(args[0]))
sys.addaudithook(hook)
from toolkit.run.cli import main
code = main(sys.argv[2:])
with open(sys.argv[1], "w") as log:
    log.write("\\n".join(opened))
sys.exit(code)
"""


def visible_files(out: Path) -> dict[str, str]:
    """sha256 of every output file (hidden bookkeeping such as staging left out)."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def every_file(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    """Hidden files or folders a finished build must not leave (the cache is expected)."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob(".*")
                  if p.name != ".toolkit-cache.json")


def assert_consistent(out: Path, old: dict[str, str], new: dict[str, str]) -> None:
    """Every file is the old one or the new one, whole; every manifest entry matches (the
    manifest itself may be the old one, the new one, or the old one without the entries of
    the files being replaced)."""
    for path, digest in visible_files(out).items():
        if path == "manifest.json":
            continue
        assert digest in {old.get(path), new.get(path)}, f"{path} is neither old nor new"
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))  # whole JSON
    for entry in manifest["files"]:
        data = (out / entry["path"]).read_bytes()
        assert len(data) == entry["bytes"], entry["path"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]


def python(*arguments: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *arguments], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300, **options)


def _versions(root: Path) -> int:
    """Into root: the campaign with the change, the old output and the new reference."""
    campaign = root / "campaign"
    for name in ("assets", "templates"):
        shutil.copytree(ROOT / name, campaign / name)
    old = root / "old"
    assert build_into(old, *SMALL[:-2], "--only", "deskcard", campaign=campaign) == 0
    assert build_into(old, *FORKED[:-2], campaign=campaign) == 0
    region = campaign / REGION
    text = region.read_text("utf-8")
    assert 'contact = "' in text
    region.write_text(text.replace('contact = "', 'contact = "Nieuw: ', 1), "utf-8")
    new = root / "new"
    shutil.copytree(old, new)
    return build_into(new, *SMALL, campaign=campaign)


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """(the campaign with the change, the old output, the new reference output), made once
    for the run and shared by the test processes; the tests copy the outputs, never write
    into them or the campaign."""
    root = shared_build(tmp_path_factory, "versions", _versions)
    return root / "campaign", root / "old", root / "new"


def build_killed_at_rename(campaign: Path, out: Path, limit: int
                           ) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", KILL_AT_RENAME, "build", "--campaign", str(campaign), "--out",
         str(out), "-q", *SMALL], capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), "KILL_AT_RENAME": str(limit)})


def test_a_build_killed_at_any_rename_leaves_whole_files_and_a_true_manifest(versions,
                                                                             tmp_path):
    campaign, old_out, new_out = versions
    old, new = visible_files(old_out), visible_files(new_out)
    reference = every_file(new_out)
    counted = build_killed_at_rename(campaign, shutil.copytree(old_out, tmp_path / "count"), 0)
    assert counted.returncode == 0, counted.stderr
    total = int(counted.stderr.split("renames=")[1])
    assert total > 20  # 18 posters and their previews, sheet, pack, page, manifest, cache
    # The journal, the shrunk manifest, the first moves, the middle, the manifest, the cache.
    # (every rename with TOOLKIT_PROPERTY=long)
    limits = range(1, total + 1) if os.environ.get("TOOLKIT_PROPERTY") == "long" else \
        {2, total // 2, total}
    for limit in sorted(limits):
        out = tmp_path / f"killed-at-{limit}"
        shutil.copytree(old_out, out)
        result = build_killed_at_rename(campaign, out, limit)
        assert result.returncode == -signal.SIGKILL, result.stderr
        assert_consistent(out, old, new)
        changed = {path for path, digest in visible_files(out).items() if digest != old.get(path)}
        if limit <= 2:
            assert not changed  # killed before the first move
        # The next build finishes the commit (or rebuilds) and gives the reference bytes.
        assert build_into(out, *SMALL, campaign=campaign) == 0
        assert every_file(out) == reference, f"after a kill at rename {limit}"
        assert leftovers(out) == []


@pytest.mark.parametrize("seconds", [0.6, 1.2, 1.8])
def test_a_build_killed_at_any_moment_with_its_workers(versions, tmp_path, seconds):
    campaign, old_out, new_out = versions
    old = visible_files(old_out)
    out = tmp_path / "out"
    shutil.copytree(old_out, out)
    reference = tmp_path / "reference"
    shutil.copytree(old_out, reference)
    assert build_into(reference, *FORKED, campaign=campaign) == 0
    new = visible_files(reference)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "make_toolkit.py"), "build", "--campaign", str(campaign),
         "--out", str(out), "-q", *FORKED], env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True, stderr=subprocess.PIPE)
    time.sleep(seconds)
    os.killpg(process.pid, signal.SIGKILL)  # the parent and its forked workers
    process.wait(timeout=60)
    assert_consistent(out, old, new)
    assert build_into(out, *FORKED, campaign=campaign) == 0
    assert visible_files(out) == new
    assert leftovers(out) == []


def test_a_second_build_into_a_held_folder_stops_at_once(versions, tmp_path, capsys):
    campaign, old_out, _new_out = versions
    out = tmp_path / "out"
    shutil.copytree(old_out, out)
    before = every_file(out)
    with OutputFolder(out):  # another build holds the folder
        started = time.perf_counter()
        code = main(["build", "--campaign", str(campaign), "--out", str(out), "-q", *SMALL])
        elapsed = time.perf_counter() - started
    err = capsys.readouterr().err
    assert code == 3, err
    assert f"error: {out}: another build is writing into this folder (wait for it to finish, " \
           "or give another --out)" in err
    assert err.strip().endswith("1 problem(s); nothing written.")
    assert every_file(out) == before
    assert elapsed < 10
    assert build_into(out, *SMALL, campaign=campaign) == 0  # released: the next one runs


def _holds_lock(pid: int, folder: Path) -> bool:
    inode = folder.stat().st_ino
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "FLOCK" in fields and str(pid) in fields \
                and any(f.endswith(f":{inode}") for f in fields):
            return True
    return False


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks")
def test_two_builds_at_once_one_runs_the_other_stops(versions, tmp_path):
    campaign, old_out, _new_out = versions
    out = tmp_path / "out"
    shutil.copytree(old_out, out)
    # One region, every product: long enough that the second build starts while it runs.
    command = [sys.executable, str(ROOT / "make_toolkit.py"), "build", "--campaign",
               str(campaign), "--out", str(out), "-q", "--force", "--jobs", "1",
               "--region", "maasdal"]
    first = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _holds_lock(first.pid, out):
        assert first.poll() is None and time.monotonic() < deadline, "first build never ran"
        time.sleep(0.02)
    second = python(str(ROOT / "make_toolkit.py"), "build", "--campaign", str(campaign),
                    "--out", str(out), "-q", "--jobs", "1")
    assert first.poll() is None, "the first build ended before the second tried"
    assert second.returncode == 3, second.stderr
    assert "another build is writing into this folder" in second.stderr
    assert "Traceback" not in second.stderr
    assert first.wait(timeout=300) == 0, first.stderr.read()
    new = visible_files(out)
    assert_consistent(out, new, new)
    third = python(str(ROOT / "make_toolkit.py"), "build", "--campaign", str(campaign),
                   "--out", str(out), "-q", "--jobs", "1", "--region", "maasdal")
    assert third.returncode == 0, third.stderr
    assert visible_files(out) == new and leftovers(out) == []


def test_a_full_disk_stops_the_build_and_leaves_the_earlier_files(versions, tmp_path):
    """A real kernel refusal: the file size limit makes writes past 1 MB fail (EFBIG)."""
    campaign, old_out, _new_out = versions
    out = tmp_path / "out"
    shutil.copytree(old_out, out)
    before = every_file(out)
    limit = 1 << 20  # posters and previews fit; a pack (about 2.7 MB) does not

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, str(ROOT / "make_toolkit.py"), "build", "--campaign", str(campaign),
         "--out", str(out), "-q", *SMALL], capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=small_files)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert f"error: {out}: cannot write 'packs/maasdal.zip': File too large (free some disk " \
           "space or give another --out; the earlier files are unchanged)" in result.stderr
    assert every_file(out) == before  # no partial file, no staging left, nothing moved


def _injected_full_disk(monkeypatch, at: int) -> list[int]:
    """Make the at-th write of an output find the disk full, half-way through."""
    import toolkit.publish.outputs as outputs

    real = outputs._write_file
    calls = [0]

    def write(path: Path, data: bytes, sync: bool) -> None:
        calls[0] += 1
        if calls[0] == at:
            real(path, data[: len(data) // 2], sync)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data, sync)
    monkeypatch.setattr(outputs, "_write_file", write)
    return calls


def test_a_disk_that_fills_at_any_write_leaves_the_earlier_files(versions, tmp_path,
                                                                  monkeypatch, capsys):
    campaign, old_out, _new_out = versions
    probe = tmp_path / "probe"
    shutil.copytree(old_out, probe)
    calls = _injected_full_disk(monkeypatch, at=0)
    assert build_into(probe, *SMALL, campaign=campaign) == 0
    total = calls[0]  # staged files, page, manifest, cache, then journal and shrunk manifest
    # The first write, one in the middle, the last (every write with TOOLKIT_PROPERTY=long).
    points = range(1, total + 1) if os.environ.get("TOOLKIT_PROPERTY") == "long" else \
        {1, total // 2, total}
    for at in sorted(points):
        out = tmp_path / f"full-at-{at}"
        shutil.copytree(old_out, out)
        before = every_file(out)
        _injected_full_disk(monkeypatch, at=at)
        capsys.readouterr()
        code = build_into(out, *SMALL, campaign=campaign)
        err = capsys.readouterr().err
        assert code == 3, err
        assert ": the disk is full (No space left on device) (free some disk space" in err
        assert every_file(out) == before, f"write {at} of {total}"


def test_a_build_opens_no_connection_starts_no_program_and_reads_only_its_inputs(tmp_path):
    """Every product of one region, on forked workers, under an audit hook."""
    out = tmp_path / "out"
    log = tmp_path / "opened.txt"
    result = python("-c", GUARDED_RUN, str(log), "build", "--campaign", str(ROOT), "--out",
                    str(out), "-q", "--region", "midden-limburg", "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "FORBIDDEN" not in result.stderr
    allowed = [str(ROOT / "assets"), str(ROOT / "templates"), str(out), str(log), sys.prefix,
               sys.base_prefix, str(ROOT / "toolkit"), "/dev/null", "/dev/urandom"]
    allowed += [p for p in sys.path if p and Path(p).is_dir()]
    # reportlab reads its user settings at import (it cannot be told not to); the renderer
    # passes the settings that shape a PDF (invariant, compression, encoding) explicitly.
    allowed += [os.path.expanduser(f"~/.reportlab_{name}") for name in ("settings", "mods")]
    folders = {p.name for p in out.rglob("*") if p.is_dir()}
    opened = set(log.read_text().splitlines())
    # shutil.rmtree opens the staging folder's subfolders by name, relative to their parent
    strays = sorted(path for path in opened if not any(path.startswith(root) for root in allowed)
                    and not ("/" not in path and path in folders))
    assert strays == [], strays
    assert not (out / JOURNAL).exists()


# Records every read and write (in the workers too: each event is written at once to a log
# the forked workers share) and refuses what GUARDED_RUN refuses.
WATCHED_RUN = """
import os, sys
FORBIDDEN = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
             "socket.gethostbyaddr", "urllib.Request", "http.client.connect",
             "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn")
WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
log = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND)
def note(kind, path):
    if isinstance(path, (str, bytes, os.PathLike)):
        os.write(log, f"{kind}\\t{os.fsdecode(path)}\\n".encode())
def hook(event, args):
    if event in FORBIDDEN:
        os.write(2, f"FORBIDDEN {event} {args!r}\\n".encode())
        os._exit(99)
    if event == "open":
        mode, flags = args[1], args[2]
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITES)
        note("write" if writes else "read", args[0])
    elif event == "os.rename":
        note("read", args[0]); note("write", args[1])
    elif event in ("os.mkdir", "os.remove", "os.rmdir", "os.symlink", "shutil.rmtree",
                   "os.truncate", "os.chmod", "os.utime"):
        note("write", args[0])
sys.addaudithook(hook)
from toolkit.run.cli import main
sys.exit(main(sys.argv[2:]))
"""


BEFORE: set[str] = set()


def _watched(tmp_path: Path, campaign: Path, out: Path, *arguments: str
             ) -> tuple[subprocess.CompletedProcess, list[tuple[str, str]]]:
    log = tmp_path / "watched.txt"
    log.unlink(missing_ok=True)
    BEFORE.clear()
    BEFORE.update(p.name for p in out.rglob("*"))  # what rmtree may remove by its name
    result = python("-c", WATCHED_RUN, str(log), "build", "--campaign", str(campaign), "--out",
                    str(out), "-q", "--only", "cube", "--region", "maasdal", "--region",
                    "midden-limburg", "--jobs", "2", *arguments, cwd=tmp_path)
    assert "FORBIDDEN" not in result.stderr, result.stderr
    events = [tuple(line.split("\t", 1)) for line in log.read_text().splitlines()]
    return result, events  # type: ignore[return-value]


def _strays(events, campaign: Path, out: Path) -> tuple[list[str], list[str]]:
    """Reads outside the campaign, the installed packages and the output folder; writes
    outside the output folder."""
    # The project's own checkout is on sys.path, but only its code may be read: a read of
    # its assets/ or templates/ would be a read outside the campaign under test.
    code = [p for p in sys.path if p and Path(p).is_dir() and Path(p).resolve() != ROOT]
    readable = [str(campaign), str(out), sys.prefix, sys.base_prefix, str(ROOT / "toolkit"),
                "/dev/null", "/dev/urandom", *code,
                *(os.path.expanduser(f"~/.reportlab_{name}") for name in ("settings", "mods"))]
    names = {p.name for p in out.rglob("*")} | BEFORE | {"."}  # rmtree's names, relative

    def inside(path: str, roots: list[str]) -> bool:
        if "/" not in path:
            return path in names or path.startswith(".staging-")
        resolved = os.path.realpath(path) if not path.startswith(str(out)) else path
        return any(path.startswith(root) or resolved.startswith(root) for root in roots)
    reads = sorted({path for kind, path in events if kind == "read" and not inside(
        path, readable)})
    writes = sorted({path for kind, path in events if kind == "write" and not inside(
        path, [str(out)])})
    return reads, writes


def test_a_campaign_planted_with_links_out_reads_and_writes_nothing_outside(tmp_path):
    """Symlinks out of the campaign (a logo, a template, a region file) and an output folder
    planted with a manifest, a cache and a journal pointing out and a file linked out."""
    campaign = tmp_path / "campaign"
    for name in ("assets", "templates"):
        shutil.copytree(ROOT / name, campaign / name)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    secret = elsewhere / "secret.txt"
    secret.write_text("SECRET")
    out = tmp_path / "out"
    (out / "maasdal/cube").mkdir(parents=True)
    (out / "maasdal/cube/cube-net-A3.pdf").symlink_to(secret)
    (out / "manifest.json").write_text(json.dumps({"files": [
        {"path": "../elsewhere/secret.txt", "region": "maasdal", "product": "cube",
         "bytes": 6, "sha256": "0" * 64}]}))
    (out / ".toolkit-cache.json").write_text(json.dumps({"version": 1, "pairs": {
        "maasdal/cube": {"fingerprint": "x", "templates": ["../../elsewhere/secret.txt"],
                         "paths": ["../elsewhere/secret.txt"]}}}))
    (out / ".staging-1").mkdir()
    (out / ".staging-1/x").write_text("planted")
    (out / JOURNAL).write_text(json.dumps({"staging": ".staging-1",
                                           "paths": ["../elsewhere/moved"]}))
    result, events = _watched(tmp_path, campaign, out)
    assert result.returncode == 0, result.stderr
    assert "not used" in result.stderr
    assert _strays(events, campaign, out) == ([], [])
    assert not (elsewhere / "moved").exists() and secret.read_text() == "SECRET"

    planted = {"assets/regions/maasdal/logos/wijkteam-maasdal.svg": secret,
               "templates/poster.nl.j2": secret, "assets/regions/midden-limburg": elsewhere,
               "assets/brand/brand.toml": secret, "assets/national/sociale-kaart.csv": secret,
               "assets/regions/maasdal/region.toml": secret}
    for name, target in planted.items():
        path = campaign / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
        path.symlink_to(target)
    result, events = _watched(tmp_path, campaign, out, "--force")
    assert result.returncode == 2, result.stderr
    for name in planted:
        assert f"error: {name}: is a symlink that leaves the campaign folder" in result.stderr
    assert _strays(events, campaign, out) == ([], [])

    # The whole templates/ folder a link out (a copied folder kept as a link): refused
    # before a template under it is read.
    for name in planted:
        (campaign / name).unlink()
    shutil.move(campaign / "templates", elsewhere / "templates")
    (campaign / "templates").symlink_to(elsewhere / "templates", target_is_directory=True)
    result, events = _watched(tmp_path, campaign, out, "--force")
    assert result.returncode == 2, result.stderr
    assert "error: templates: is a symlink that leaves the campaign folder" in result.stderr
    assert _strays(events, campaign, out) == ([], [])
