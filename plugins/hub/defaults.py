"""Default values of the plugin's HUB_* settings; pelicanconf.py may override any of them."""

DEFAULTS = {
    # Folder that holds members/, events/ and categories.yaml (defaults to the working directory).
    "HUB_ROOT": None,
    "HUB_MEMBERS_PATH": "members",
    "HUB_CATEGORIES_FILE": "categories.yaml",
    # Names of the machine-readable exports written at the site root.
    "HUB_MEMBERS_JSON": "members.json",
}


def apply(settings: dict) -> None:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
