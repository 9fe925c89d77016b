"""Settings for building the hub locally. publishconf.py adds what only the public site needs."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "Coalition Hub"
SITE_TAGLINE = "Who does what, who needs what, and what is on — across our coalition"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
# The settings a coalition changes (docs/setup.md): where people write to the coordinators, the
# repository profiles are edited in (a GitHub address turns on "propose this on GitHub" and the
# links to each profile's file), and the domain that ends every event's calendar UID: a domain
# the coalition owns, set before the first public build and never changed afterwards (calendar
# apps know an event by its UID). `invoke publish` refuses the example domain. The site's address
# is set in publishconf.py (or HUB_SITEURL).
COORDINATORS_EMAIL = "hello@coalition.example.org"
REPOSITORY_URL = "https://git.example.org/coalition/hub"
HUB_EVENTS_UID_DOMAIN = "hub.coalition.example.org"

PATH = str(ROOT / "content")
OUTPUT_PATH = str(ROOT / "output")
THEME = str(ROOT / "theme")
ARTICLE_PATHS = ["learning", "reports"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra/robots.txt"]
EXTRA_PATH_METADATA = {"extra/robots.txt": {"path": "robots.txt"}}

# The one local plugin, loaded explicitly: an unset PLUGINS would load every installed namespace
# plugin, and a plugin whose register() fails would only be logged. Plugins run in this order at
# each step: the sitemap is written before the hub's last step tidies it.
PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["pelican.plugins.sitemap", "hub"]
HUB_ROOT = str(ROOT)

# Posts and pages are Markdown, and come by pull request from members too. Pelican would also read
# reStructuredText, whose `.. include:: /etc/passwd` publishes any file of the build machine, and
# HTML files: those readers are off, and the build names such a file (plugins/hub/site/content.py).
READERS = {"rst": None, "html": None, "htm": None}

# Member text is untrusted: escape everything, mark only sanitised HTML safe.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
                     "extensions": []}

# Learning posts and reports live at /learning/<slug>/ and /reports/<slug>/.
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = ["index"]


def _newest_first(article):
    """Newest first, and posts of the same day by slug: Pelican reads files in an order that changes
    from run to run, so without the slug two identical builds could list them differently."""
    return -article.date.timestamp(), article.slug


ARTICLE_ORDER_BY = _newest_first
INDEX_SAVE_AS = "index.html"
TAG_SAVE_AS = TAGS_SAVE_AS = AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
DEFAULT_PAGINATION = False
# The learning and reports lists (Pelican's category pages) in pages of 40, at the hub's own
# addresses for later pages (core.pages): /learning/, /learning/page/2/, ...; nothing else.
PAGINATED_TEMPLATES = {"category": 40}
PAGINATION_PATTERNS = [(1, "{url}", "{save_as}"),
                       (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html")]
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

# Atom and RSS for learning, reports and members' news are written by the hub in every build, local
# builds too, with absolute addresses (SITEURL when it is absolute, else HUB_PUBLIC_URL): Pelican's
# own feeds would have relative links in a local build. Its feed settings stay off so nothing is
# written twice (plugins/hub/publishing/syndication.py).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

SITEMAP = {"format": "xml", "exclude": ["404.html"]}

# Posts read in an earlier build and unchanged since are not read again (Pelican's own cache, by
# the file's SHA-256: a modification time can stay the same when the bytes do not). It is kept with
# the hub's own reusable work, in HUB_CACHE_PATH (under pelican/, in a folder named by these
# settings: the ledger's `posts`, plugins/hub/core/ledger.py), so two hubs built from one checkout
# (the bench's, the tests') never share, and grow, one file.
CHECK_MODIFIED_METHOD = "sha256"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
# Compressing the cache cost a third of a second per build at 1,000 members, for a file on disk.
GZIP_CACHE = False
