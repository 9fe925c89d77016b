"""Learning posts and reports (content/learning/, content/reports/): their headers checked like
profiles, series, figures drawn as charts, the hub's own numbers for a period, feeds, and members'
news. Pure: the Pelican glue is in `site/publishing.py`. docs/publishing.md describes the formats.
"""
