"""`invoke build` and `invoke publish`: one build at a time, into a new folder, swapped in atomically.

`output` is a symbolic link to the current build, a folder in `.builds/`. Two builds at once used to
delete each other's files and leave 2 of 139 pages, or none, with exit 0; so:

- A build holds `.build.lock` (flock) from before Pelican starts until the swap. A second build
  waits, saying which process holds it, or with `wait=False` stops at once (BuildBusy).
- Pelican writes into `.builds/<id>.staging/`, in a process group of its own. When it succeeds, the
  folder is renamed `.builds/<id>/` and a new link replaces `output` with one rename (os.replace),
  so at every instant `output` is a whole site, the old one or the new one. A failed build leaves
  the last good site.
- Ctrl+C, SIGTERM or SIGHUP stop Pelican's whole process group (Pagefind too) and remove the
  staging folder. SIGKILL cannot be caught: the next build removes what that one left.
- The build before the current one is kept until the next swap, so a server or a copy that was
  reading it finishes; older builds are removed.

Nothing here imports Pelican: it runs the command it is given.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

BUILDS = ".builds"
LOCK = ".build.lock"
STAGING = ".staging"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
GRACE = 5.0  # seconds Pelican is given to stop before it is killed


class BuildBusy(Exception):
    """Another build holds the lock and this one was asked not to wait."""


class BuildFailed(Exception):
    def __init__(self, returncode: int):
        self.returncode = returncode
        super().__init__(f"the build failed (exit status {returncode})")


class BuildInterrupted(Exception):
    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"the build was stopped by {signal.Signals(signum).name}")


def _holder(handle) -> str:
    handle.seek(0)
    pid = handle.read().strip()
    return f" (pid {pid})" if pid.isdigit() else ""


def _say(message: str) -> None:
    print(message, flush=True)  # now, even into a pipe or a log file: the build may wait a while


@contextlib.contextmanager
def build_lock(root: Path, wait: bool = True, say: Callable[[str], None] = _say) -> Iterator[None]:
    """Hold `root/.build.lock` for the block. The lock file stays (removing it would let a waiting
    build and a new one each lock a different file); it holds the holder's pid for messages."""
    with open(root / LOCK, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(handle)
            if not wait:
                raise BuildBusy(f"another build is running{holder}; try again when it has finished") from None
            say(f"another build is running{holder}; waiting...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.truncate(0)
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


class _StopSignals:
    """While installed, Ctrl+C, SIGTERM and SIGHUP raise BuildInterrupted once (in the main thread,
    where a build runs) so the caller's clean-up runs; a second signal does not cut that clean-up
    short. Once disarmed (Pelican has finished), a signal is only noted: the swap, which takes a
    moment, is never left half done."""

    def __init__(self):
        self.received: int | None = None
        self.armed = True

    def __call__(self, signum, frame):
        if self.received is None:
            self.received = signum
            if self.armed:
                raise BuildInterrupted(signum)

    @contextlib.contextmanager
    def installed(self) -> Iterator[_StopSignals]:
        # A signal someone chose to ignore (nohup ignores SIGHUP) stays ignored.
        previous = {signum: signal.signal(signum, self) for signum in STOP_SIGNALS
                    if signal.getsignal(signum) is not signal.SIG_IGN}
        try:
            yield self
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


def _run_in_own_group(command: list[str], stop: _StopSignals) -> int:
    """Run `command` in a new session (its own process group: it and everything it starts can be
    stopped together, and a Ctrl+C in the terminal reaches only this process). If this process
    is stopped, so is the whole group: asked first, then killed after GRACE seconds."""
    # A signal while the process is being started is only noted, then acted on once it has started:
    # raised inside Popen, it would leave Pelican running, unknown, and writing into the staging
    # folder as it was removed (a stopped build then left a half-removed one behind).
    stop.armed = False
    process = subprocess.Popen(command, start_new_session=True)
    try:
        stop.armed = True
        if stop.received is not None:
            raise BuildInterrupted(stop.received)
        return process.wait()
    finally:
        if process.poll() is None:
            _stop_group(process)


def _stop_group(process: subprocess.Popen) -> None:
    for signum, wait in ((signal.SIGTERM, GRACE), (signal.SIGKILL, None)):
        try:
            os.killpg(process.pid, signum)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # Pelican has ended, but the processes it started (the page renderers) may still be writing into
    # the staging folder, which would then not be removed whole: wait until none of the group is left.
    deadline = time.monotonic() + GRACE
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)


def _new_id() -> str:
    return f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%fZ}-{os.getpid()}"


