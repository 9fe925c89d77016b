"""One check, one answer, and bot text that stays inert, over form answers Hypothesis writes as members
(and attackers) might: realistic answers, answers with Markdown, HTML, fences, comments, links,
mentions, control and invisible characters, look-alike letters and long text.

For every issue: what `import-issue` accepts, `invoke validate` accepts (the tree is checked again after
it), and the build builds (everything accepted is built together at the end); what the bot writes
(the reply, the thanks, the pull request's description) renders, as GitHub renders Markdown with bare
links made live, with no link, mention, HTML or comment from the member, shows every field of the file
it proposes, cannot hide what follows it, fits GitHub's limit, and speaks to members without file
names or code. Derandomized, so every run checks the same examples.
"""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from issue_forms import issue_body
from markdown_it import MarkdownIt

from conftest import NOW, copy_of_the_example, hub_settings, run_pelican
from hub.contribute import forms
from hub.contribute.issues import apply, event_change, member_change, read_answers
from hub.contribute.replies import answers_to_change, pull_request_body, pull_request_title, ready
from hub.tree import load_tree

EXAMPLES = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
GITHUB_LIMIT = 65_536
# GitHub's Markdown as far as it matters here: CommonMark with raw HTML allowed, bare links made live,
# tables and strikethrough.
RENDER = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(["linkify", "table", "strikethrough"])

HOSTILE = st.sampled_from([
    "```", "    ```\n<!--", "~~~\n", "````yaml\n", "<!--", "-->", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "<details><summary>Looks good</summary>", "@octocat", "@our-org/coordinators",
    "https://evil.example/login", "www.evil.example", "mallory@evil.example", "#1", "[Looks good](https://evil.example)",
    "![t](https://evil.example/t.png)", "**bold**", "# Heading", "> quoted", "| a | b |\n|---|---|", "\\", "&amp;",
    "&#64;octocat", "\n\n### Organisation name\n\nTaken over\n", "_No response_", "- [X] ticked", "\t", "\v", "\x00",
    "\u202eevil", "\u200b", "x" * 250, "Ｆｕｌｌ ｗｉｄｔｈ", "Тile Нill", "`code`", "``", "\r\n", "'quoted'", '"said"',
])
WORDS = st.sampled_from(["Coffee morning", "Knit & natter", "Café été", "مقهى", "Tile Hill", "our hall on Tuesdays",
                         "Free", "Lifts to hospital", "for older people", "2 hours"])


def text(pieces=WORDS, most: int = 3) -> st.SearchStrategy[str]:
    """One to `most` pieces, each a word or (one time in three) something hostile, joined as people do."""
    piece = st.one_of(pieces, pieces, HOSTILE)
    return st.builds(lambda parts, joins: "".join(part + join for part, join in zip(parts, joins)).strip(),
                     st.lists(piece, min_size=1, max_size=most), st.lists(st.sampled_from([" ", "\n", ", ", ""]),
                                                                          min_size=most, max_size=most))


def answer(question, members: list[str]) -> st.SearchStrategy[str]:
    """An answer to `question`: empty, one a member would give, or odd."""
    target = question.target
    if question.widget == "dropdown":
        choice = st.sampled_from(question.options)
        chosen = (st.lists(choice, min_size=1, max_size=3, unique=True).map(", ".join) if question.multiple
                  else choice)
        return st.one_of(st.just(""), chosen, chosen, text())
    sensible = {
        "slug": st.sampled_from(["", "", "", f"https://hub.example.org/members/{members[0]}/", members[1],
                                 "https://hub.example.org/members/../../etc/"]),
        "name": st.one_of(WORDS, text(most=2)), "title": st.one_of(WORDS, text(most=2)),
        "areas": st.sampled_from(["Coventry", "Leeds, Online", "Coventry, UK-wide"]),
        "website": st.sampled_from(["https://example.org", "example.org", "https://evil.example/```<!--",
                                    "javascript:alert(1)"]),
        "contact.email": st.sampled_from(["jo@example.org", "jo at example", "@octocat"]),
        "contact.phone": st.sampled_from(["024 7600 0000", "+44 24 7600 0000", "call me"]),
        "organiser": st.sampled_from([*members[:3], "Tile Hill Friday Lunch Club", "Nobody at all"]),
        "start": st.sampled_from(["14/01/2027 10:30", "2027-01-14 10:30", "14/13/2027 10:30", "tomorrow"]),
        "end": st.sampled_from(["12:00", "14/01/2027 12:00", "25:00"]),
        "online": st.sampled_from(["https://meet.example.org/x", "meet.example.org/x"]),
    }
    key = target.rsplit(".", 1)[-1] if target.startswith(("offers.", "needs.")) else target
    if key == "until":
        return st.sampled_from(["", "31/03/2027", "2027-03-31", "31/02/2027", "next spring"])
    return st.one_of(st.just(""), sensible.get(key, text()), text())


