"""What the site layer makes of tests/data/thong-ke, compared with committed files.

Each generated page is kept as its Markdown with the generated HTML put in place of
its markers (what MkDocs is then handed), each data file as it is published.
`pytest tests/test_golden.py --update-golden` rewrites them after a wanted change;
the diff of tests/golden/ is then the change to review.
"""

from __future__ import annotations

from datetime import datetime

from conftest import KNOWN, ROOT

from generator.data.load import load
from generator.data.options import settings_from
from generator.data.validate import VIETNAM
from generator.site import urls
from generator.site.markup import assemble
from generator.site.pages import Renderer

GOLDEN = ROOT / "tests" / "golden" / "thong-ke"
MOMENT = datetime(2026, 1, 1, 7, tzinfo=VIETNAM)  # as SOURCE_DATE_EPOCH=1767225600 says


def made() -> dict[str, bytes]:
    settings, root = settings_from(KNOWN / "mkdocs.yml")
    renderer = Renderer(load(settings, root), moment=MOMENT)
    site = renderer.model_pages()
    renderer.other_pages(site)
    files = {
        uri: assemble(markdown, site.fragments.get(uri, [])).encode()
        for uri, markdown in site.pages.items()
    }
    for path, content in site.data.items():
        # The schemas and the spreadsheets have their own tests.
        if not path.startswith(urls.SCHEMA_DIR + "/") and not path.endswith(".xlsx"):
            files[path] = content if isinstance(content, bytes) else content.encode()
    return files


def test_site_layer_output_matches_the_golden_files(request):
    files = made()
    if request.config.getoption("--update-golden"):
        for old in GOLDEN.rglob("*"):
            if old.is_file() and old.relative_to(GOLDEN).as_posix() not in files:
                old.unlink()
        for path, content in files.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    committed = {
        path.relative_to(GOLDEN).as_posix(): path.read_bytes()
        for path in sorted(GOLDEN.rglob("*"))
        if path.is_file()
    }
    assert sorted(files) == sorted(committed), "pages or files added or gone"
    for path, content in files.items():
        assert content == committed[path], f"{path} differs from tests/golden/thong-ke/{path}"
