"""content/ -> checked series, posts and figures, with every problem of every file collected.

Called by `tree.load_tree`, so `invoke validate` and the build report the same mistakes, all at
once: a header field that is missing, misspelt or in the wrong form, a category that would make a
section nobody can reach, a series, part number or key that does not fit, a report without its
quarter, a figure that is wrong or not where the text says, and a link to a member, event or file
that does not exist. Pure: no Pelican.
"""
from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.fields import INVALID, Checker, suggest, unshowable
from ..core.links import unsafe_link
from ..core.loader import Collection, collection_files
from ..core.settings import HubSettings
from ..core.slugs import SLUG
from ..core.yamlio import Document, Problem, read_file, source_name
from . import charts, markers
from .frontmatter import Header, read_post
from .model import Figure, Post, Publishing, Series, SeriesKey
from .schema import CATEGORY_FOLDERS, FIGURE, POST, POST_FIELDS, SERIES
from .stats import PROVIDERS

SERIES_FOLDER = "series"
SERIES_FILES = Collection("series", "our-series", "docs/publishing.md")
FIGURES_SUFFIX = ".figures.yaml"
# Formats Pelican would read by their own rules: reStructuredText's `.. include::` publishes any file of
# the build machine, an HTML file is published as written. Their readers are off (pelicanconf.py READERS).
OTHER_FORMATS = (".rst", ".html", ".htm")
PAGES_FOLDER = "pages"
RESERVED_SLUGS = {"learning": frozenset({"series"})}  # /learning/series/<name>/ are the series' pages


# A post's page around its text: the menus, header, footer and the series' and report's parts, about
# 20 KB on the example hub; what is left of HUB_PAGE_KB is for the post's own text and figures.
PAGE_FRAME_KB = 30


def _problem(source: str, line: int, field: str, message: str) -> Problem:
    return Problem(source, line, field, message)


# --- series ---------------------------------------------------------------------------------------

def load_series(settings: HubSettings) -> tuple[tuple[Series, ...], list[Problem]]:
    """content/series/*.yaml: one series per file, named by its slug. A key belongs to one series."""
    files, problems = collection_files(settings.content_path / SERIES_FOLDER, settings.root, SERIES_FILES)
    series: list[Series] = []
    owners: dict[str, str] = {}
    for entry in files:
        doc, file_problems = read_file(entry.path, entry.source)
        if file_problems:
            problems.extend(file_problems)
            continue
        checker = Checker(doc)
        checked = SERIES.check(doc.data, (), checker)
        if checked is not INVALID:
            keys = []
            for index, key in enumerate(checked["keys"]):
                if key["key"] in owners:
                    checker.problem(("keys", index, "key"), f"'{key['key']}' is already a key of "
                                    f"{owners[key['key']]}; members and events name keys alone, so each key "
                                    "belongs to one series: choose another name")
                    continue
                owners[key["key"]] = entry.source
                keys.append(SeriesKey(key["key"], key["label"]))
            if not checker.problems and entry.valid_name:
                series.append(Series(entry.slug, checked["title"], checked["summary"], tuple(keys), entry.source))
        problems.extend(checker.problems)
    return tuple(series), problems


# --- figures --------------------------------------------------------------------------------------

# The fields each kind of figure needs, and those that mean nothing for it.
_NEEDS = {"percentage": ("value",), "count": ("value",), "money": ("value",), "before-after": ("before", "after"),
          "comparison": ("value", "benchmark", "benchmark_label")}
_ONLY = {"before": "before-after", "after": "before-after", "before_label": "before-after",
         "after_label": "before-after", "benchmark": "comparison", "benchmark_label": "comparison",
         "value_label": "comparison", "chart": "percentage", "unit": "count"}
_SHARED = {"measure": ("before-after", "comparison")}


