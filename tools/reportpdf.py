"""`invoke report-pdf 2026-Q3`: a report's built page printed to an A4 PDF by Debian's headless chromium,
with the print stylesheet (theme/static/css/print.css: no navigation, black text, charts kept whole,
link addresses written out; `@page` sets A4 and the margins). It needs no Playwright.

A report comes by pull request, so what it points at is untrusted. Printing a page from disk
(file://) would let a picture's address such as `../../../../home/me/scan.png` put any file of the
machine into the PDF, and an `http://` one would be fetched while printing. So chromium reads the
site from a server on 127.0.0.1 that serves the built site only, under a name of its own
(`report.invalid`), and every other address, loopback included, goes to a proxy that does not
exist: nothing outside the site is read or fetched."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tools.sitecheck import CHROMIUM_ARGS, chromium_path, serve

PRINT_TIMEOUT = 120  # seconds
SITE_HOST = "report.invalid"  # '.invalid' is never a real name (RFC 2606)
# Only the site's own server can be reached: every other address, 127.0.0.1's other ports too (<-loopback>
# takes away chromium's own exception for them), goes to port 9 of this machine, where nothing listens.
CLOSED_NETWORK = ["--proxy-server=http://127.0.0.1:9", f"--proxy-bypass-list=<-loopback>;{SITE_HOST}",
                  f"--host-resolver-rules=MAP {SITE_HOST} 127.0.0.1"]


class PdfError(Exception):
    pass


def report_page(site: Path, period: str) -> Path | None:
    """The built page of the report covering `period` (its <article> says data-period="2026-Q3")."""
    marker = f'data-period="{period}"'
    for page in sorted((site / "reports").rglob("index.html")):
        if marker in page.read_text(encoding="utf-8", errors="replace"):
            return page
    return None


def print_pdf(site: Path, page: Path, target: Path) -> Path:
    """Print `page` (a built HTML file of the site in `site`) to `target` as PDF; PdfError saying why not."""
    executable = chromium_path()
    if not executable:
        raise PdfError("chromium is not installed: apt-get install chromium (the tests use it too)")
    site = site.resolve()
    address = page.resolve().relative_to(site).as_posix().removesuffix("index.html")
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    with serve(site) as base:
        port = base.rstrip("/").rsplit(":", 1)[1]
        command = [executable, *CHROMIUM_ARGS, *CLOSED_NETWORK, "--no-pdf-header-footer",
                   "--run-all-compositor-stages-before-draw", f"--print-to-pdf={target.resolve()}",
                   f"http://{SITE_HOST}:{port}/{address}"]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=PRINT_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise PdfError(f"chromium did not finish printing within {PRINT_TIMEOUT} seconds") from None
    if result.returncode != 0 or not target.is_file() or not target.read_bytes().startswith(b"%PDF"):
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise PdfError(f"chromium could not print the page ({detail})")
    return target


def page_count(pdf: bytes) -> int:
    """Pages in a PDF, counted as the tests count them."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
