"""A member's page, bounded whatever the member wrote and however many members its offers suit: its
offers and needs in full up to a budget (the rest by title, in full on /members/<slug>/offers/ and
/needs/), and for coordinators the best suggested matches each way, with every one of them on
/members/<slug>/matches/."""
from __future__ import annotations

from dataclasses import dataclass

from ..core.pages import locate, paginate
from . import weights

TOP = 10  # suggested matches shown each way on a member's page, at most
MATCHES_BUDGET = 8_000  # estimated bytes of them each way, at most (a long title and five reasons weigh 1.3 KB)
ITEMS_BUDGET = 8_000  # estimated bytes of offers, and again of needs, shown in full on a member's page


@dataclass(frozen=True)
class Shown:
    """Suggestions for one of the member's needs (or offers) on its page: the best few, and how many
    there are in all."""

    item: object
    matches: tuple
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.matches)


@dataclass(frozen=True)
class MemberMatches:
    could_help_you: tuple[Shown, ...]  # every need, in order
    you_could_help: tuple[Shown, ...]  # every offer with a suggestion, in order
    page: str | None                   # the full list, when some are not shown

    @property
    def hidden(self) -> int:
        return sum(shown.hidden for shown in (*self.could_help_you, *self.you_could_help))

    @property
    def total(self) -> int:
        return sum(shown.total for shown in (*self.could_help_you, *self.you_could_help))


def best_few(found: list[tuple[object, tuple]], top: int = TOP, budget: int = MATCHES_BUDGET) -> list[Shown]:
    """Each item's best suggestion first, then each one's second best, ... until `top` are shown or
    they weigh `budget`: every item with suggestions shows at least its best while there is room."""
    counts = [0] * len(found)
    shown, used, rank = 0, 0, 0
    room = True
    while room and any(rank < len(matches) for _, matches in found):
        for index, (_, matches) in enumerate(found):
            if rank >= len(matches):
                continue
            used += weights.match(matches[rank])
            if shown >= top or (used > budget and shown):
                room = False
                break
            counts[index] += 1
            shown += 1
        rank += 1
    return [Shown(item, matches[:count], len(matches)) for (item, matches), count in zip(found, counts)]


def member_matches(matching, member) -> MemberMatches:
    helped = best_few([(need, matching.for_need(need)) for need in member.needs])
    helping = best_few([(offer, found) for offer in member.offers if (found := matching.for_offer(offer))])
    hidden = any(shown.hidden for shown in (*helped, *helping))
    return MemberMatches(tuple(helped), tuple(helping), f"{member.url}matches/" if hidden else None)


def matches_entries(matching, member) -> list:
    """Every suggestion of the member's matches page, as ((section, item), match) in page order."""
    return ([(("could-help-you", need), found) for need in member.needs for found in matching.for_need(need)]
            + [(("you-could-help", offer), found) for offer in member.offers for found in matching.for_offer(offer)])


def shown_in_full(items, budget: int = ITEMS_BUDGET) -> int:
    """How many of `items`, from the first, fit in `budget` with their details (at least one)."""
    used = 0
    for count, item in enumerate(items):
        used += weights.item_in_full(item)
        if used > budget and count:
            return count
    return len(items)


class MemberPages:
    """Writes each member's page and, when it needs them, its pages of offers, needs and matches."""

    def __init__(self, matching):
        self.matching = matching

    def write(self, generator, writer, member) -> None:
        shown, item_pages = {}, {}
        for kind in ("offers", "needs"):
            items = getattr(member, kind)
            shown[kind] = shown_in_full(items)
            if shown[kind] < len(items):
                pages = paginate(items, f"{member.url}{kind}/", weights.item_in_full)
                item_pages.update({anchor: page for anchor, page in locate(pages, lambda i: i.anchor).items()})
                for page in pages:
                    generator.write_page(writer, page.file, "hub_member_items", member=member, kind=kind,
                                         pagination=page)
        matches = member_matches(self.matching, member) if self.matching else None
        generator.write_page(writer, f"{member.url}index.html", "hub_member", member=member, member_shown=shown,
                             member_item_pages=item_pages, member_matches=matches)
        if matches and matches.page:
            for page in paginate(matches_entries(self.matching, member), matches.page, lambda e: weights.match(e[1])):
                generator.write_page(writer, page.file, "hub_member_matches", member=member, pagination=page)
