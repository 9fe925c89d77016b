"""The files generated from the schema for the ways in that do not use git: the GitHub issue forms and
the Decap CMS configuration (`invoke docs` writes them with core.docs' tables; a test checks they
are current, like the docs)."""
from __future__ import annotations

from pathlib import Path

from ..core.loader import load_places, load_vocabulary
from ..core.settings import HubSettings
from . import cms, forms


def generated_files(settings: HubSettings) -> dict[str, str]:
    """{path relative to the repository: text} of every generated file."""
    vocabulary, _ = load_vocabulary(settings.categories_path, settings.root)
    places, _ = load_places(settings.places_path, settings.root)
    files = {form["file"]: forms.issue_form(kind, vocabulary, places, settings.coordinators_email)
             for kind, form in forms.FORMS.items()}
    files["admin/config.yml"] = cms.cms_config_text(vocabulary, settings.repository_url, places)
    return files


def stale_files(settings: HubSettings) -> list[Path]:
    return [settings.root / relative for relative, text in generated_files(settings).items()
            if not (settings.root / relative).is_file()
            or (settings.root / relative).read_text(encoding="utf-8") != text]


def write_files(settings: HubSettings) -> list[Path]:
    changed = []
    for relative, text in generated_files(settings).items():
        path = settings.root / relative
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
