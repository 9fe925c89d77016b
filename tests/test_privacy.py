"""A contact the member did not make public appears in no file of the built site."""
from pathlib import Path

import yaml

from conftest import ROOT, run_pelican


def private_contacts():
    found = []
    for path in sorted((ROOT / "members").glob("*.yaml")):
        contact = (yaml.safe_load(path.read_text()) or {}).get("contact") or {}
        if contact and not contact.get("public"):
            found += [v for k, v in contact.items() if k in ("email", "phone", "name") and v]
    return found


def every_output_text(site: Path):
    for path in site.rglob("*"):
        if path.is_file():
            yield path, path.read_bytes().decode("utf-8", errors="replace")


def test_example_hub_has_private_contacts_to_protect():
    assert len(private_contacts()) >= 10


def test_private_contact_details_appear_nowhere_in_the_output(site):
    secrets = private_contacts()
    for path, text in every_output_text(site):
        for secret in secrets:
            assert str(secret) not in text, f"{secret!r} leaked into {path.relative_to(site)}"


def test_public_contact_is_published(site):
    assert "priya@ballhill.example.org" in (site / "members/ball-hill-organisers/index.html").read_text()


def test_flipping_public_to_false_removes_the_contact_everywhere(hub_tree):
    profile = """name: Quiet Group
summary: We keep ourselves to ourselves.
areas: [Leeds]
contact:
  name: Very Private Person
  email: very.private@quiet.example.org
  phone: "0113 496 0000"
  public: {public}
"""
    for public, expect in (("true", True), ("false", False)):
        (hub_tree / "members" / "quiet-group.yaml").write_text(profile.format(public=public))
        output = hub_tree / f"out-{public}"
        result = run_pelican(hub_tree, output)
        assert result.returncode == 0, result.stderr
        hits = [p for p, text in every_output_text(output) if "very.private@quiet.example.org" in text
                or "0113 496 0000" in text or "Very Private Person" in text]
        assert bool(hits) is expect, hits
