"""Settings for the public site: absolute URLs. Used by `invoke publish`."""
import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("HUB_SITEURL", "https://hub.coalition.example.org")
RELATIVE_URLS = False
# Feeds are written by the hub in every build, with this address (plugins/hub/publishing/syndication.py).
DELETE_OUTPUT_DIRECTORY = True
