"""Lighthouse against a local server with Debian's chromium: the scores recorded in the README.

A bench, not a test (a run takes about ten seconds a page): `invoke lighthouse` builds the site,
serves it on 127.0.0.1 and audits one page of each kind. Lighthouse comes from npm through `npx`,
pinned below (12.x: Lighthouse 13 needs Node 22); CHROME_PATH points it at /usr/bin/chromium, so
no browser is downloaded. Lighthouse's default is a mid-range phone on a throttled 4G connection.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from . import sitecheck

LIGHTHOUSE = "lighthouse@12.8.2"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"accessibility": 100, "best-practices": 100, "performance": 95}


def audit(url: str, chromium: str) -> dict:
    env = {**os.environ, "CHROME_PATH": chromium, "PUPPETEER_SKIP_DOWNLOAD": "1",
           "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    flags = " ".join(sitecheck.CHROMIUM_ARGS)
    result = subprocess.run(
        ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", "--output-path=stdout",
         f"--chrome-flags={flags}", f"--only-categories={','.join(CATEGORIES)}"],
        capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed for {url}:\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout)
    scores = {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}
    failing = {key: [audit["title"] for audit in report["audits"].values()
                     if audit.get("score") is not None and audit["score"] < 1
                     and audit["id"] in {ref["id"] for ref in report["categories"][key]["auditRefs"]
                                         if ref.get("weight", 0) > 0}]
               for key in CATEGORIES if scores[key] < 100}
    metrics = report["audits"]
    return {"scores": scores, "failing": failing,
            "fcp": metrics["first-contentful-paint"]["displayValue"],
            "lcp": metrics["largest-contentful-paint"]["displayValue"],
            "cls": metrics["cumulative-layout-shift"]["displayValue"],
            "tbt": metrics["total-blocking-time"]["displayValue"],
            "bytes": metrics["total-byte-weight"]["numericValue"]}


def run(site: Path, paths: list[str] | None = None) -> list[tuple[str, dict]]:
    chromium = sitecheck.chromium_path()
    if not chromium:
        raise SystemExit("chromium not found: apt-get install chromium")
    shapes = sitecheck.page_shapes(site)
    chosen = paths or [shapes[label] for label in ("home", "directory", "member", "category", "event list",
                                                   "event", "matching", "search", "post", "report")
                       if label in shapes]
    results = []
    with sitecheck.serve(site) as base:
        for path in chosen:
            results.append((path, audit(base + path, chromium)))
    return results


def table(results) -> str:
    lines = ["| page | performance | accessibility | best practices | SEO | LCP | TBT | CLS | bytes |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for path, r in results:
        s = r["scores"]
        lines.append(f"| `/{path}` | {s['performance']} | {s['accessibility']} | {s['best-practices']} | "
                     f"{s['seo']} | {r['lcp']} | {r['tbt']} | {r['cls']} | {r['bytes'] / 1024:.0f} KiB |")
    return "\n".join(lines)


def below_target(results) -> list[str]:
    return [f"/{path}: {key} {r['scores'][key]} < {target} ({'; '.join(r['failing'].get(key, []))})"
            for path, r in results for key, target in TARGETS.items() if r["scores"][key] < target]


if __name__ == "__main__":
    found = run(Path(sys.argv[1]), sys.argv[2:] or None)
    print(table(found))
    problems = below_target(found)
    print("\n".join(problems)
          or "All pages meet the targets (accessibility 100, best practices 100, performance >= 95).")
    sys.exit(1 if problems else 0)