def _check_figure(name: str, raw: dict, checked: dict, checker: Checker) -> bool:
    kind = checked["kind"]
    ok = True
    for wanted in _NEEDS[kind]:
        if checked.get(wanted) is None:
            checker.problem((name, wanted), f"is required for a {kind} figure")
            ok = False
    for key, only in _ONLY.items():
        if key in raw and kind != only:
            checker.problem((name, key), f"is only for a {only} figure, and this one is a {kind} figure; "
                            "remove the line")
            ok = False
    for key, kinds in _SHARED.items():
        if key in raw and kind not in kinds:
            checker.problem((name, key), f"is only for {' and '.join(kinds)} figures (a {kind} figure is a "
                            f"{kind} already); remove the line")
            ok = False
    scale = kind if kind in ("percentage", "count", "money") else checked["measure"]
    for key in ("value", "before", "after", "benchmark"):
        number = checked.get(key)
        if number is None or number is INVALID:
            continue
        if scale == "percentage" and number > 100:
            checker.problem((name, key), f"{number:g} is not a percentage: a percentage is from 0 to 100")
            ok = False
        if scale == "count" and number != int(number):
            checker.problem((name, key), f"{number:g} is not a whole number; a count is 0, 1, 2…")
            ok = False
    return ok


@dataclass(frozen=True)
class FiguresFile:
    """A post's figures file: the valid figures, and every name it declares (valid or not) with its line."""

    source: str
    figures: tuple[Figure, ...] = ()
    names: dict[str, int] = field(default_factory=dict)
    read: bool = True  # False: the file could not be read, so which names it declares is unknown


def load_figures(path: Path, source: str) -> tuple[FiguresFile, list[Problem]]:
    """A post's figures file: figure names (slugs) to figures, in the file's order."""
    doc, problems = read_file(path, source)
    if problems:
        return FiguresFile(source, read=False), problems
    checker = Checker(doc)
    if not isinstance(doc.data, dict):
        checker.problem((), "expected figures by name, e.g. 'uniquely-placed:' followed by its indented "
                        "'kind:', 'label:', 'value:' and 'source:' lines")
        return FiguresFile(source, read=False), checker.problems
    figures = []
    for name, raw in doc.data.items():
        if not SLUG.match(str(name)):
            checker.problem((name,), f"'{name}' is not a figure name; use lowercase letters, digits and hyphens, "
                            "e.g. 'uniquely-placed', and place it with [figure: uniquely-placed]")
            continue
        checked = FIGURE.check(raw, (name,), checker)
        if checked is INVALID or not _check_figure(name, raw, checked, checker):
            continue
        figures.append(Figure(name=name, **{k: v for k, v in checked.items() if v is not None}))
    names = {str(name): doc.line_of((name,)) for name in doc.data}
    return FiguresFile(source, tuple(figures), names), checker.problems


# --- posts ----------------------------------------------------------------------------------------

def _header_document(header: Header, checker_problems: list[Problem]) -> Document:
    """The header as a document of declared field names (Pelican reads names in any case)."""
    data, lines = {}, {(): 1}
    for written, values in header.values.items():
        name = POST_FIELDS.get(written.lower(), written)
        if len(values) > 1 and name != "Summary":
            checker_problems.append(Problem(header.source, header.lines[written], name,
                                            "must fit on one line; join the indented line below it to it"))
        data[name] = "\n".join(values) if name == "Summary" else values[0]
        lines[(name,)] = header.lines[written]
    return Document(header.source, data, lines)


def _content_path(target: str, post: Path, content: Path) -> Path | None:
    """The file a {filename} or {static} link names: from content/ when it starts with '/', else
    from the post's folder. None when it leads out of content/."""
    relative = target.split("#", 1)[0].split("?", 1)[0]
    base = content if relative.startswith("/") else post.parent
    candidate = (base / relative.lstrip("/")).resolve()
    return candidate if candidate.is_relative_to(content.resolve()) else None


