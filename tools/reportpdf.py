"""`invoke report-pdf 2026-Q3`: a report's built page printed to an A4 PDF by Debian's headless chromium,
with the print stylesheet (theme/static/css/print.css: no navigation, black text, charts kept whole,
link addresses written out; `@page` sets A4 and the margins). Nothing is downloaded: chromium reads
the built page from disk (file://), and it needs no Playwright."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tools.sitecheck import CHROMIUM_ARGS, chromium_path

PRINT_TIMEOUT = 120  # seconds


class PdfError(Exception):
    pass


def report_page(site: Path, period: str) -> Path | None:
    """The built page of the report covering `period` (its <article> says data-period="2026-Q3")."""
    marker = f'data-period="{period}"'
    for page in sorted((site / "reports").rglob("index.html")):
        if marker in page.read_text(encoding="utf-8", errors="replace"):
            return page
    return None


def print_pdf(page: Path, target: Path) -> Path:
    """Print `page` (a built HTML file) to `target` as PDF; PdfError saying why not."""
    executable = chromium_path()
    if not executable:
        raise PdfError("chromium is not installed: apt-get install chromium (the tests use it too)")
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    command = [executable, *CHROMIUM_ARGS, "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
               f"--print-to-pdf={target}", page.resolve().as_uri()]
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
