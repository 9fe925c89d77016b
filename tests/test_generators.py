"""The site's generators in-process, with a recording writer (as Pelican's own generator tests do):
what each step writes, in seconds, without a subprocess build or Pagefind."""
from __future__ import annotations

import json
import shutil

import pytest
from pelican.settings import read_settings

from conftest import CONTENT, NOW, ROOT
from hub.site import STEPS, prepare_templates
from hub.site.base import InvalidHub
from hub.site.state import build_state


class RecordingWriter:
    """Stands in for Pelican's Writer: renders each page with its context and keeps the HTML."""

    def __init__(self):
        self.pages: dict[str, str] = {}

    def write_file(self, name, template, context, relative_urls=False, url=None, **kwargs):
        assert name not in self.pages, f"{name} written twice"
        self.pages[name] = template.render({**context, "SITEURL": "", **kwargs})


def run_steps(root, output, monkeypatch):
    monkeypatch.setenv("HUB_EVENTS_NOW", NOW)
    content = root / "content" if (root / "content").is_dir() else CONTENT  # as conftest.run_pelican does
    settings = read_settings(str(ROOT / "pelicanconf.py"),
                             override={"HUB_ROOT": str(root), "OUTPUT_PATH": str(output), "PATH": str(content)})
    context = {**settings, "articles": [], "pages": [], "static_links": set()}
    generators = [step(context=context, settings=settings, path=settings["PATH"], theme=settings["THEME"],
                       output_path=str(output)) for step in STEPS]
    for generator in generators:
        prepare_templates(generator)
    for generator in generators:
        generator.generate_context()
    writer = RecordingWriter()
    for generator in generators:
        generator.generate_output(writer)
    return writer.pages, context


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    monkeypatch = pytest.MonkeyPatch()
    try:
        yield run_steps(ROOT, tmp_path_factory.mktemp("out"), monkeypatch)
    finally:
        monkeypatch.undo()


def test_every_step_writes_its_pages_once(example):
    pages, context = example
    hub = build_state(context).hub
    expected = {"members/index.html", "categories/index.html", "areas/index.html", "events/index.html",
                "events/past/index.html", "matching/index.html", "matching/gaps/index.html", "search/index.html",
                "404.html"}
    expected |= {f"{member.url}index.html" for member in hub.members}
    expected |= {f"categories/{c.key}/index.html" for c in hub.vocabulary}
    expected |= {f"events/{event.slug}/index.html" for event in build_state(context).events}
    assert expected <= set(pages)


def test_member_pages_show_the_member(example):
    pages, context = example
    member = build_state(context).hub.by_slug["tile-hill-lunch-club"]
    html = pages[f"{member.url}index.html"]
    assert f"<h1>{member.name}</h1>" in html and member.summary in html


def test_an_invalid_tree_stops_at_the_first_step_with_every_problem(tmp_path, monkeypatch, capsys):
    root = tmp_path / "hub"
    root.mkdir()
    shutil.copy(ROOT / "categories.yaml", root / "categories.yaml")
    (root / "members").mkdir()
    (root / "members" / "broken.yaml").write_text("name: Broken\nareas: [Leeds]\n", encoding="utf-8")
    with pytest.raises(InvalidHub) as raised:
        run_steps(root, tmp_path / "out", monkeypatch)
    assert raised.value.code == 1
    assert capsys.readouterr().err.splitlines() == [
        "members/broken.yaml:1: summary: is required: One plain-text sentence about what the member does",
        "1 problem(s) found; nothing was built."]
    assert not (tmp_path / "out").exists()


def test_json_exports_are_written_to_the_output_folder(tmp_path, monkeypatch):
    pages, context = run_steps(ROOT, tmp_path / "out", monkeypatch)
    members = json.loads((tmp_path / "out" / "members.json").read_text(encoding="utf-8"))
    assert len(members["members"]) == len(build_state(context).hub.members)
    assert (tmp_path / "out" / "events.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")  # CRLF kept
    assert json.loads((tmp_path / "out" / "matches.json").read_text(encoding="utf-8"))