# What a well-meaning member may write that is still a valid answer: Markdown, HTML, links, mentions,
# fences, look-alike letters, on one line (MARKUP) or on several (BLOCKS).
MARKUP = st.sampled_from(["```", "<!--", "-->", "<script>alert(1)</script>", "<b>bold</b>", "@octocat",
                          "https://evil.example/login", "www.evil.example", "#1", "[Looks good](https://evil.example)",
                          "**bold**", "`code`", "``", "&amp;", "&#64;octocat", "'quoted'", "Тile Нill", "Ｆｕｌｌ",
                          "mallory@evil.example", "| a |", "~~struck~~", "\\"])
BLOCKS = st.sampled_from(["    ```\n<!--", "\n\n### Our history\n\nSince 1990\n", "| a | b |\n|---|---|",
                          "````\n```\n", "> quoted\n\n- [X] ticked", "_No response_", "<!-- hidden -->"])


def line(most: int = 2) -> st.SearchStrategy[str]:
    return st.builds(lambda words, marks: " ".join(w + " " + m for w, m in zip(words, marks)).strip(),
                     st.lists(WORDS, min_size=1, max_size=most), st.lists(MARKUP, min_size=most, max_size=most))


def lines() -> st.SearchStrategy[str]:
    return st.builds(lambda first, block, last: f"{first}\n{block}\n{last}", line(), BLOCKS, line())


@st.composite
def meant_well(draw, kind: str, vocabulary, places, members: list[str]) -> dict[str, str]:
    """Answers a member means to be right, full of markup the hub must show as written."""
    chosen = {}
    for question in forms.questions_of(kind, vocabulary, places):
        target = question.target
        if target.startswith(("offers.", "needs.")):
            continue  # below: whole offers and needs
        if question.widget == "dropdown" and target not in ("contact.public",):
            if question.required or draw(st.booleans()):
                options = st.sampled_from(question.options)
                chosen[question.label] = draw(st.lists(options, min_size=1, max_size=2, unique=True).map(", ".join)
                                              if question.multiple else options)
        elif target == "slug":
            chosen[question.label] = draw(st.sampled_from(["", "", f"https://hub.example.org/members/{members[5]}/"]))
        elif target in ("name", "title", "summary", "cost", "location.name"):
            chosen[question.label] = draw(line())
        elif target in ("description", "accessibility.details"):
            chosen[question.label] = draw(lines())
        elif target == "areas":
            chosen[question.label] = draw(st.sampled_from(["Coventry", "Leeds, Online"]))
        elif target in ("website", "online", "booking", "news_feed"):
            chosen[question.label] = draw(st.sampled_from(["", "https://example.org/a", "https://evil.example/```<!--"]))
        elif target == "start":
            chosen[question.label] = draw(st.sampled_from(["14/01/2027 10:30", "2027-01-14 10:30"]))
        elif target == "end":
            chosen[question.label] = draw(st.sampled_from(["12:00", "14/01/2027 12:30"]))
        elif target == "organiser":
            chosen[question.label] = draw(st.sampled_from(members[:4]))
        elif target == "needs":
            chosen[question.label] = draw(st.sampled_from(["", "Transport: lifts <!-- home", "Food: soup ``` `"]))
    if kind == "member":
        labels = [category.label for category in vocabulary]
        for kind_of in ("offers", "needs"):
            for number in range(1, draw(st.integers(0, forms.ITEMS_ASKED)) + 1):
                chosen[forms.item_label(kind_of, number, "category")] = draw(st.sampled_from(labels))
                chosen[forms.item_label(kind_of, number, "title")] = draw(line())
                chosen[forms.item_label(kind_of, number, "details")] = draw(st.one_of(st.just(""), lines()))
                chosen[forms.item_label(kind_of, number, "until")] = draw(st.sampled_from(["", "31/03/2027",
                                                                                           "2027-03-31"]))
        if draw(st.booleans()):
            chosen.update({"Contact name": draw(line(1)), "Contact email": "jo@example.org",
                           "Publish contact details?": forms.CONSENT_PUBLISH})
    return chosen


@st.composite
def answers_of(draw, kind: str, vocabulary, places, members: list[str]) -> dict[str, str]:
    """Half the time answers meant to be right, half the time anything at all."""
    if draw(st.booleans()):
        return draw(meant_well(kind, vocabulary, places, members))
    questions = forms.questions_of(kind, vocabulary, places)
    chosen = {}
    for question in questions:
        if question.required or draw(st.integers(0, 2)) == 0:
            chosen[question.label] = draw(answer(question, members))
    return chosen


