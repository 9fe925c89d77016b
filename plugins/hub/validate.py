"""`python -m hub.validate` / `invoke validate`: report every problem in members/ and categories.yaml."""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from .agenda import check_events
from .loader import load_hub


def validate_tree(root: Path, members: str = "members", categories: str = "categories.yaml",
                  content: str = "content"):
    """(hub, problems) for the hub whose files live in `root`."""
    hub, problems = load_hub(root / members, root / categories, root=root, content_path=root / content)
    # Events (events/) are checked with the members: an organiser must be a file in members/.
    events, event_problems = check_events(root, None, hub.vocabulary, root / members)
    problems = sorted([*problems, *event_problems], key=lambda p: (p.source, p.line, p.field))
    return dataclasses.replace(hub, events=events), problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Check member profiles and the categories vocabulary.")
    parser.add_argument("root", nargs="?", default=".", help="folder holding members/ and categories.yaml")
    args = parser.parse_args(argv)
    root = Path(args.root)
    hub, problems = validate_tree(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"OK: {len(hub.members)} members, {len(hub.vocabulary)} categories, {len(hub.events)} events.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