class _PostChecker:
    """Checks posts one by one, then how they fit together."""

    def __init__(self, settings: HubSettings, series: Iterable[Series], member_slugs, event_slugs):
        self.settings = settings
        self.series = {s.slug: s for s in series}
        self.member_slugs = frozenset(member_slugs)
        self.event_slugs = frozenset(event_slugs)
        self.problems: list[Problem] = []
        self.posts: list[tuple[Post, Document]] = []

    def body(self, header: Header, path: Path) -> tuple[list[tuple[int, str]], int | None]:
        """The figure markers (line, name) in the text and the first line asking for the hub's numbers
        (or None); every {kind}value link and every section of the hub's numbers checked on the way."""
        placed, numbers = [], None
        shown: dict[str, int] = {}
        lines = list(markers.text_lines(header.body, header.body_line))
        for number, address in markers.pictures_elsewhere(lines):
            self.problems.append(_problem(header.source, number, "picture", f"'{address[:80]}' is on another "
                                          "website, which would learn who reads the page; put the picture in "
                                          "content/images/ and write its address as {static}/images/its-name.png"))
        for number, line in lines:
            figure = markers.FIGURE_LINE.match(line)
            block = markers.HUB_NUMBERS_LINE.match(line)
            if figure:
                placed.append((number, figure.group("name")))
            elif block:
                numbers = number if numbers is None else numbers
                for name in markers.section_names(block.group("sections")) or tuple(PROVIDERS):
                    if name not in PROVIDERS:
                        self.problems.append(_problem(header.source, number, "hub numbers", f"'{name}' is not a "
                                                      f"section of the hub's numbers{suggest(name, PROVIDERS)}; the "
                                                      "sections are: " + ", ".join(PROVIDERS)))
                    elif name in shown:
                        self.problems.append(_problem(header.source, number, "hub numbers", f"'{name}' is already "
                                                      f"shown on line {shown[name]}; show each section once"))
                    else:
                        shown[name] = number
            for what, value in markers.links(line):
                self.link(header.source, number, what, value, path)
        return placed, numbers

    def link(self, source: str, line: int, what: str, value: str, path: Path) -> None:
        target = f"{{{what}}}{value}"
        slug = value.split("#", 1)[0].split("?", 1)[0].strip("/")
        if what == "member" and slug not in self.member_slugs:
            self.problems.append(_problem(source, line, "link", f"'{target}' is not a member"
                                          f"{suggest(slug, self.member_slugs)}; after {{member}} write the file "
                                          "name of a profile in members/ without '.yaml'"))
        elif what == "event" and slug not in self.event_slugs:
            self.problems.append(_problem(source, line, "link", f"'{target}' is not an event"
                                          f"{suggest(slug, self.event_slugs)}; after {{event}} write the file "
                                          "name of an event in events/ without '.yaml'"))
        elif what in ("filename", "static", "attach"):
            found = _content_path(value, path, self.settings.content_path)
            if found is None or not found.is_file():
                self.problems.append(_problem(source, line, "link", f"'{target}' is not a file in content/; "
                                              "write the path from content/ (e.g. {filename}/learning/our-post.md) "
                                              "or from this post's folder"))
        elif what not in markers.PELICAN_LINKS | markers.HUB_LINKS:
            self.problems.append(_problem(source, line, "link", f"'{{{what}}}' is not a kind of link the hub knows; "
                                          "use {member}slug, {event}slug or {filename}path"))

    def figures(self, path: Path, source: str, placed: list[tuple[int, str]]) -> FiguresFile | None:
        """The post's figures file (beside it, named after it) checked against the markers in its text:
        each marker names a declared figure, once, and each declared figure is placed."""
        figures_path = path.with_name(path.name[: -len(path.suffix)] + FIGURES_SUFFIX)
        figures = None
        if figures_path.is_file() and unsafe_link(figures_path, self.settings.root) is None:
            figures, figure_problems = load_figures(figures_path, source_name(figures_path, self.settings.root))
            self.problems.extend(figure_problems)
        declared = figures.names if figures else {}
        seen: dict[str, int] = {}
        for line, name in placed:
            if name in seen:
                self.problems.append(_problem(source, line, "figure", f"'{name}' is already placed on line "
                                              f"{seen[name]}; a figure appears once"))
                continue
            seen[name] = line
            if name not in declared and (figures is None or figures.read):  # else its own problem says why
                where = figures.source if figures else source_name(figures_path, self.settings.root)
                self.problems.append(_problem(source, line, "figure", f"'{name}' is not a figure declared in {where}"
                                              f"{suggest(name, declared)}; declare it there or correct the name"))
        for name, line in declared.items():
            if name not in seen:
                self.problems.append(_problem(figures.source, line, name, f"is declared but not placed in {source}; "
                                              f"add a line [figure: {name}] where it belongs, or remove it"))
        return figures

    def post(self, path: Path, folder: str) -> None:
        source = source_name(path, self.settings.root)
        header, problems = read_post(path, source)
        self.problems.extend(problems)
        if header is None:
            return
        doc = _header_document(header, self.problems)
        checker = Checker(doc)
        checked = POST.check(doc.data, (), checker)
        self.references(doc, checker)
        self.tags(doc, checker)
        placed, numbers = self.body(header, path)
        figures = self.figures(path, source, placed)
        self.size(header, source, figures)
        if checked is not INVALID:
            self.fits(checked, folder, numbers, checker)
        self.problems.extend(checker.problems)
        if checker.problems:
            return
        post = Post(source=source, category=checked["Category"], title=checked["Title"], date=checked["Date"],
                    summary=checked["Summary"], slug=checked["Slug"], series=checked["Series"],
                    order=checked["Series_order"], key=checked["Key"], period=checked["Period"],
                    authors=checked["Authors"], figures=figures.figures if figures else (),
                    figures_source=figures.source if figures else None,
                    placed=tuple(name for _, name in placed), hub_numbers=numbers is not None)
        self.posts.append((post, doc))

    def size(self, header: Header, source: str, figures: FiguresFile | None) -> None:
        """A post whose text and charts alone would make a page over the bound (HUB_PAGE_KB) is refused
        here, before the build; the build measures every page it writes too (core.bounds)."""
        drawn = sum(len(str(charts.figure_html(figure)).encode()) for figure in figures.figures) if figures else 0
        size = len(header.body.encode("utf-8")) + drawn
        room = (self.settings.page_kb - PAGE_FRAME_KB) * 1024
        if size > room:
            with_figures = f", {drawn / 1024:,.0f} KB of it the figures' charts and tables," if drawn else ""
            self.problems.append(_problem(source, 1, "(page size)", f"is {size / 1024:,.0f} KB{with_figures} and a "
                                          f"page holds at most {room // 1024:,} KB of text and figures (HUB_PAGE_KB "
                                          "less the page's own menus); shorten it, or split it into parts of a "
                                          "series (docs/publishing.md)"))

    @staticmethod
    def references(doc: Document, checker: Checker) -> None:
        """A header's text is HTML to Pelican: a character reference to a character no page or feed can
        carry (`&#12;`, a form feed, in a title) passed the text check and then ended the build at the
        Atom feed."""
        for name, value in doc.data.items():
            if isinstance(value, str) and "&" in value:
                problem = unshowable(html.unescape(value))
                if problem is not None:
                    checker.problem((name,), problem.replace("contains the invisible character",
                                                             "refers to the invisible character", 1))

    @staticmethod
    def tags(doc: Document, checker: Checker) -> None:
        """Tags and authors that hold markup or no letter or digit: Pelican cannot make a page address
        from them (site/content.py also checks what only Pelican's own slug rules can tell, and takes
        them off). Split as Pelican splits them: at semicolons if there are any, else at commas."""
        for name, what, example in (("Tags", "tag", "'Tags: volunteering, loneliness'"),
                                     ("Authors", "name", "'Authors: Ball Hill Organisers, Jo Smith'")):
            written = str(doc.data.get(name) or "")
            for part in (part.strip() for part in written.split(";" if ";" in written else ",")):
                # Pelican makes the address from the text with its character references read ('&amp').
                shown = html.unescape(part)
                if part and ("<" in shown or ">" in shown or not re.search(r"[^\W_]", shown)):
                    checker.problem((name,), f"'{part}' is not a {what}: write each {what} as plain words, "
                                    f"separated by commas, e.g. {example}")

    @staticmethod
    def fits(checked: dict, folder: str, numbers: int | None, checker: Checker) -> None:
        """A valid header's fields checked against each other and the post's folder."""
        category = checked["Category"]
        if CATEGORY_FOLDERS[category] != folder:
            other = next(name for name, f in CATEGORY_FOLDERS.items() if f == folder)
            checker.problem(("Category",), f"content/{folder}/ holds {other.lower()} posts: write 'Category: {other}', "
                            f"or move the file to content/{CATEGORY_FOLDERS[category]}/")
        if category == "Reports" and checked["Period"] is None:
            checker.problem(("Period",), "is required for a report: the quarter it covers, e.g. 'Period: 2026-Q3'")
        if category != "Reports" and checked["Period"] is not None:
            checker.problem(("Period",), "only reports cover a period; remove it, or move the post to "
                            "content/reports/ with 'Category: Reports'")
        if numbers is not None and checked["Period"] is None and category == "Reports":
            pass  # the missing Period is reported above
        elif numbers is not None and checked["Period"] is None:
            checker.problems.append(_problem(checker.doc.source, numbers, "hub numbers",
                                             "only a report shows the hub's numbers: they are those of its quarter "
                                             "('Period:'); remove the line"))
        if checked["Slug"] in RESERVED_SLUGS.get(folder, ()):
            checker.problem(("Slug",), f"'{checked['Slug']}' is the address of the hub's own pages "
                            f"(/{folder}/{checked['Slug']}/); choose another slug")

    def together(self) -> list[Post]:
        """How the posts fit together: series, part numbers, keys, periods and slugs."""
        kept: list[Post] = []
        wrong: set[str] = set()
        by_series: dict[str, list[tuple[Post, Document]]] = {}
        first: dict[tuple, str] = {}

        def once(what: tuple, post: Post, doc: Document, field: str, message: str) -> bool:
            if what in first:
                self.problems.append(_problem(post.source, doc.line_of((field,)), field,
                                              message.format(other=first[what])))
                wrong.add(post.source)
                return False
            first[what] = post.source
            return True

        for post, doc in sorted(self.posts, key=lambda item: item[0].source):
            def problem(field: str, message: str, post=post, doc=doc) -> None:
                self.problems.append(_problem(post.source, doc.line_of((field,)), field, message))
                wrong.add(post.source)

            if post.slug:
                once(("slug", post.category, post.slug), post, doc, "Slug",
                     f"'{post.slug}' is already the slug of {{other}}; give each post its own address")
            if post.period is not None:
                once(("period", str(post.period)), post, doc, "Period",
                     f"{post.period} is already covered by {{other}}; write one report per quarter")
            if post.series is None:
                if post.order is not None:
                    problem("Series_order", "needs 'Series:' too: the name of the series this post is part of")
                if post.key is not None:
                    problem("Key", "needs 'Series:' too: a key is one of a series' keys")
                continue
            series = self.series.get(post.series)
            if series is None:
                problem("Series", f"'{post.series}' is not a series{suggest(post.series, self.series)}; a series "
                        f"is declared by a file content/{SERIES_FOLDER}/{post.series}.yaml (see "
                        "docs/publishing.md)")
                continue
            if post.order is None:
                problem("Series", "needs 'Series_order:' too: 0 for the introduction, then 1, 2, 3… for the parts")
                continue
            if not once(("order", post.series, post.order), post, doc, "Series_order",
                        f"{post.order} is already the place of {{other}} in '{post.series}'; give each post of the "
                        "series its own number"):
                continue
            by_series.setdefault(post.series, []).append((post, doc))
            if post.key is not None:
                labels = {key.key: key.label for key in series.keys}
                if post.key not in labels:
                    known = ", ".join(labels) if labels else "it declares none"
                    problem("Key", f"'{post.key}' is not a key of the series '{post.series}'"
                            f"{suggest(post.key, labels)}; its keys are: {known} ({series.source})")
                else:
                    once(("key", post.key), post, doc, "Key",
                         f"'{post.key}' is already the key of {{other}}; each key has one post")
        for name, members in by_series.items():
            parts = sorted((post.order, post, doc) for post, doc in members if post.order > 0)
            for expected, (order, post, doc) in enumerate(parts, start=1):
                if order != expected:
                    self.problems.append(_problem(post.source, doc.line_of(("Series_order",)), "Series_order",
                                                  f"{order}, but '{name}' has no part {expected}; number the "
                                                  "parts 1, 2, 3… without gaps"))
                    wrong.add(post.source)
                    break
        for post, _ in self.posts:
            if post.source not in wrong:
                kept.append(post)
        return sorted(kept, key=lambda p: p.source)


