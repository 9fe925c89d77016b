"""The labelled matching corpus (tests/fixtures/matching-corpus/): ten made-up coalitions, each
a hub tree with `labels.yaml`, split by coalition into `dev` (for tuning) and `test` (for
reporting only; never read while tuning). See the corpus README.

    from matching_corpus import load_part
    for coalition in load_part("dev"):
        coalition.hub, coalition.labels

The older, smaller set in tests/fixtures/matching/ (written alongside the earlier matcher, so
biased towards it) is available as the part `old`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from hub.core.model import Hub
from hub.core.settings import HubSettings
from hub.tree import load_tree

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "fixtures" / "matching-corpus"
OLD = Path(__file__).resolve().parent / "fixtures" / "matching"
# Events play no part in matching; a fixed day keeps loading reproducible.
NOW = dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC)
PARTS = ("dev", "test", "old")


@dataclass(frozen=True)
class Label:
    """A coordinator's judgement of one need: the offers they would suggest (none: unmeetable)."""

    member: str
    need: str
    suggest: tuple[tuple[str, str], ...]  # (member slug, offer title)
    why: str

    @property
    def meetable(self) -> bool:
        return bool(self.suggest)


@dataclass(frozen=True)
class Coalition:
    name: str
    folder: Path
    hub: Hub
    labels: tuple[Label, ...]
    problems: tuple


def split() -> dict[str, list[str]]:
    """{"dev": [...], "test": [...]}: coalition folder names, from split.yaml."""
    data = yaml.safe_load((CORPUS / "split.yaml").read_text(encoding="utf-8"))
    return {"dev": list(data["dev"]), "test": list(data["test"])}


def load_labels(path: Path) -> tuple[Label, ...]:
    labels = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        suggest = []
        for offer in entry.get("suggest") or ():
            ((slug, title),) = offer.items()
            suggest.append((slug, title))
        labels.append(Label(entry["member"], entry["need"], tuple(suggest), entry.get("why", "")))
    return tuple(labels)


def load_coalition(folder: Path) -> Coalition:
    settings = HubSettings(root=folder, timezone="Europe/London", now=NOW,
                           categories_file=str(ROOT / "categories.yaml"))
    hub, problems = load_tree(settings)
    return Coalition(folder.name, folder, hub, load_labels(folder / "labels.yaml"), tuple(problems))


def load_part(part: str) -> list[Coalition]:
    """The coalitions of `part`: "dev", "test" or "old" (the earlier, biased set)."""
    if part == "old":
        return [load_coalition(OLD)]
    if part not in ("dev", "test"):
        raise ValueError(f"unknown corpus part {part!r}; choose one of {', '.join(PARTS)}")
    return [load_coalition(CORPUS / name) for name in split()[part]]
