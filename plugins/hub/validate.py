"""`python -m hub.validate` / `invoke validate`: report every problem in members/ and categories.yaml."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loader import load_hub


def validate_tree(root: Path, members: str = "members", categories: str = "categories.yaml",
                  content: str = "content"):
    """(hub, problems) for the hub whose files live in `root`."""
    return load_hub(root / members, root / categories, root=root, content_path=root / content)


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
    print(f"OK: {len(hub.members)} members, {len(hub.vocabulary)} categories.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