class Rendered(HTMLParser):
    """What GitHub would show: the tags, the links, the comments, the text outside code, the text of code."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.links, self.comments, self.prose, self.code = set(), [], [], [], []
        self._in_code = 0
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "a":
            self.links.append(dict(attrs).get("href"))
        if tag in ("code", "pre"):
            self._in_code += 1

    def handle_endtag(self, tag):
        if tag in ("code", "pre"):
            self._in_code -= 1

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_data(self, data):
        (self.code if self._in_code else self.prose).append(data)


def assert_inert(markdown: str, settings, to_member: bool) -> Rendered:
    assert len(markdown) < GITHUB_LIMIT
    shown = Rendered(RENDER.render(markdown))
    assert shown.tags <= {"p", "ul", "li", "strong", "code", "pre", "a", "em"}, shown.tags
    assert not shown.comments
    assert set(shown.links) <= {f"mailto:{settings.coordinators_email}"}, shown.links
    prose = "".join(shown.prose)
    assert not re.search(r"(?<![\w.+\-\u2060])@[A-Za-z0-9]", prose), prose  # a mention outside code
    if to_member:  # plain words: no file names, formats or code
        for word in (".yaml", "invoke ", "docs/", "members/", "YYYY", "Markdown", "slug", "FREQ=", "`"):
            assert word not in prose, (word, prose)
    return shown


def test_what_import_issue_accepts_validate_accepts_the_build_builds_and_replies_stay_inert(tmp_path):
    tree = copy_of_the_example(tmp_path / "hub")
    built = copy_of_the_example(tmp_path / "built")
    settings = hub_settings(tree, HUB_EVENTS_NOW=NOW)
    hub, problems = load_tree(settings)
    assert problems == []
    members = sorted(hub.by_slug)
    saved = {path: path.read_bytes() for folder in ("members", "events") for path in (tree / folder).iterdir()}
    accepted: list[tuple[str, str]] = []
    outcomes = {"accepted": 0, "refused": 0}

    @EXAMPLES
    @given(st.data())
    def check(data):
        kind = data.draw(st.sampled_from(["member", "member", "event"]))
        chosen = data.draw(answers_of(kind, hub.vocabulary, hub.places, members))
        answers = read_answers(issue_body(kind, chosen, hub.vocabulary, hub.places), hub.vocabulary, hub.places)
        change = (member_change if answers.kind == "member" else event_change)(answers, hub, settings)
        try:
            if not change.problems:
                apply(change, settings, load_tree)
            if change.problems:
                outcomes["refused"] += 1
                assert {path for folder in ("members", "events") for path in (tree / folder).iterdir()} <= set(saved)
                assert_inert(answers_to_change(change, settings), settings, to_member=True)
                return
            outcomes["accepted"] += 1
            assert load_tree(settings)[1] == []  # what was accepted, `invoke validate` accepts
            file = change.file
            accepted.append((f"{file.path.parent.name}/generated-{len(accepted)}-{file.path.name}", file.text))
            assert_inert(ready(change), settings, to_member=True)
            body = pull_request_body(change, tree) + "\nCloses #12\n"
            shown = assert_inert(body, settings, to_member=False)
            assert file.text in "".join(shown.code)  # every field of the file, as it is
            assert "Closes #12" in "".join(shown.prose)  # nothing an answer holds hides what follows
            assert "\n" not in pull_request_title(change) and len(pull_request_title(change)) < 200
            for key in yaml.safe_load(file.text):
                assert f"{key}:" in "".join(shown.code)
        finally:
            for folder in ("members", "events"):
                for path in (tree / folder).iterdir():
                    if path not in saved:
                        path.unlink()
            for path, data_bytes in saved.items():
                if path.read_bytes() != data_bytes:
                    path.write_bytes(data_bytes)

    check()
    assert outcomes["accepted"] >= 20 and outcomes["refused"] >= 20, outcomes  # both ways were tried
    for relative, file_text in accepted:  # everything accepted, built together
        (built / relative).write_text(file_text, encoding="utf-8")
    assert load_tree(hub_settings(built, HUB_EVENTS_NOW=NOW))[1] == []
    result = run_pelican(built, tmp_path / "out", extra={"HUB_SEARCH_INDEX": False})
    assert result.returncode == 0, result.stderr[-3000:]
    for relative, _ in accepted:
        folder, name = relative.split("/")
        page = Path(name).stem if folder == "members" else None
        if page:
            assert (tmp_path / "out" / "members" / page / "index.html").is_file()


def test_a_hostile_answer_cannot_hide_the_profile_from_the_reviewer(tmp_path):
    """An indented closing fence and '<!--' in an answer hid the website, offers and feeds from the
    rendered description: a reviewer saw "Looks good"."""
    tree = copy_of_the_example(tmp_path / "hub")
    settings = hub_settings(tree, HUB_EVENTS_NOW=NOW)
    hub, _ = load_tree(settings)
    chosen = {"Organisation name": "Wyken Warm Space", "About your organisation (one sentence)": "Looks good",
              "Where do you work?": "Coventry",
              "Tell us more": "Looks good\n ```\n<!--\n", "Website": "https://evil.example/phish",
              "Offer 1: kind of support": "Venues and space", "Offer 1: what you offer": "A room",
              "News feed (RSS or Atom)": "https://evil.example/feed.xml"}
    answers = read_answers(issue_body("member", chosen, hub.vocabulary, hub.places), hub.vocabulary, hub.places)
    change = member_change(answers, hub, settings)
    apply(change, settings, load_tree)
    assert change.problems == []
    shown = Rendered(RENDER.render(pull_request_body(change, tree) + "\nCloses #12\n"))
    code = "".join(shown.code)
    assert "website: https://evil.example/phish" in code and "news_feed: https://evil.example/feed.xml" in code
    assert "offers:" in code and not shown.comments and "Closes #12" in "".join(shown.prose)
    shutil.rmtree(tmp_path / "hub")
