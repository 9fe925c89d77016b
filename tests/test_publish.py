"""`invoke publish` refuses the example site address and the example calendar UID domain, saying
what to set and why the UID domain must never change; with them set it builds."""
import os
import subprocess
import sys

from conftest import ROOT, copy_of_repository, hub_settings
from hub.core.settings import PLACEHOLDER_DOMAIN, publish_problems, publish_warnings

UID_MESSAGE = (
    "pelicanconf.py:{line}: HUB_EVENTS_UID_DOMAIN: 'hub.coalition.example.org' is the example domain; set "
    "HUB_EVENTS_UID_DOMAIN in pelicanconf.py to a domain your coalition owns, e.g. hub.our-coalition.org.uk, before "
    "the first public build, and never change it afterwards: every event's calendar UID ends with it, and calendar "
    "apps that subscribed to the hub know an event by its UID, so a new domain would show every event twice "
    "(docs/settings.md)")
SITEURL_MESSAGE = (
    "publishconf.py:{line}: SITEURL: 'https://hub.coalition.example.org' is the example address; set the environment "
    "variable HUB_SITEURL (or SITEURL in publishconf.py) to the public site's address, e.g. "
    "https://hub.our-coalition.org.uk (the GitHub Pages workflow sets it for you; see docs/setup.md)")


def line_of(file_name: str, setting: str) -> int:
    lines = (ROOT / file_name).read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if text.startswith(f"{setting} ="))


def fork(tmp_path):
    """A copy of the repository, as a coalition's fork starts."""
    tree = tmp_path / "hub"
    copy_of_repository(tree)
    return tree


def publish(tree, **env):
    environment = {key: value for key, value in os.environ.items() if key != "HUB_SITEURL"}
    return subprocess.run([sys.executable, "-m", "invoke", "publish"], cwd=tree, capture_output=True, text=True,
                          env={**environment, "HUB_EVENTS_NOW": "2026-11-21", **env})


def test_the_example_settings_are_refused_with_what_to_set_and_why(tmp_path):
    result = publish(fork(tmp_path))
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith(("publishconf", "pelicanconf"))]
    assert problems == [SITEURL_MESSAGE.format(line=line_of("publishconf.py", "SITEURL")),
                        UID_MESSAGE.format(line=line_of("pelicanconf.py", "HUB_EVENTS_UID_DOMAIN"))]
    assert result.stderr.splitlines()[-1] == "2 setting(s) to change before publishing; nothing was built."
    assert not (tmp_path / "hub" / "output").exists()


def test_a_fork_with_its_own_settings_publishes(tmp_path):
    tree = fork(tmp_path)
    config = tree / "pelicanconf.py"
    text = config.read_text(encoding="utf-8").replace(f'HUB_EVENTS_UID_DOMAIN = "{PLACEHOLDER_DOMAIN}"',
                                                      'HUB_EVENTS_UID_DOMAIN = "hub.our-coalition.org.uk"')
    text = text.replace('COORDINATORS_EMAIL = "hello@coalition.example.org"',
                        'COORDINATORS_EMAIL = "hello@our-coalition.org.uk"')
    config.write_text(text.replace('REPOSITORY_URL = "https://git.example.org/coalition/hub"',
                                   'REPOSITORY_URL = "https://github.com/our-coalition/hub"'), encoding="utf-8")
    result = publish(tree, HUB_SITEURL="https://our-coalition.github.io/hub")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    home = (tree / "output" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://our-coalition.github.io/hub/members/"' in home
    feed = (tree / "output" / "events.ics").read_text(encoding="utf-8")
    own = [line for line in feed.splitlines() if line.startswith("UID:") and "access-together-monthly" in line]
    assert set(own) == {"UID:access-together-monthly-meeting@hub.our-coalition.org.uk"}


def test_example_email_and_repository_are_warnings(hub_tree):
    settings = hub_settings(hub_tree, SITEURL="https://hub.our-coalition.org.uk",
                            HUB_EVENTS_UID_DOMAIN="hub.our-coalition.org.uk")
    assert publish_problems(settings) == []
    assert publish_warnings(settings) == [
        "COORDINATORS_EMAIL is still the example 'hello@coalition.example.org': people who write to it reach no one; "
        "set it in pelicanconf.py",
        "REPOSITORY_URL is still the example 'https://git.example.org/coalition/hub': 'update this profile' links "
        "lead nowhere; set it in pelicanconf.py to the hub's repository"]


def test_the_example_address_is_refused_in_any_case_and_a_non_web_address_is_called_what_it_is(hub_tree):
    """`https://HUB.coalition.example.org` passed (the check was case-sensitive), and `javascript:` was refused
    as "the example address"."""
    def siteurl_problem(address: str) -> str:
        settings = hub_settings(hub_tree, SITEURL=address, HUB_EVENTS_UID_DOMAIN="hub.our-coalition.org.uk")
        (problem,) = publish_problems(settings)
        assert problem.field == "SITEURL"
        return problem.message.split(";", 1)[0]

    assert siteurl_problem("https://HUB.Coalition.Example.org/") == \
        "'https://HUB.Coalition.Example.org' is the example address"
    assert siteurl_problem("https://hub.coalition.example.org.") == \
        "'https://hub.coalition.example.org.' is the example address"
    assert siteurl_problem("javascript:alert(1)") == "'javascript:alert(1)' is not a web address (http:// or https://)"
    assert siteurl_problem("https://") == "'https:' is not a web address (http:// or https://)"  # as SITEURL keeps it
