"""Browser fixtures: the built example hub served on 127.0.0.1 and Debian's chromium via Playwright.

Outside CI the browser checks skip when chromium or Playwright is missing; with CI set they fail
instead, so a machine without a browser can never pass them by skipping."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tools import sitecheck  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}


def unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (CI is set: browser checks must run, not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def base_url(site):
    with sitecheck.serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not sitecheck.chromium_path():
        unavailable("Debian's chromium is not installed (/usr/bin/chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -r requirements-test.txt)")
    with sync_playwright() as playwright:
        browser = sitecheck.launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def shapes(site):
    return sitecheck.page_shapes(site)


@pytest.fixture(scope="session")
def axe_source():
    if not sitecheck.AXE.is_file():
        unavailable("axe-core is not installed (npm ci)")
    return sitecheck.AXE.read_text(encoding="utf-8")
