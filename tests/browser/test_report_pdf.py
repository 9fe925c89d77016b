"""A report prints cleanly to A4, and `invoke report-pdf` makes its PDF with Debian's headless chromium:
no blank page, every figure whole on one page, and the report's text, the charts' own labels and the
addresses of its links are in the PDF (read back with pypdf)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata

import pytest

from conftest import NOW, ROOT, copy_of_repository
from hub.publishing import charts
from hub.publishing.load import load_figures
from tools.reportpdf import page_count, print_pdf, report_page

from .conftest import unavailable
from .test_print import A4_WIDTH, CHROME, hidden_chrome, printed

FIGURES = load_figures(ROOT / "content" / "reports" / "quarterly-report-2022-q2.figures.yaml", "report")[0].figures


def pdf_text(path) -> list[str]:
    try:
        from pypdf import PdfReader
    except ImportError:
        unavailable("pypdf is not installed (pip install -r requirements-test.txt)")
    # NFKC: a PDF keeps the typeface's ligatures ("ﬁ" for "fi").
    return [unicodedata.normalize("NFKC", page.extract_text()) for page in PdfReader(str(path)).pages]


def squeezed(text: str) -> str:
    """Text without line breaks and spaces: a long address may wrap anywhere in a PDF."""
    return re.sub(r"\s+", "", text)


def test_a_report_page_prints_cleanly(page, base_url):
    printed(page, base_url, "reports/quarterly-report-2022-q2/")
    assert hidden_chrome(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH
    assert page.evaluate("getComputedStyle(document.querySelector('.hub-chart')).color") == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('.hub-figure')).breakInside") == "avoid"
    link = page.locator("a[data-print-href]").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("data-print-href").startswith("https://hub.coalition.example.org/")
    assert link.get_attribute("data-print-href") in after
    assert ".series-nav" not in CHROME  # the series' previous/next links are navigation too:
    assert page.evaluate("[...document.querySelectorAll('.series-nav')].every(e => getComputedStyle(e).display "
                         "=== 'none')")


def test_invoke_report_pdf_prints_the_report_with_its_charts_and_link_addresses(tmp_path):
    if not shutil.which("chromium") and not os.path.isfile("/usr/bin/chromium"):
        unavailable("Debian's chromium is not installed (/usr/bin/chromium)")
    tree = tmp_path / "hub"
    copy_of_repository(tree)
    result = subprocess.run([sys.executable, "-m", "invoke", "report-pdf", "2022-Q2"], cwd=tree, capture_output=True,
                            text=True, env={**os.environ, "HUB_EVENTS_NOW": NOW})
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = tree / "pdf" / "quarterly-report-2022-q2.pdf"
    assert result.stdout.splitlines()[-1] == (f"Wrote {pdf} ({page_count(pdf.read_bytes())} A4 pages) from "
                                              "content/reports/quarterly-report-2022-q2.md")
    pages = pdf_text(pdf)
    assert len(pages) == page_count(pdf.read_bytes())
    assert 3 <= len(pages) <= 7, len(pages)
    assert all(text.strip() for text in pages), "no page is left blank"
    everything = "\n".join(pages)
    for words in ("Quarterly report: April to June 2022", "What members told us", "Get in touch"):
        assert words in everything
    for figure in FIGURES:
        sentence = squeezed(charts.sentence(figure))
        (home,) = [number for number, text in enumerate(pages) if sentence in squeezed(text)]
        # The chart's own label and the figure's source are on the same page as its sentence: kept whole.
        assert squeezed(f"Source: {figure.source}") in squeezed(pages[home]), figure.name
    assert "74 of 100 squares filled" in everything and "Start, 1 April 2022" in everything
    assert "https://hub.coalition.example.org/learning/seven-keys-to-unlocking-connection/" in squeezed(everything)


def test_a_report_is_found_by_its_period_in_the_built_site(site, tmp_path):
    page = report_page(site, "2026-Q4")
    assert page == site / "reports" / "quarterly-report-2026-q4" / "index.html"
    assert report_page(site, "2031-Q1") is None
    if not shutil.which("chromium") and not os.path.isfile("/usr/bin/chromium"):
        unavailable("Debian's chromium is not installed (/usr/bin/chromium)")
    pdf = print_pdf(site, page, tmp_path / "q4.pdf")
    text = squeezed("".join(pdf_text(pdf)))
    assert squeezed("Members at the end (21 November 2026, so far) 34") in text


def test_report_pdf_says_when_no_report_covers_the_quarter(tmp_path):
    result = subprocess.run([sys.executable, "-m", "invoke", "report-pdf", "2031-Q1", "--no-build"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip() == "no report covers 2031-Q1: write one with `invoke new-report 2031-Q1`"


@pytest.mark.parametrize("words", ["Part 3 of 7"])
def test_series_parts_print_without_their_navigation(page, base_url, words):
    printed(page, base_url, "learning/seven-keys-small-things/")
    assert words in page.locator(".series-place").inner_text()
    assert page.evaluate("getComputedStyle(document.querySelector('.series-nav')).display") == "none"


def test_printing_a_report_reads_nothing_outside_the_site_and_fetches_nothing(tmp_path):
    """A report comes by pull request: a picture or frame pointing out of the site (`../../../../home/…`)
    or at another server must not reach the PDF, nor be requested (tests/hostile/print/report-page.html)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    if not shutil.which("chromium") and not os.path.isfile("/usr/bin/chromium"):
        unavailable("Debian's chromium is not installed (/usr/bin/chromium)")
    requests = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_error(404)

        def log_message(self, *args):
            pass

    recorder = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=recorder.serve_forever, daemon=True).start()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.html").write_text("<p>OUTSIDE-SECRET-TEXT</p>", encoding="utf-8")
    (outside / "scan.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60">'
                                      '<text x="0" y="40">OUTSIDE-SCAN-TEXT</text></svg>', encoding="utf-8")
    site = tmp_path / "site"
    page = site / "reports" / "q" / "index.html"
    page.parent.mkdir(parents=True)
    climb = "../" * len(page.parent.resolve().parts)  # enough to reach / from the page's folder
    html = (ROOT / "tests" / "hostile" / "print" / "report-page.html").read_text(encoding="utf-8")
    page.write_text(html.replace("../../{climb}", climb).replace("{outside}", str(outside).lstrip("/"))
                    .replace("{port}", str(recorder.server_address[1])), encoding="utf-8")
    try:
        pdf = print_pdf(site, page, tmp_path / "report.pdf")
    finally:
        recorder.shutdown()
        recorder.server_close()
    text = "".join(pdf_text(pdf))
    assert "Quarterly report: the printed part" in text
    assert "OUTSIDE-SECRET-TEXT" not in text and "OUTSIDE-SCAN-TEXT" not in text
    assert requests == []
