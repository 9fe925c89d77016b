"""`invoke validate` / `python -m hub.core.validate ROOT`: report every problem of the tree at once."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..tree import load_tree
from .model import Hub
from .report import FORMATS, render
from .settings import SettingsError, load_settings


def ok_report(hub: Hub) -> str:
    """What a valid tree prints: what it holds, and the offers and needs past their `until` day,
    which are in the files but no longer shown."""
    lines = [f"OK: {len(hub.members)} members, {len(hub.vocabulary)} categories, {len(hub.events)} events."]
    expired = sum(len(member.expired) for member in hub.members)
    if expired:
        lines.append(f"Note: {expired} offer(s) or need(s) are past their 'until' date and are no longer shown; "
                     "`invoke stale` lists them.")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Check member profiles, events/ and the categories vocabulary.")
    parser.add_argument("root", nargs="?", default=".", help="folder holding members/, events/ and categories.yaml")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text: path:line: field: message; github: annotations on a pull request's lines")
    args = parser.parse_args(argv)
    root = Path(args.root)
    try:
        settings = load_settings({"HUB_ROOT": str(root)}, root)
    except SettingsError as error:
        problems = error.problems
        hub = None
    else:
        hub, problems = load_tree(settings)
    for line in render(problems, args.format):
        print(line, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(ok_report(hub))
    return 0


if __name__ == "__main__":
    sys.exit(main())
