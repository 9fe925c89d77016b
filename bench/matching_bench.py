"""Time the matcher on synthetic hubs: `invoke bench` or `python bench/matching_bench.py [SIZES...]`.

Members are generated deterministically (a seeded random generator) from the repository's
categories.yaml: each has 5 offers and 5 needs whose titles mix the words of their category,
words of related categories and everyday words, with days and times, audiences and places
drawn from skewed distributions, as in a real coalition where a few towns and a few categories
dominate. Only matching is timed (reading, indexing, ranking, explaining and mutual detection),
not YAML parsing or page writing.
"""
from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from pathlib import Path

from hub.core.loader import load_vocabulary
from hub.core.model import Area, Hub
from hub.core.schema import Item, Member
from hub.matching.matcher import Matcher, paused_gc
from hub.matching.text import THESAURUS

ROOT = Path(__file__).resolve().parent.parent

SEED = 2024
ITEMS_PER_KIND = 5

GENERAL = """
local weekly monthly small friendly regular new spare extra shared long-term short-term practical
simple accessible quiet warm safe welcoming experienced trained patient reliable flexible
evening morning afternoon weekend summer winter holiday school-term daytime
project club group network session programme scheme service hub cafe café drop-in space team
people families residents neighbours carers parents children teenagers adults elders newcomers
support help advice time skills ideas space place equipment kit money funding training
estate street neighbourhood park garden library church mosque gurdwara temple centre hall
event festival fun day meeting workshop course class talk visit trip outing walk
""".split()
AUDIENCES = ["for community groups", "for small charities", "for local residents", "for young people",
             "for older people", "for families", "for volunteers", "for new groups", "for anyone",
             "for people living alone", "for carers", "for schools", "for faith groups"]
TIMES = ["on Monday mornings", "on Tuesday evenings", "on weekday afternoons", "at weekends",
         "on Saturday mornings", "on Thursday evenings", "on Wednesday afternoons", "on Fridays"]
LANGUAGES = ["Arabic", "Urdu", "Polish", "Punjabi", "Somali", "Romanian", "BSL", "Welsh"]
OPENERS_OFFER = ["", "Free", "Our", "Low-cost", "Shared", "Regular"]
OPENERS_NEED = ["", "A", "Some", "More", "Someone to provide", "Help finding"]


def _places(count: int = 150) -> list[str]:
    stems = ["Ash", "Brook", "Kings", "Mill", "Oak", "Stan", "Wood", "Castle", "Church", "Green",
             "High", "Long", "Market", "New", "North", "South", "East", "West", "Bridge", "Ford"]
    ends = ["ton", "ley", "field", "ham", "wick", "bury", "by", "stead"]
    names = []
    for a in stems:
        for b in ends:
            names.append(a + b)
    return names[:count]


def _pools(vocabulary) -> dict[str, list[str]]:
    """Words people use for each category: its synonyms, label and linked thesaurus words."""
    pools: dict[str, list[str]] = {}
    for category in vocabulary:
        words = list(category.synonyms) + category.label.lower().replace(" and ", " ").split()
        synonyms = set(category.synonyms)
        for group in THESAURUS:
            if synonyms & set(group[1:]):
                words.extend(group[1:])
        pools[category.key] = sorted(set(words))
    return pools