def _stray_file(path: Path, source: str, folder: str) -> Problem | None:
    """A file in a post folder that nothing would read: a post in another format, or YAML that is
    not a post's figures file."""
    name = path.name.lower()
    if name.endswith(OTHER_FORMATS):
        return _problem(source, 1, "(file name)", f"'{path.name}' is not a Markdown file: write posts and pages in "
                        f"Markdown, in a file named like '{path.stem}.md'")
    if folder != PAGES_FOLDER and name.endswith((".yaml", ".yml")):
        post = path.name.split(".")[0]
        if not name.endswith(FIGURES_SUFFIX):
            return _problem(source, 1, "(file name)", f"'{path.name}' is not read: a post's figures go in a file "
                            f"named after the post, e.g. '{post}{FIGURES_SUFFIX}' for '{post}.md'")
        if not path.with_name(path.name[: -len(FIGURES_SUFFIX)] + ".md").is_file():
            close = difflib.get_close_matches(path.name[: -len(FIGURES_SUFFIX)],
                                              [p.stem for p in path.parent.glob("*.md")], n=1)
            hint = f" (did you mean '{close[0]}{FIGURES_SUFFIX}'?)" if close else ""
            return _problem(source, 1, "(file name)", f"there is no post '{path.name[: -len(FIGURES_SUFFIX)]}.md' "
                            f"beside these figures{hint}; name the file after its post")
    return None


