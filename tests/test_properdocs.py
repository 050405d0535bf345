"""ProperDocs, the maintained continuation of MkDocs 1.x, builds the same site."""

from __future__ import annotations

import re
import sys

GENERATOR = re.compile(rb'\s*<meta name="generator" content="[^"]*">')


def files(site) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): GENERATOR.sub(b"", path.read_bytes())
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix != ".gz"  # gzip stores no names, but a time
    }


def test_properdocs_builds_the_site_mkdocs_builds(known_project):
    result = known_project.run(
        sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml",
        "-d", "site-properdocs", env={"SOURCE_DATE_EPOCH": "1767225600"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    mkdocs, properdocs = known_project.root / "site", known_project.root / "site-properdocs"
    built = files(properdocs)
    assert built == files(mkdocs)
    assert len(built) > 30
    page = (properdocs / "thong-ke" / "index.html").read_bytes()
    assert b'content="mkdocs-ProperDocs' in page