class Generator:
    def __init__(self, vocabulary, seed: int = SEED):
        self.random = random.Random(seed)
        self.vocabulary = vocabulary
        self.keys = [c.key for c in vocabulary]
        self.pools = _pools(vocabulary)
        self.places = _places()
        # Skewed: a few categories and towns are much more common than the rest.
        self.category_weights = [1 / (rank + 1) ** 0.6 for rank in range(len(self.keys))]
        self.place_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.places))]

    def _title(self, kind: str, category: str) -> str:
        r = self.random
        own = r.sample(self.pools[category], k=min(len(self.pools[category]), r.randint(1, 2)))
        other = r.choice(self.keys)
        words = own + r.sample(GENERAL, k=r.randint(1, 3))
        if r.random() < 0.25:
            words.append(r.choice(self.pools[other]))
        r.shuffle(words)
        opener = r.choice(OPENERS_OFFER if kind == "offer" else OPENERS_NEED)
        title = " ".join(([opener] if opener else []) + words)
        if r.random() < 0.5:
            title += " " + r.choice(AUDIENCES)
        if r.random() < 0.25:
            title += " " + r.choice(TIMES)
        if category == "translation" and r.random() < 0.7:
            title += " in " + " and ".join(r.sample(LANGUAGES, k=r.randint(1, 2)))
        return title[:1].upper() + title[1:120]

    def _details(self, category: str) -> str | None:
        r = self.random
        if r.random() < 0.5:
            return None
        words = r.sample(GENERAL, k=r.randint(6, 14)) + r.sample(self.pools[category], k=1)
        return " ".join(words).capitalize() + "."

    def _areas(self) -> tuple[Area, ...]:
        r = self.random
        roll = r.random()
        if roll < 0.04:
            return (Area("Online"),)
        if roll < 0.06:
            return (Area("UK-wide"), Area("Online"))
        names = set(r.choices(self.places, weights=self.place_weights, k=r.randint(1, 2)))
        if roll < 0.10:
            names.add("Online")
        return tuple(Area(name) for name in sorted(names))

    def member(self, number: int) -> Member:
        r = self.random
        slug = f"member-{number:05d}"
        areas = self._areas()
        items = {}
        for kind in ("offer", "need"):
            chosen = r.choices(self.keys, weights=self.category_weights, k=ITEMS_PER_KIND)
            items[kind] = tuple(
                Item(kind=kind, member_slug=slug, index=i, category=cat, title=self._title(kind, cat),
                     details=self._details(cat), areas=areas, areas_given=False)
                for i, cat in enumerate(chosen))
        return Member(slug=slug, name=f"Member {number}", summary="A synthetic member.", areas=areas,
                      source=f"members/{slug}.yaml", offers=items["offer"], needs=items["need"])


def synthetic_hub(size: int, seed: int = SEED) -> Hub:
    vocabulary, problems = load_vocabulary(ROOT / "categories.yaml")
    if problems:
        raise SystemExit("\n".join(str(p) for p in problems))
    generator = Generator(vocabulary, seed)
    members = tuple(generator.member(n) for n in range(size))
    return Hub(vocabulary=vocabulary, members=members)


def reference_ms() -> float:
    """Milliseconds for ten million turns of an empty loop (best of five): how fast this
    machine runs Python right now, to compare figures between machines."""
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for _ in range(10_000_000):
            pass
        best = min(best, time.process_time() - start)
    return best * 1000


def run(size: int, repeat: int = 1) -> dict:
    """Match a synthetic hub of `size` members `repeat` times; the fastest run's figures."""
    hub = synthetic_hub(size)
    runs = [_run_once(hub, size) for _ in range(repeat)]
    return min(runs, key=lambda r: r["total_s"])


def _run_once(hub, size: int) -> dict:
    gc.collect()
    with paused_gc():  # as match_hub does
        wall, start = time.perf_counter(), time.process_time()
        matcher = Matcher(hub)
        indexed = time.process_time()
        matching = matcher.match()
        done, wall = time.process_time(), time.perf_counter() - wall
    needs = len(matching.needs)
    return {"members": size, "offers": len(matcher.offers), "needs": needs,
            "index_s": indexed - start, "match_s": done - indexed, "total_s": done - start, "wall_s": wall,
            "suggestions": len(matching.matches), "met": needs - len(matching.unmet),
            "mutual": len(matching.mutual)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest is shown (default 3)")
    parser.add_argument("--limit", type=float, default=None,
                        help="fail (exit 1) if the largest size takes longer than this many seconds")
    args = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]}, one process, seed {SEED}; CPU seconds of the fastest of "
          f"{args.repeat} runs (its wall clock in the last column); this machine runs an empty loop of "
          f"10 million turns in {reference_ms():.0f} ms")
    print(f"{'members':>8} {'offers':>7} {'needs':>7} {'read+index':>11} {'rank+explain':>13} {'total':>7} "
          f"{'suggested':>10} {'needs met':>10} {'wall':>7}")
    result = None
    for size in args.sizes:
        result = run(size, args.repeat)
        print(f"{result['members']:>8} {result['offers']:>7} {result['needs']:>7} {result['index_s']:>11.2f} "
              f"{result['match_s']:>13.2f} {result['total_s']:>7.2f} {result['suggestions']:>10} "
              f"{result['met'] / result['needs']:>10.0%} {result['wall_s']:>7.2f}")
    if args.limit is not None and result is not None and result["total_s"] > args.limit:
        print(f"{result['members']} members took {result['total_s']:.1f}s, over the {args.limit:.0f}s target")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
