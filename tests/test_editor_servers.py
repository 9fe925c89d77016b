"""`invoke cms` lets no one in (issue 21): started for real in a copy of the repository, with a `.env` file
there that asks decap-server to listen everywhere, serve `/` and answer any page, every server it starts
listens on 127.0.0.1 only (read from the sockets the processes hold), the page's server serves admin/ alone
to requests addressed to localhost, and decap-server answers only the editor's own page, in this folder."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, copy_of_repository, free_port
from hub.contribute.editor import DECAP_API_PORT

HOSTILE_ENV = Path(__file__).parent / "hostile" / "editor" / "dot-env"


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        found.add(current)
        todo += children.get(current, [])
    return found


def _address(hex_address: str) -> tuple[str, int]:
    host, port = hex_address.split(":")
    raw = bytes.fromhex(host)
    if len(raw) == 4:
        shown = socket.inet_ntop(socket.AF_INET, raw[::-1])
    else:  # four little-endian words
        shown = socket.inet_ntop(socket.AF_INET6, b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4)))
    return shown, int(port, 16)


def listening(pids: set[int]) -> set[tuple[str, int]]:
    """(address, port) of every TCP socket the processes `pids` listen on."""
    inodes = set()
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            parts = line.split()
            if parts[3] == "0A" and parts[9] in inodes:  # 0A: LISTEN
                found.add(_address(parts[1]))
    return found


def request(url: str, data: dict | None = None, headers: dict | None = None):
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    if not shutil.which("npx") or not (ROOT / "node_modules" / ".bin" / "decap-server").exists():
        if os.environ.get("CI"):
            pytest.fail("npx or node_modules/.bin/decap-server is missing (CI is set: .ci/run installs them)")
        pytest.skip("npx or decap-server is not installed (npm ci)")
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", DECAP_API_PORT)) == 0:
            pytest.fail(f"port {DECAP_API_PORT} is taken: decap-server needs it")
    tree = tmp_path_factory.mktemp("editor") / "hub"
    copy_of_repository(tree)
    (tree / "node_modules").symlink_to(ROOT / "node_modules")
    (tree / "admin" / "decap").mkdir(exist_ok=True)
    (tree / "admin" / "decap" / "decap-cms.js").write_text("// stands in for Decap CMS\n", encoding="utf-8")
    shutil.copy(HOSTILE_ENV, tree / ".env")  # as a pull request could add one
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "invoke", "cms", "--port", str(port)], cwd=tree,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    deadline = time.monotonic() + 90
    sockets: set[tuple[str, int]] = set()
    while time.monotonic() < deadline and process.poll() is None:
        sockets = listening(descendants(process.pid))
        if {port, DECAP_API_PORT} <= {listened for _, listened in sockets}:
            break
        time.sleep(0.3)
    try:
        assert process.poll() is None, process.stdout.read()
        yield tree, port, sockets
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_every_server_invoke_cms_starts_listens_on_this_computer_only(editor):
    _, port, sockets = editor
    assert {listened for _, listened in sockets} == {port, DECAP_API_PORT}, sockets
    assert {address for address, _ in sockets} == {"127.0.0.1"}, sockets


def test_the_editors_page_server_serves_admin_only_and_only_to_localhost(editor):
    tree, port, _ = editor
    status, _, body = request(f"http://127.0.0.1:{port}/admin/")
    assert status == 200 and b"decap/decap-cms.js" in body
    for path in ("/tasks.py", "/pelicanconf.py", "/members/", "/.env", "/admin/../tasks.py", "/admin/%2e%2e/tasks.py"):
        status, _, body = request(f"http://127.0.0.1:{port}{path}")
        assert status == 404 and b"def cms" not in body and b"SITENAME" not in body, path
    # A page of another site whose name was made to point at 127.0.0.1 (DNS rebinding) gets nothing.
    status, _, body = request(f"http://127.0.0.1:{port}/admin/", headers={"Host": f"evil.example:{port}"})
    assert status == 421 and b"decap" not in body


def test_decap_server_answers_only_the_editors_page_about_this_folder(editor):
    tree, port, _ = editor
    api = f"http://127.0.0.1:{DECAP_API_PORT}/api/v1"
    read = {"action": "getEntry", "params": {"branch": "main", "path": "pelicanconf.py"}}
    status, headers, body = request(api, read, {"Origin": f"http://localhost:{port}"})
    assert status == 200 and headers.get("Access-Control-Allow-Origin") == f"http://localhost:{port}"
    assert json.loads(body)["data"] == (tree / "pelicanconf.py").read_text(encoding="utf-8")  # the copy, not /
    # A browser lets another page call it only if the answer names that page's origin (or '*'): a JSON
    # request is first asked about (preflight), and refused then.
    for origin in ("http://evil.example", "http://localhost:9", "http://127.0.0.1:8000"):
        for method in ("POST", "OPTIONS"):
            preflight = {"Access-Control-Request-Method": "POST"} if method == "OPTIONS" else {}
            req = urllib.request.Request(api, data=json.dumps(read).encode() if method == "POST" else None,
                                         method=method, headers={"Origin": origin, **preflight,
                                                                 "Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=10) as response:
                allowed = response.headers.get("Access-Control-Allow-Origin")
            assert allowed == f"http://localhost:{port}", (origin, method, allowed)
