"""coalition-hub: member profiles, categories, events, matching and search for Pelican.

Only `signals` imports Pelican; importing `hub.loader` and friends needs no Pelican at all.
"""


def register():
    from .signals import register as register_signals

    register_signals()
