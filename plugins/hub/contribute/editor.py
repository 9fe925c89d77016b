"""`invoke cms`: the two servers of the local editor, Decap CMS's page and decap-server, which reads
and writes the working copy for whoever reaches it. Both are for the person at this computer only.

- Both listen on 127.0.0.1: without BIND_HOST, decap-server listened on every interface, so anyone
  on the same Wi-Fi could read `.git/config` and private contacts and write `.github/workflows/`.
- decap-server reads a `.env` file in the folder it runs in (dotenv), and a `.env` could come by pull
  request: every setting it reads is given here, and dotenv never overrides one already set. So the
  files it serves are this working copy's (GIT_REPO_DIRECTORY), and only the editor's own page may
  call it from a browser (ORIGIN; by default it allowed any page on any localhost port).
- The page's server serves `admin/` only (not the repository: `.git/config`, members/), and answers
  only requests addressed to localhost or 127.0.0.1, so a web page whose name is made to point at
  127.0.0.1 (DNS rebinding) gets nothing.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DECAP_API_PORT = 8081  # where Decap's `local_backend: true` looks for decap-server
LOCAL = "127.0.0.1"


def server_env(environ: Mapping[str, str], root: Path, port: int) -> dict[str, str]:
    """decap-server's environment: every setting it reads, fixed, whatever a `.env` file says."""
    return {**environ, "BIND_HOST": LOCAL, "PORT": str(DECAP_API_PORT), "MODE": "fs",
            "GIT_REPO_DIRECTORY": str(root), "ORIGIN": f"http://localhost:{port}", "LOG_LEVEL": "info"}


class EditorPage(SimpleHTTPRequestHandler):
    """admin/ at /admin/, to requests addressed to this computer only."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml", ".js": "text/javascript"}
    port = 0

    def log_message(self, format, *args):
        pass

    def _addressed_here(self) -> bool:
        host = self.headers.get("Host", "")
        return re.fullmatch(rf"(localhost|127\.0\.0\.1):{self.port}", host, re.IGNORECASE) is not None

    def send_head(self):
        if not self._addressed_here():
            self.send_error(421, "This editor answers only http://localhost")
            return None
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path in ("/", "/admin"):
            self.send_response(302)
            self.send_header("Location", "/admin/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not path.startswith("/admin/"):
            self.send_error(404, "Only the editor is served here")
            return None
        return super().send_head()

    def translate_path(self, path):
        # /admin/x -> admin/x; SimpleHTTPRequestHandler drops '..' and keeps it inside `directory`.
        return super().translate_path(path.replace("/admin", "", 1))

    def list_directory(self, path):
        self.send_error(404, "No listing")
        return None


def editor_server(admin: Path, port: int) -> ThreadingHTTPServer:
    """The server of the editor's page (admin/) on 127.0.0.1:`port` (not yet serving)."""
    handler = type("Page", (EditorPage,), {"port": port})
    return ThreadingHTTPServer((LOCAL, port), functools.partial(handler, directory=str(admin)))
