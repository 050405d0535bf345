"""A registry written before 1 July 2025 (the wards of Bắc Kạn city), checked with the
`province` option, migrated by `units migrate`, checked again and built: unit pages,
model pages, search by a former name, statistics and exports against expectations
made by hand from the official lists."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Project
from jsonschema import Draft7Validator
from test_searchindex import decode

from generator.data import jsonschema as js
from generator.data.load import load
from generator.data.options import settings_from
from generator.data.source import parse_yaml
from generator.data.text import fold
from generator.site import report
from generator.site.searchindex import fnv1a

MKDOCS = """\
site_name: Thử
site_url: https://thu.example.org/
theme:
  name: material
  language: vi
  font: false
plugins:
  - dan-van-kheo:
      organization: Ban Dân vận Thành ủy Bắc Kạn
      province: thai nguyen
"""

REGISTRY = """\
# Danh mục đơn vị của Thành ủy Bắc Kạn (viết trước 01/07/2025).
# Mỗi đơn vị: id, name, type, locality, parent.

- id: chi-bo-to-1-song-cau
  name: Chi bộ Tổ 1
  type: residential
  locality: Phường Sông Cầu  # địa bàn khi đăng ký
  parent: Đảng bộ phường Sông Cầu

- id: chi-bo-to-3-phung-chi-kien
  name: Chi bộ Tổ 3
  type: residential
  locality: Phường Phùng Chí Kiên

- id: truong-thcs-xuat-hoa
  name: Trường THCS Xuất Hóa
  type: school
  locality: "Phường Xuất Hóa"

# Các đơn vị ở xã
- id: htx-nong-thuong
  name: Hợp tác xã Rau sạch
  type: enterprise
  locality: xa nong thuong

- id: chi-bo-to-2-minh-khai
  name: Chi bộ Tổ 2
  type: residential
  locality: Phường Nguyễn Thị Minh Khai
  history:
    - until: 2019-12-31
      name: Chi bộ Tổ 2A

- id: ubnd-huyen-tung
  name: Ủy ban nhân dân phường Huyền Tụng
  type: agency
  locality: Huyền Tụng

- id: cong-ty-cam-gia
  name: Công ty Gang thép
  type: enterprise
  locality: Phường Cam Giá
"""

# What `units migrate` makes of it: only the lines it was asked to change differ.
MIGRATED = """\
# Danh mục đơn vị của Thành ủy Bắc Kạn (viết trước 01/07/2025).
# Mỗi đơn vị: id, name, type, locality, parent.

- id: chi-bo-to-1-song-cau
  name: Chi bộ Tổ 1
  type: residential
  locality: Phường Bắc Kạn  # địa bàn khi đăng ký
  locality_code: '01843'
  parent: Đảng bộ phường Sông Cầu
  history:
    - until: 2025-06-30
      locality: Phường Sông Cầu

- id: chi-bo-to-3-phung-chi-kien
  name: Chi bộ Tổ 3
  type: residential
  locality: Phường Bắc Kạn
  locality_code: '01843'
  history:
    - until: 2025-06-30
      locality: Phường Phùng Chí Kiên

- id: truong-thcs-xuat-hoa
  name: Trường THCS Xuất Hóa
  type: school
  locality: Phường Bắc Kạn
  locality_code: '01843'
  history:
    - until: 2025-06-30
      locality: Phường Xuất Hóa

# Các đơn vị ở xã
- id: htx-nong-thuong
  name: Hợp tác xã Rau sạch
  type: enterprise
  locality: Phường Bắc Kạn
  locality_code: '01843'
  history:
    - until: 2025-06-30
      locality: Xã Nông Thượng

- id: chi-bo-to-2-minh-khai
  name: Chi bộ Tổ 2
  type: residential
  locality: Phường Đức Xuân
  locality_code: '01840'
  history:
    - until: 2019-12-31
      name: Chi bộ Tổ 2A
    - until: 2025-06-30
      locality: Phường Nguyễn Thị Minh Khai

