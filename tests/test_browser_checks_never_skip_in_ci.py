"""The browser checks may skip on a developer's machine without chromium, never in CI: run one
browser test file in a child pytest with chromium hidden, with and without CI set."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def run_without_chromium(ci: str | None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env.update({"HUB_CHROMIUM": "/nonexistent/chromium", "PATH": "/nonexistent"})
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider",
                           "tests/browser/test_print.py"], cwd=ROOT, env=env, capture_output=True, text=True)


def test_without_chromium_browser_checks_fail_in_ci():
    result = run_without_chromium("true")
    assert result.returncode != 0, result.stdout
    assert "must run, not skip" in result.stdout and "skipped" not in result.stdout.splitlines()[-1]


def test_without_chromium_browser_checks_skip_locally():
    result = run_without_chromium(None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skipped" in result.stdout.splitlines()[-1] and "chromium is not installed" in result.stdout
