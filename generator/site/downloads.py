"""The spreadsheets the site offers staff under /du-lieu/, and the links to them.

Each build publishes the review sheet of its year and of the year before (as
`review sheet` makes them) and the blank commendation and new-models lists. The
year and the day the sheets are dated come from the build's moment, which the
adapter takes from SOURCE_DATE_EPOCH when it is set: two builds of the same data at
the same moment publish the same bytes. The open-data page, the guide and the editor
page link them, with the guide's steps for uploading them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from generator.data.model import Catalog
from generator.data.validate import VIETNAM
from generator.site import urls
from generator.site.forms import commendation_form, new_models_form
from generator.site.markup import e
from generator.site.reviewsheet import contents, review_workbook

UPLOAD_STEPS = "bang-tinh-tren-github"  # the guide's section on uploading a sheet


def years(moment: datetime) -> list[int]:
    """The years whose review sheets a build publishes: its own and the one before."""
    year = moment.astimezone(VIETNAM).year
    return [year, year - 1]


# Under `mkdocs serve`, the last build's sheets (address -> what it shows, its bytes):
# a sheet of 10,000 models takes seconds to make, and most edits change none of them.
_made: dict[str, tuple[object, bytes]] = {}


def made(address: str, shows: object, make: Callable[[], bytes]) -> bytes:
    last = _made.get(address)
    if last is None or last[0] != shows:
        _made[address] = last = (shows, make())
    return last[1]


def sheets(catalog: Catalog, moment: datetime) -> dict[str, bytes]:
    """Every spreadsheet the build publishes, by its address."""
    local = moment.astimezone(VIETNAM)
    day = local.date()
    files = {
        urls.review_sheet(y): made(
            urls.review_sheet(y),
            (day, contents(catalog, y)),
            lambda y=y: review_workbook(catalog, y, local)[0],
        )
        for y in years(moment)
    }
    lists = (
        day,
        catalog.settings.organization,
        tuple((f.id, f.name) for f in catalog.settings.fields),
        tuple(sorted(u.name for u in catalog.units.values())),
    )
    for address, form in (
        (urls.COMMENDATION_FORM, commendation_form),
        (urls.NEW_MODELS_FORM, new_models_form),
    ):
        files[address] = made(address, lists, lambda form=form: form(catalog, local))
    return files


def labels(moment: datetime) -> list[tuple[str, str]]:
    """(address, what it is) of each spreadsheet, as the links say it."""
    found = [(urls.review_sheet(y), f"Bảng bình xét năm {y}") for y in years(moment)]
    return found + [
        (urls.COMMENDATION_FORM, "Mẫu danh sách biểu dương (một đợt, một quyết định)"),
        (urls.NEW_MODELS_FORM, "Mẫu danh sách mô hình mới"),
    ]


def links_markdown(from_uri: str, moment: datetime) -> str:
    """A Markdown list of the sheets, for a page of docs/ (MkDocs checks the links)."""
    return "".join(
        f"- [{label} (.xlsx)]({urls.source_link(from_uri, address)})\n"
        for address, label in labels(moment)
    )


def links_html(from_uri: str, moment: datetime, directory_urls: bool = True) -> str:
    """The sheets and the guide's upload steps, as HTML for a generated page or file."""
    items = "".join(
        f'<li><a href="{e(urls.file_link(from_uri, address))}" download>{e(label)} (.xlsx)</a></li>'
        for address, label in labels(moment)
    )
    guide = urls.file_link(from_uri, urls.path(urls.GUIDE, directory_urls))
    steps = (
        f'<a href="{e(guide)}#{UPLOAD_STEPS}">Cách điền và tải bảng tính lên GitHub</a>: máy '
        "tự ghi kết quả vào các tệp mô hình và báo từng dòng trên đề xuất thay đổi."
    )
    return f'<ul class="dvk-sheets">{items}</ul>\n<p>{steps}</p>'