def post_files(settings: HubSettings) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """(path, folder) of every post, and problems with files in the post and page folders."""
    posts, problems = [], []
    for folder in (*CATEGORY_FOLDERS.values(), PAGES_FOLDER):
        base = settings.content_path / folder
        if not base.is_dir() or base.is_symlink():
            continue
        for path in sorted(base.rglob("*")):
            if any(part.startswith(".") for part in path.relative_to(base).parts) or not path.is_file():
                continue
            if unsafe_link(path, settings.root) is not None:
                continue  # reported by core.links, never read
            stray = _stray_file(path, source_name(path, settings.root), folder)
            if stray is not None:
                problems.append(stray)
            elif folder != PAGES_FOLDER and path.suffix.lower() == ".md":
                posts.append((path, folder))
    return posts, problems


def load_posts(settings: HubSettings, series: Iterable[Series] = (), member_slugs: Iterable[str] = (),
               event_slugs: Iterable[str] = ()) -> tuple[Publishing, list[Problem]]:
    """Every post and report of content/, checked against the series, members and events."""
    series = tuple(series)
    files, problems = post_files(settings)
    checker = _PostChecker(settings, series, member_slugs, event_slugs)
    for path, folder in files:
        checker.post(path, folder)
    posts = checker.together()
    problems.extend(checker.problems)
    return Publishing(series=series, posts=tuple(posts)), problems
