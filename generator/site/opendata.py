"""Open data: every published model as JSON and CSV, the units as CSV, and a page describing them.

Each column is defined once, with its Vietnamese description, so the files and the
page that documents them cannot drift apart.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.data.cells import NOTE, neutral
from generator.data.model import Catalog, Model, Unit
from generator.data.stats import Pending, is_active, latest_review_year, review_worklist
from generator.site import urls
from generator.site.markup import commendation_text, e, front_matter, number

LIST_SEPARATOR = "; "


def iso(value) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable[[OpenData, Any], object]  # (the data set, one model or unit)


def result_text(r) -> str:
    return f"{r.label}: {number(r.value)}" + (f" {r.unit}" if r.unit else "")


def joined(items) -> str:
    return LIST_SEPARATOR.join(map(str, items))


CODE = "Mã xã, phường trong danh sách từ 01/07/2025 của Cục Thống kê (5 chữ số); trống nếu chưa có."


def history_records(unit: Unit) -> list[dict[str, Any]]:
    return [
        {"until": iso(f.until), "name": f.name, "locality": f.locality, "parent": f.parent}
        for f in unit.history
    ]


def history_text(unit: Unit) -> str:
    """ "đến 2025-06-30: địa bàn Phường Sông Cầu; ..." """
    items = []
    for f in unit.history:
        parts = [
            f"{label} {value}"
            for label, value in (("tên", f.name), ("địa bàn", f.locality), ("cấp trên", f.parent))
            if value
        ]
        items.append(f"đến {iso(f.until)}: {', '.join(parts)}")
    return joined(items)


class OpenData:
    def __init__(self, catalog: Catalog, directory_urls: bool = True):
        self.catalog = catalog
        self.directory_urls = directory_urls

    def url(self, uri: str) -> str:
        return urls.url(self.catalog.settings.site_url, uri, self.directory_urls)

    # -- the models ------------------------------------------------------------

    def model_record(self, m: Model) -> dict[str, Any]:
        return {
            "slug": m.slug,
            "title": m.title,
            "summary": m.summary,
            "field": {"id": m.field.id, "name": m.field.name},
            "group": {"id": m.field.group, "name": m.field.group_name},
            "unit": {
                "id": m.unit.id,
                "name": m.unit.name,
                "type": m.unit.type,
                "type_name": m.unit.type_name,
                "parent": m.unit.parent,
                "history": history_records(m.unit),
            },
            "locality": m.unit.locality,
            "locality_code": m.unit.locality_code,
            "kind": m.kind,
            "kind_name": m.kind_name,
            "registered": iso(m.registered),
            "reviews": {
                str(year): "recognized" if ok else "not-recognized"
                for year, ok in m.reviews.items()
            },
            "showcase": iso(m.showcase),
            "commendations": [
                {"date": iso(c.date), "by": c.by, "decision": c.decision, "title": c.title}
                for c in m.commendations
            ],
            "results": [{"label": r.label, "value": r.value, "unit": r.unit} for r in m.results],
            "tags": list(m.tags),
            "images": [
                {"url": self.url(urls.image(m.slug, i.name)), "caption": i.caption}
                for i in m.images
            ],
            "ended": iso(m.ended),
            "url": self.url(urls.model(m.slug)),
        }

    def models_json(self) -> str:
        # One model a line: readable and diffable, and written by json's fast encoder
        # (indenting goes through its slow one, seconds at 10,000 models).
        head = {
            "organization": self.catalog.settings.organization,
            "count": len(self.catalog.published),
        }
        records = ",\n".join(
            json.dumps(self.model_record(m), ensure_ascii=False, allow_nan=False)
            for m in self.catalog.published
        )
        return (
            json.dumps(head, ensure_ascii=False, allow_nan=False)[:-1]
            + f', "models": [\n{records}\n]}}\n'
        )

    # -- the same, flat ------------------------------------------------------------

    MODEL_COLUMNS = (
        Column(
            "slug", "Mã mô hình (tên tệp), cũng là địa chỉ trang của mô hình.", lambda _, m: m.slug
        ),
        Column("title", "Tên mô hình.", lambda _, m: m.title),
        Column("summary", "Tóm tắt.", lambda _, m: m.summary),
        Column("field_id", "Mã lĩnh vực.", lambda _, m: m.field.id),
        Column("field", "Tên lĩnh vực.", lambda _, m: m.field.name),
        Column("group_id", "Mã nhóm lĩnh vực.", lambda _, m: m.field.group),
        Column("group", "Tên nhóm lĩnh vực.", lambda _, m: m.field.group_name),
        Column("unit_id", "Mã đơn vị thực hiện (như trong don-vi.csv).", lambda _, m: m.unit.id),
        Column("unit", "Tên đơn vị thực hiện.", lambda _, m: m.unit.name),
        Column("unit_type", "Loại đơn vị.", lambda _, m: m.unit.type_name),
        Column("locality", "Địa bàn (xã, phường).", lambda _, m: m.unit.locality),
        Column("locality_code", CODE, lambda _, m: m.unit.locality_code),
        Column("kind", "Loại mô hình: Tập thể hoặc Cá nhân.", lambda _, m: m.kind_name),
        Column("registered", "Ngày đăng ký.", lambda _, m: iso(m.registered)),
        Column(
            "recognized_years",
            "Các năm được công nhận qua bình xét.",
            lambda _, m: joined(y for y, ok in m.reviews.items() if ok),
        ),
        Column(
            "not_recognized_years",
            "Các năm có bình xét nhưng không được công nhận.",
            lambda _, m: joined(y for y, ok in m.reviews.items() if not ok),
        ),
        Column(
            "showcase",
            "Ngày được chọn làm mô hình điểm; trống nếu chưa.",
            lambda _, m: iso(m.showcase),
        ),
        Column(
            "commendations",
            "Các lần biểu dương: ngày, cơ quan biểu dương, số quyết định: danh hiệu.",
            lambda _, m: joined(commendation_text(c, iso) for c in m.commendations),
        ),
        Column(
            "results",
            "Số liệu kết quả: chỉ tiêu: giá trị và đơn vị tính.",
            lambda _, m: joined(map(result_text, m.results)),
        ),
        Column("tags", "Từ khoá.", lambda _, m: joined(m.tags)),
        Column(
            "ended", "Ngày dừng thực hiện; trống nếu đang thực hiện.", lambda _, m: iso(m.ended)
        ),
        Column("url", "Địa chỉ trang của mô hình.", lambda d, m: d.url(urls.model(m.slug))),
    )

    UNIT_COLUMNS = (
        Column("id", "Mã đơn vị.", lambda _, u: u.id),
        Column("name", "Tên đơn vị.", lambda _, u: u.name),
        Column("type", "Loại đơn vị.", lambda _, u: u.type_name),
        Column("locality", "Địa bàn (xã, phường).", lambda _, u: u.locality),
        Column("locality_code", CODE, lambda _, u: u.locality_code),
        Column(
            "parent", "Cấp trên trực tiếp (đảng bộ, cơ quan); có thể trống.", lambda _, u: u.parent
        ),
        Column(
            "history",
            "Tên, địa bàn, cấp trên trước đây, từ cũ đến mới: “đến NGÀY: …” là những gì đơn vị "
            "mang đến hết ngày đó.",
            lambda _, u: history_text(u),
        ),
        Column("models", "Số mô hình đã công bố.", lambda d, u: len(d.catalog.by_unit[u.id])),
        Column(
            "active_models",
            "Số mô hình đang thực hiện (chưa dừng).",
            lambda d, u: sum(is_active(m) for m in d.catalog.by_unit[u.id]),
        ),
        Column("url", "Địa chỉ trang của đơn vị.", lambda d, u: d.url(urls.unit(u.id))),
    )

    REVIEW_COLUMNS = (
        Column("slug", "Mã mô hình.", lambda _, p: p.model.slug),
        Column("title", "Tên mô hình.", lambda _, p: p.model.title),
        Column("unit", "Tên đơn vị thực hiện.", lambda _, p: p.model.unit.name),
        Column(
            "parent", "Cấp trên trực tiếp của đơn vị (đảng bộ).", lambda _, p: p.model.unit.parent
        ),
        Column("locality", "Địa bàn (xã, phường).", lambda _, p: p.model.unit.locality),
        Column("field", "Tên lĩnh vực.", lambda _, p: p.model.field.name),
        Column(
            "missing_result",
            "Năm bình xét gần nhất (năm mới nhất có mô hình được bình xét) nếu mô hình thực "
            "hiện trong năm đó mà chưa có kết quả; trống nếu đã có.",
            lambda _, p: p.missing,
        ),
        Column(
            "not_recognized_running",
            "Hai năm liền (hai lần bình xét gần nhất) mô hình không được công nhận; trống nếu "
            "không phải vậy.",
            lambda _, p: joined(p.not_recognized),
        ),
        Column(
            "recognized_years",
            "Các năm được công nhận qua bình xét.",
            lambda _, p: joined(y for y, ok in p.model.reviews.items() if ok),
        ),
        Column("url", "Địa chỉ trang của mô hình.", lambda d, p: d.url(urls.model(p.model.slug))),
    )

    def rows(self, columns: tuple[Column, ...], items) -> list[list[object]]:
        return [[c.value(self, item) for c in columns] for item in items]

    def models_csv(self) -> bytes:
        return csv_bytes(self.MODEL_COLUMNS, self.rows(self.MODEL_COLUMNS, self.catalog.published))

    def units_csv(self) -> bytes:
        return csv_bytes(self.UNIT_COLUMNS, self.rows(self.UNIT_COLUMNS, self.catalog.sorted_units))

    def reviews_csv(self) -> bytes:
        pending: list[Pending] = review_worklist(self.catalog)
        return csv_bytes(self.REVIEW_COLUMNS, self.rows(self.REVIEW_COLUMNS, pending))

    def files(self) -> dict[str, str | bytes]:
        return {
            urls.MODELS_JSON: self.models_json(),
            urls.MODELS_CSV: self.models_csv(),
            urls.UNITS_CSV: self.units_csv(),
            urls.REVIEWS_CSV: self.reviews_csv(),
        }

    # -- the page that describes them -------------------------------------------------

    JSON_KEYS = (
        ("slug, title, summary", "Mã, tên và tóm tắt của mô hình."),
        ("field, group", "Lĩnh vực và nhóm lĩnh vực, mỗi mục có id (mã) và name (tên)."),
        (
            "unit",
            "Đơn vị thực hiện: id, name, type (mã loại), type_name (tên loại), parent, history "
            "(tên, địa bàn, cấp trên trước đây: until là ngày cuối cùng; name, locality, parent "
            "là null nếu không đổi).",
        ),
        ("locality", "Địa bàn (xã, phường) hiện nay của đơn vị."),
        ("locality_code", CODE),
        ("kind, kind_name", "Loại mô hình: collective (tập thể) hoặc individual (cá nhân)."),
        ("registered", "Ngày đăng ký."),
        (
            "reviews",
            "Kết quả bình xét từng năm: recognized (được công nhận) hoặc not-recognized.",
        ),
        ("showcase", "Ngày được chọn làm mô hình điểm, hoặc null."),
        ("commendations", "Các lần biểu dương: date, by, decision, title."),
        ("results", "Số liệu kết quả: label, value (một con số), unit."),
        ("tags", "Từ khoá."),
        ("images", "Ảnh của mô hình: url, caption (chú thích)."),
        ("ended", "Ngày dừng thực hiện, hoặc null nếu đang thực hiện."),
        ("url", "Địa chỉ trang của mô hình."),
    )

    def page(self) -> str:
        published = len(self.catalog.published)
        description = (
            "Dữ liệu các mô hình “Dân vận khéo” ở dạng mở (JSON, CSV) và bản tin Atom, "
            "để mọi người cùng sử dụng, đối chiếu và xây dựng ứng dụng."
        )
        organization = e(self.catalog.settings.organization)
        review_year = latest_review_year(self.catalog) or "gần nhất"

        def columns(rows, name: str, heading: str = "Cột") -> str:
            body = "".join(f"<tr><td><code>{e(n)}</code></td><td>{e(d)}</td></tr>" for n, d in rows)
            return (
                f'<div class="dvk-scroll" role="region" aria-label="{e(heading)} của {name}" '
                'tabindex="0"><table class="dvk-table dvk-columns"><thead><tr>'
                f'<th scope="col">{e(heading)}</th><th scope="col">Nội dung</th></tr></thead>'
                f"<tbody>{body}</tbody></table></div>"
            )

        def download(path: str, label: str, attribute: str = " download") -> str:
            link = urls.file_link(urls.DATA, path)
            return f'<p><a class="dvk-download" href="{e(link)}"{attribute}>{e(label)}</a></p>'

        return "\n".join(
            [
                front_matter("Dữ liệu mở", description),
                f"{description}\n",
                "Các tệp được tạo lại từ dữ liệu mô hình mỗi lần trang được cập nhật, chỉ gồm "
                f"{published} mô hình đã công bố (không gồm bản nháp). Ngày viết theo dạng "
                "NĂM-THÁNG-NGÀY (ISO 8601). Khi sử dụng dữ liệu, xin ghi nguồn: "
                f"{organization}.\n",
                "## Danh sách mô hình (JSON)\n",
                download(urls.MODELS_JSON, "Tải mo-hinh.json"),
                "Mọi mô hình đã công bố với đầy đủ thông tin, mã hoá UTF-8. Tệp gồm "
                "<code>organization</code>, <code>count</code> (số mô hình) và "
                "<code>models</code>, mỗi mô hình có các khoá:\n",
                columns(self.JSON_KEYS, "mo-hinh.json", "Khoá") + "\n",
                "## Danh sách mô hình (CSV)\n",
                download(urls.MODELS_CSV, "Tải mo-hinh.csv"),
                "Cùng nội dung, mỗi mô hình một dòng, mở được bằng Excel hoặc LibreOffice. "
                "Mã hoá UTF-8 có BOM để Excel hiển thị đúng tiếng Việt; mỗi ô nằm trong dấu "
                "nháy kép; các giá trị nhiều mục được nối bằng dấu chấm phẩy. "
                f"{e(NOTE)} Tệp JSON ghi mọi giá trị đúng như gốc.\n",
                columns(((c.name, c.description) for c in self.MODEL_COLUMNS), "mo-hinh.csv")
                + "\n",
                "## Danh sách đơn vị (CSV)\n",
                download(urls.UNITS_CSV, "Tải don-vi.csv"),
                "Các đơn vị thực hiện mô hình và số mô hình của từng đơn vị.\n",
                columns(((c.name, c.description) for c in self.UNIT_COLUMNS), "don-vi.csv") + "\n",
                "## Danh sách chuẩn bị bình xét (CSV)\n",
                download(urls.REVIEWS_CSV, "Tải binh-xet.csv"),
                "Các mô hình cần xem trước đợt bình xét, mỗi mô hình một dòng: mô hình đang "
                f"thực hiện chưa có kết quả năm {review_year}, và mô hình không được công nhận "
                "hai năm liền (như ở trang Thống kê).\n",
                columns(((c.name, c.description) for c in self.REVIEW_COLUMNS), "binh-xet.csv")
                + "\n",
                "## Bản tin Atom\n",
                download("feed.xml", "Theo dõi feed.xml", ""),
                "Các mô hình mới đăng ký và các lần biểu dương mới nhất, mới nhất trước; "
                "thêm địa chỉ này vào trình đọc tin (RSS/Atom) để nhận tin khi có cập nhật.\n",
            ]
        )


def csv_bytes(columns, rows) -> bytes:
    """UTF-8 with a byte-order mark: Excel then reads Vietnamese correctly. Every field
    is quoted and none can start a formula (cells.py)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow([neutral(c.name) for c in columns])
    writer.writerows([["" if v is None else neutral(v) for v in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
