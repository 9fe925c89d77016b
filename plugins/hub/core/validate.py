"""`invoke validate` / `python -m hub.core.validate ROOT`: report every problem of the tree at once."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..tree import load_tree
from .settings import SettingsError, load_settings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Check member profiles, events/ and the categories vocabulary.")
    parser.add_argument("root", nargs="?", default=".", help="folder holding members/, events/ and categories.yaml")
    args = parser.parse_args(argv)
    root = Path(args.root)
    try:
        settings = load_settings({"HUB_ROOT": str(root)}, root)
    except SettingsError as error:
        problems = error.problems
        hub = None
    else:
        hub, problems = load_tree(settings)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"OK: {len(hub.members)} members, {len(hub.vocabulary)} categories, {len(hub.events)} events.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
