"""Settings are declared once (core/settings.py), checked at start-up, and reported like mistakes in files."""
from __future__ import annotations

import pytest

from conftest import ROOT, run_pelican
from hub.core.settings import SETTINGS, SettingsError, load_settings


def test_the_defaults_are_valid_and_typed(tmp_path):
    settings = load_settings({}, tmp_path)
    assert settings.window_months == 12 and settings.members_path == tmp_path / "members"
    assert settings.public_url == "https://hub.coalition.example.org" and settings.site_url == ""


def test_an_absolute_siteurl_is_the_public_address(tmp_path):
    settings = load_settings({"SITEURL": "https://hub.ours.org.uk/"}, tmp_path)
    assert settings.site_url == settings.public_url == "https://hub.ours.org.uk"


def test_every_mistake_is_reported_with_the_line_that_sets_it(tmp_path):
    (tmp_path / "pelicanconf.py").write_text(
        'SITENAME = "Our hub"\nHUB_EVENTS_WINDOW_MONTHS = 0\nHUB_FEED_CACHE = "../elsewhere"\n'
        'COORDINATORS_EMAIL = "not an address"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        load_settings({"HUB_EVENTS_WINDOW_MONTHS": 0, "HUB_FEED_CACHE": "../elsewhere",
                       "COORDINATORS_EMAIL": "not an address", "HUB_EVENTS_TIMEZONE": "Europe/Londn"}, tmp_path)
    # In the order of the declaration (docs/settings.md).
    assert [str(p) for p in raised.value.problems] == [
        "(settings):1: HUB_EVENTS_TIMEZONE: 'Europe/Londn' is not a time zone (did you mean \"Europe/London\"?); "
        "use a name from the tz database such as Europe/London, Europe/Dublin or America/New_York",
        "pelicanconf.py:2: HUB_EVENTS_WINDOW_MONTHS: 0 is out of range; use 1 to 60",
        "pelicanconf.py:3: HUB_FEED_CACHE: '../elsewhere' must be a path inside the hub's folder, written with '/', "
        "e.g. 'data/feed-cache'",
        "pelicanconf.py:4: COORDINATORS_EMAIL: 'not an address' is not an email address; write it like "
        "'name@example.org'",
    ]


def test_a_wrong_setting_stops_the_build_before_anything_is_read(tmp_path):
    output = tmp_path / "out"
    result = run_pelican(ROOT, output, extra={"HUB_EVENTS_WINDOW_MONTHS": 0})
    assert result.returncode == 1
    assert "(settings):1: HUB_EVENTS_WINDOW_MONTHS: 0 is out of range; use 1 to 60" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not list(output.rglob("*.html"))


def test_every_setting_fills_a_field_of_hub_settings():
    from dataclasses import fields

    from hub.core.settings import PELICAN_SETTINGS, HubSettings

    names = {f.name for f in fields(HubSettings)}
    assert {spec.attribute for spec in (*SETTINGS, *PELICAN_SETTINGS)} <= names | {"root"}


def test_a_template_that_prints_an_undefined_name_fails_instead_of_publishing_nothing():
    from jinja2 import Environment, UndefinedError

    from hub.site import OutputUndefined

    env = Environment(undefined=OutputUndefined, autoescape=True)
    assert env.from_string("{% if missing %}x{% endif %}{% if missing == 'a' %}y{% endif %}ok").render() == "ok"
    with pytest.raises(UndefinedError):
        env.from_string('<a href="{{ missing }}">{{ missing }}</a>').render()