- id: ubnd-huyen-tung
  name: Ủy ban nhân dân phường Huyền Tụng
  type: agency
  locality: Phường Đức Xuân
  locality_code: '01840'
  history:
    - until: 2025-06-30
      locality: Phường Huyền Tụng

- id: cong-ty-cam-gia
  name: Công ty Gang thép
  type: enterprise
  locality: Phường Cam Giá
"""

SPLIT = (
    'models/_units.yml:{line}: cong-ty-cam-gia: chưa đổi: "Phường Cam Giá" từ 01/07/2025 được '
    "chia về Phường Gia Sàng và Phường Tích Lương; hãy ghi tên xã, phường nơi đơn vị ở và "
    'chuyển tên cũ vào khoá "history".'
)

MODELS = {
    "xay-dung-dang/pho-van-minh.md": ("Phố văn minh", "chi-bo-to-1-song-cau", "2018-05-10", ""),
    "do-thi-van-minh/vuon-rau-sach.md": ("Vườn rau sạch", "htx-nong-thuong", "2021-02-01", ""),
    "cai-cach-hanh-chinh/mot-cua.md": ("Một cửa thân thiện", "ubnd-huyen-tung", "2019-03-01", ""),
    "xay-dung-dang/to-tu-quan.md": ("Tổ tự quản", "chi-bo-to-2-minh-khai", "2018-09-01", ""),
    "do-thi-van-minh/khong-khoi.md": ("Nhà máy không khói", "cong-ty-cam-gia", "2020-01-15", ""),
    "xay-dung-dang/thu-vien.md": (
        "Thư viện nhà trường",
        "truong-thcs-xuat-hoa",
        "2019-09-05",
        "ended: 2023-05-31\n",
    ),
}


def write_project(root: Path) -> Project:
    project = Project(root)
    project.write("mkdocs.yml", MKDOCS)
    project.write("docs/index.md", "# Trang chủ\n")
    project.write("models/_units.yml", REGISTRY)
    for path, (title, unit, registered, extra) in MODELS.items():
        project.write(
            f"models/{path}",
            f"---\ntitle: {title}\nsummary: Mô hình của đơn vị.\nfield: {path.split('/')[0]}\n"
            f"unit: {unit}\nregistered: {registered}\n{extra}---\n\n## Nội dung\n\nChữ.\n",
        )
    return project


def generator(project: Project, *args: str) -> subprocess.CompletedProcess:
    return project.run(sys.executable, "-m", "generator", *args)


def registry(project: Project) -> str:
    return (project.root / "models/_units.yml").read_text(encoding="utf-8")


def test_a_pre_2025_registry_is_refused_with_what_each_place_became(tmp_path):
    project = write_project(tmp_path)
    result = generator(project, "validate")
    assert result.returncode == 1
    became = (
        '"locality" (địa bàn) "{old}" đã nhập vào {new} từ 01/07/2025; hãy ghi "{new}" và '
        'chuyển tên cũ vào khoá "history" (lệnh `python -m generator units migrate` làm '
        "việc này)."
    )
    # A model of a unit with a problem is not lost: the unit's message counts it.
    waits = " (1 mô hình dùng đơn vị này)"
    expected = [
        f"models/_units.yml:{line}: " + became.format(old=old, new=new) + models
        for line, old, new, models in [
            (7, "Phường Sông Cầu", "Phường Bắc Kạn", waits),
            (13, "Phường Phùng Chí Kiên", "Phường Bắc Kạn", ""),
            (18, "Phường Xuất Hóa", "Phường Bắc Kạn", waits),
            (24, "xa nong thuong", "Phường Bắc Kạn", waits),
            (29, "Phường Nguyễn Thị Minh Khai", "Phường Đức Xuân", waits),
            (37, "Huyền Tụng", "Phường Đức Xuân", waits),
        ]
    ]
    expected.append(
        'models/_units.yml:42: "locality" (địa bàn) "Phường Cam Giá" từ 01/07/2025 được chia '
        "về Phường Gia Sàng và Phường Tích Lương; hãy ghi tên xã, phường nơi đơn vị ở và "
        'chuyển tên cũ vào khoá "history".' + waits
    )
    # The problems, then their count last, on the same stream.
    assert result.stdout.splitlines() == [*expected, f"Có {len(expected)} lỗi cần sửa."]
    assert result.stderr == ""


def test_migrate_dry_run_then_run_then_again(tmp_path):
    project = write_project(tmp_path)
    dry = generator(project, "units", "migrate", "--dry-run")
    assert registry(project) == REGISTRY  # a dry run writes nothing
    assert dry.returncode == 1  # a unit is left for a person
    assert dry.stdout.splitlines()[0] == (
        'models/_units.yml:7: chi-bo-to-1-song-cau: "Phường Sông Cầu" → "Phường Bắc Kạn" '
        '(mã 01843); "Phường Sông Cầu" ghi vào "history" đến ngày 30/06/2025.'
    )
    assert SPLIT.format(line=42) in dry.stdout.splitlines()
    assert dry.stdout.splitlines()[-1] == (
        "Sẽ chuyển 6 đơn vị sang xã, phường hiện nay, thêm hoặc sửa mã, tên cho 0 đơn vị; "
        "1 đơn vị cần người chọn, chưa đổi. Chạy thử: chưa ghi tệp nào."
    )

    run = generator(project, "units", "migrate")
    assert registry(project) == MIGRATED
    # Lines as the file has them now; the dry run listed the same changes.
    assert SPLIT.format(line=65) in run.stdout.splitlines()
    changes = [line.split(": ", 1)[1] for line in run.stdout.splitlines() if "→" in line]
    assert changes == [line.split(": ", 1)[1] for line in dry.stdout.splitlines() if "→" in line]
    assert "Đã chuyển 6 đơn vị" in run.stdout
    # The parent named after the old ward is pointed out, not guessed.
    assert 'cấp trên "Đảng bộ phường Sông Cầu" mang tên địa bàn cũ' in run.stdout

    again = generator(project, "units", "migrate")
    assert registry(project) == MIGRATED  # running twice changes nothing
    assert SPLIT.format(line=65) in again.stdout.splitlines()
    assert "Đã chuyển 0 đơn vị" in again.stdout


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Project:
    """Migrated, the split unit settled by a person, validated and built."""
    project = write_project(tmp_path_factory.mktemp("bac-kan"))
    generator(project, "units", "migrate")
    path = project.root / "models/_units.yml"
    text = registry(project).replace(
        "  locality: Phường Cam Giá\n",
        "  locality: Phường Tích Lương\n  history:\n    - until: 2025-06-30\n"
        "      locality: Phường Cam Giá\n",
    )
    path.write_text(text, encoding="utf-8")
    result = generator(project, "validate")
    assert result.returncode == 0, result.stdout
    # A second run adds the code of the place chosen by hand, and nothing else.
    assert generator(project, "units", "migrate").returncode == 0
    assert registry(project) == text.replace(
        "  locality: Phường Tích Lương\n",
        "  locality: Phường Tích Lương\n  locality_code: '05500'\n",
    )
    result = project.build(env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stderr
    return project


def test_the_migrated_registry_fits_the_schema(migrated):
    data = json.loads(json.dumps(parse_yaml(registry(migrated), "_units.yml")))
    assert list(Draft7Validator(js.units_schema()).iter_errors(data)) == []


def test_unit_pages_show_the_current_place_and_the_former_ones(migrated):
    html = migrated.html("don-vi/chi-bo-to-2-minh-khai")
    assert "<dt>Địa bàn</dt><dd>Phường Đức Xuân (mã 01840)</dd>" in html
    assert (
        '<dt>Tên, địa bàn cũ</dt><dd><ul class="dvk-plain">'
        "<li>Từ 01/01/2020 đến 30/06/2025: Phường Nguyễn Thị Minh Khai</li>"
        "<li>Trước 01/01/2020: Chi bộ Tổ 2A</li></ul></dd>"
    ) in html
    html = migrated.html("don-vi/chi-bo-to-1-song-cau")
    assert "<li>Trước 01/07/2025: Phường Sông Cầu</li>" in html
    listing = migrated.html("don-vi")
    assert ">Phường Bắc Kạn</h2>" in listing and "Sông Cầu" not in listing


def test_model_pages_show_where_the_unit_is_now_and_was_then(migrated):
    html = migrated.html("mo-hinh/pho-van-minh")
    assert (
        '<dt>Địa bàn</dt><dd>Phường Bắc Kạn <span class="dvk-meta">(khi đăng ký: '
        "Phường Sông Cầu)</span></dd>"
    ) in html
    html = migrated.html("mo-hinh/to-tu-quan")
    assert 'Chi bộ Tổ 2</a> <span class="dvk-meta">(khi đăng ký: Chi bộ Tổ 2A)</span>' in html


def search(site: Path, query: str) -> set[str]:
    """Addresses of the models the built index gives for every word of a query."""
    folder = site / "search"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    records = []
    for n in range((meta["documents"] + meta["shard"] - 1) // meta["shard"]):
        records += json.loads((folder / f"d/{n}.json").read_text(encoding="utf-8"))
    found = None
    for word in fold(query).split():
        bucket = json.loads(
            (folder / f"b/{fnv1a(word) % meta['buckets']}.json").read_text(encoding="utf-8")
        )
        ids = {
            i
            for postings in bucket.get(word, {}).values()
            for part in decode(postings)
            for i in part
        }
        found = ids if found is None else found & ids
    return {records[i][1] for i in found or () if i < meta["models"]}


def test_search_finds_models_by_former_names_and_places(migrated):
    site = migrated.root / "site"
    assert search(site, "song cau") == {"mo-hinh/pho-van-minh/"}
    assert search(site, "Nông Thượng") == {"mo-hinh/vuon-rau-sach/"}
    assert search(site, "minh khai") == {"mo-hinh/to-tu-quan/"}
    assert search(site, "to 2a") == {"mo-hinh/to-tu-quan/"}
    assert search(site, "bac kan") >= {"mo-hinh/pho-van-minh/", "mo-hinh/vuon-rau-sach/"}


def test_statistics_count_by_the_current_wards(migrated):
    settings, root = settings_from(migrated.root / "mkdocs.yml")
    catalog = load(settings, root)
    by_locality = report.totals(catalog)[-1]
    assert by_locality.columns[:3] == ("Địa bàn", "Mã xã, phường", "Số mô hình")
    assert [r.cells[:4] for r in by_locality.rows] == [
        ("Phường Bắc Kạn", "01843", 3, 2),
        ("Phường Đức Xuân", "01840", 2, 2),
        ("Phường Tích Lương", "05500", 1, 1),
        ("Tổng cộng", "", 6, 5),
    ]
    communes = report.coverage_tables(catalog)[-1]
    assert (
        communes.title == "Mô hình đang thực hiện theo xã, phường của tỉnh Thái Nguyên (hiện nay)"
    )
    assert [r.cells for r in communes.rows] == [
        # name, code, units, units with an active model, active models
        ("Phường Bắc Kạn", "01843", 4, 2, 2),
        ("Phường Đức Xuân", "01840", 2, 2, 2),
        ("Phường Tích Lương", "05500", 1, 1, 1),
    ]
    html = migrated.html("thong-ke")
    assert '<th scope="row">Phường Bắc Kạn</th><td>01843</td><td class="dvk-num">4</td>' in html
    assert "Tỉnh Thái Nguyên có 92 xã, phường (danh sách từ 01/07/2025); 89 xã, phường" in html
    text = generator(migrated, "stats").stdout
    assert "Mô hình đang thực hiện theo xã, phường của tỉnh Thái Nguyên (hiện nay)" in text


def test_exports_carry_the_code_and_the_history(migrated):
    site = migrated.root / "site" / "du-lieu"
    raw = (site / "don-vi.csv").read_bytes().decode("utf-8-sig")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(raw, newline=""))}
    assert rows["chi-bo-to-2-minh-khai"]["locality"] == "Phường Đức Xuân"
    assert rows["chi-bo-to-2-minh-khai"]["locality_code"] == "01840"
    assert rows["chi-bo-to-2-minh-khai"]["history"] == (
        "đến 2019-12-31: tên Chi bộ Tổ 2A; đến 2025-06-30: địa bàn Phường Nguyễn Thị Minh Khai"
    )
    assert rows["cong-ty-cam-gia"]["locality_code"] == "05500"
    data = json.loads((site / "mo-hinh.json").read_text(encoding="utf-8"))
    model = next(m for m in data["models"] if m["slug"] == "pho-van-minh")
    assert model["locality"] == "Phường Bắc Kạn" and model["locality_code"] == "01843"
    assert model["unit"]["history"] == [
        {"until": "2025-06-30", "name": None, "locality": "Phường Sông Cầu", "parent": None}
    ]
    raw = (site / "mo-hinh.csv").read_bytes().decode("utf-8-sig")
    flat = {r["slug"]: r for r in csv.DictReader(io.StringIO(raw, newline=""))}
    assert flat["pho-van-minh"]["locality_code"] == "01843"


# -- new units get the official name and code -------------------------------------------


def test_new_fills_the_code_of_a_new_unit(tmp_path):
    project = write_project(tmp_path)
    generator(project, "units", "migrate")
    args = [
        "new",
        "--yes",
        "--title=Tổ dân vận khéo",
        "--summary=Tổ dân vận của khu dân cư.",
        "--field=1",
        "--registered=2025-09-02",
        "--new-unit-name=Chi bộ Tổ 9",
        "--new-unit-type=residential",
    ]
    refused = generator(project, *args, "--new-unit-locality=Phường Sông Cầu")
    assert refused.returncode == 1
    assert (
        '--new-unit-locality: Địa bàn "Phường Sông Cầu" đã nhập vào Phường Bắc Kạn từ 01/07/2025'
        in refused.stdout
    )
    assert registry(project) == MIGRATED
    made = generator(project, *args, "--new-unit-locality=bac kan")
    assert "Đã tạo models/xay-dung-dang/to-dan-van-kheo.md." in made.stdout, made.stdout
    assert registry(project) == MIGRATED + (
        "\n- id: chi-bo-to-9\n  name: Chi bộ Tổ 9\n  type: residential\n"
        "  locality: Phường Bắc Kạn\n  locality_code: '01843'\n"
    )


def test_import_finds_units_by_their_former_place_and_codes_new_ones(tmp_path):
    project = write_project(tmp_path)
    generator(project, "units", "migrate")
    before = registry(project)
    project.write(
        "mo-hinh.csv",
        "Tên mô hình,Đơn vị,Địa bàn,Lĩnh vực,Năm đăng ký\n"
        "Sân chơi cho em,Chi bộ Tổ 1,Phường Sông Cầu,Xây dựng Đảng,2024\n"
        "Chợ văn minh,Ban quản lý chợ,phuong duc xuan,Xây dựng Đảng,2024\n"
        "Bếp ăn tình thương,Hội Chữ thập đỏ,Phường Xuất Hóa,Xây dựng Đảng,2024\n",
    )
    result = generator(project, "import", "mo-hinh.csv")
    lines = result.stdout.splitlines()
    assert "mo-hinh.csv:2: Đã tạo models/xay-dung-dang/san-choi-cho-em.md." in lines
    text = (project.root / "models/xay-dung-dang/san-choi-cho-em.md").read_text(encoding="utf-8")
    assert "unit: chi-bo-to-1-song-cau\n" in text  # the unit of Sông Cầu, now in Bắc Kạn
    assert (
        "mo-hinh.csv:3: Đã thêm đơn vị mới Ban quản lý chợ, Phường Đức Xuân (mã ban-quan-ly-cho)"
        in result.stdout
    )
    assert lines_of_row(lines, 4) == [
        'mo-hinh.csv:4: Không nhập: Địa bàn "Phường Xuất Hóa" đã nhập vào Phường Bắc Kạn từ '
        '01/07/2025; hãy ghi "Phường Bắc Kạn".'
    ]
    assert registry(project).startswith(before)
    assert registry(project).endswith("  locality: Phường Đức Xuân\n  locality_code: '01840'\n")


def lines_of_row(lines: list[str], row: int) -> list[str]:
    return [line for line in lines if line.startswith(f"mo-hinh.csv:{row}: ")]
