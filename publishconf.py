"""Settings for the public site: absolute URLs and feeds. Used by `invoke publish`."""
import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("HUB_SITEURL", "https://hub.coalition.example.org")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
DELETE_OUTPUT_DIRECTORY = True
