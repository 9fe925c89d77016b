"""coalition-hub: member profiles, categories, events, matching and search for Pelican.

Folders are features: `core` (files -> checked, frozen model), `events`, `matching`, `search`,
`contribute` (imports), and `site`, the only code that imports Pelican. `tree.load_tree` is the one
load path. docs/develop.md says where to change what.
"""


def register():
    from .site import register as register_site

    register_site()
