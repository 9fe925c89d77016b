"""Text the bot writes with a member's words in it: each is shown as written, inside code, whatever it
holds (contribute.inert), as CommonMark with GitHub's live links renders it."""
from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from test_issue_property import Rendered

from hub.contribute.inert import BODY_LIMIT, block, bounded, code, escape

RENDER = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(["linkify", "table", "strikethrough"])
NASTY = ["a ` b @octocat", "`", "``x``", "```", "x ``` y", "@octocat", "https://evil.example", "<!--", "</code>",
         "a\nb", "` @octocat `", "\\`@octocat\\`", "[x](https://evil.example)", "&amp;", " leading space"]


@pytest.mark.parametrize("text", NASTY)
def test_a_code_span_shows_the_text_as_written_and_nothing_live(text):
    shown = Rendered(RENDER.render(f"You wrote: {code(text)}."))
    assert "".join(shown.code) == " ".join(text.split())  # one line, as written
    assert "".join(shown.prose).strip() == "You wrote: ." and not shown.links and not shown.comments


@pytest.mark.parametrize("text", [*NASTY, " ```\n<!--\n", "````\n```\n~~~\n", "```yaml\nx\n```\n@octocat\n"])
def test_a_block_cannot_be_closed_by_what_it_holds(text):
    shown = Rendered(RENDER.render(block(text) + "\nCloses #12\n"))
    assert "".join(shown.code) == (text if text.endswith("\n") else text + "\n")
    assert "".join(shown.prose).strip() == "Closes #12" and not shown.links and not shown.comments


def test_our_words_are_escaped_and_a_long_text_is_cut_inside_its_limit():
    assert Rendered(RENDER.render(escape("a *b* [c](d) <!-- e"))).tags == {"p"}
    long = "Intro\n\n" + block("line\n" * 20_000) + "\nAfter\n"
    cut = bounded(long, note="(cut)")
    assert len(cut) <= BODY_LIMIT and cut.rstrip().endswith("(cut)")
    shown = Rendered(RENDER.render(cut))
    assert "".join(shown.prose).split() == ["Intro", "(cut)"]  # the block was closed before the note