def current_build(output: Path) -> Path | None:
    """The folder `output` links to, if it is a link to a build."""
    if not output.is_symlink():
        return None
    return (output.parent / os.readlink(output)).resolve()


def _swap(output: Path, folder: Path) -> Path | None:
    """Point `output` at `folder` in one rename; returns the folder it pointed at before. A real
    `output/` folder (from before builds were kept in .builds/) is first moved in with them: the
    one moment without `output`, once per checkout."""
    previous = current_build(output)
    if output.is_dir() and not output.is_symlink():
        previous = folder.parent / f"{_prefix(output)}{_new_id()}-earlier"
        output.rename(previous)
    link = output.with_name(f".{output.name}.{os.getpid()}.new")
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(os.path.relpath(folder, output.parent))
    os.replace(link, output)
    return previous


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def final_folder(staging: Path) -> Path:
    """Where the staging folder `staging` will be once its build succeeds."""
    return staging.with_name(staging.name.removesuffix(STAGING))


def build_site(command: Callable[[Path], list[str]], output: Path) -> Path:
    """Run `command(folder)` (which must build the site into `folder`) and make `output` a link to
    the result. Call it holding build_lock. Returns the new build's folder; raises BuildFailed or
    BuildInterrupted and leaves `output` as it was."""
    return _staged(output, lambda staging, stop: _run_in_own_group(command(staging), stop))


def build_here(build: Callable[[Path], bool], output: Path) -> Path | None:
    """`build_site` for a build made in this process (`invoke livereload`): `build(folder)` builds
    into `folder` and says whether it succeeded. The new build's folder, or None when it failed
    (`output` is then as it was)."""
    try:
        return _staged(output, lambda staging, stop: 0 if build(staging) else 1)
    except BuildFailed:
        return None


def _prefix(output: Path) -> str:
    """The names of `output`'s builds in .builds/ begin with this: `invoke build` (output/) and
    `invoke livereload` (.preview/) keep theirs side by side and each removes only its own."""
    return f"{output.name.lstrip('.')}-"


def _staged(output: Path, run: Callable[[Path, _StopSignals], int]) -> Path:
    builds = output.parent / BUILDS
    builds.mkdir(exist_ok=True)
    prefix = _prefix(output)
    for leftover in builds.glob(f"{prefix}*{STAGING}"):  # of a build that was killed outright
        _remove(leftover)
    for leftover in output.parent.glob(f".{output.name}.*.new"):
        _remove(leftover)
    staging = builds / f"{prefix}{_new_id()}{STAGING}"
    with _StopSignals().installed() as stop:
        try:
            staging.mkdir()
            returncode = run(staging, stop)
            if returncode != 0:
                raise BuildFailed(returncode)
            stop.armed = False
            folder = staging.rename(final_folder(staging))
        except BaseException:
            _remove(staging)
            raise
        previous = _swap(output, folder)
        keep = {folder.resolve(), previous.resolve() if previous else None}
        for old in builds.iterdir():
            if old.name.startswith(prefix) and old.resolve() not in keep:
                _remove(old)
    if stop.received is not None:
        raise BuildInterrupted(stop.received)  # after the swap: `output` is this build
    return folder
