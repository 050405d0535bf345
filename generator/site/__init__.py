"""The site, engine-neutral: a catalog becomes pages, data files and a search index."""

from pathlib import Path

# The stylesheet and scripts every page loads, copied into the site as they are.
ASSETS = Path(__file__).parent / "assets"
