"""The editor page end to end: headless Chromium typing into the form key by key,
against Decap's local proxy (decap-server, git mode) on a copy of the sample project.
Saving makes a branch `cms/<field>/<slug>`; its file must hold what was typed, in the
project's style, and validate."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading

import pytest
from conftest import png
from editorpage import (
    Editor,
    QuietHandler,
    choose_unit,
    close,
    field,
    file_on,
    free_port,
    git,
    open_editor,
    review,
    sample_repository,
    screenshot,
    start_decap_server,
    top,
    typing,
    validate_branch,
    wait_for_branch,
)
from npm import package_files

from generator.authoring.files import short_slug
from generator.data.load import LoadError, load
from generator.data.options import settings_from
from generator.data.schema import BODY_SECTIONS
from generator.data.source import split_front_matter
from generator.data.validate import vietnam_today
from generator.site.editor import SCRIPTS

TODAY = vietnam_today()


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    decap = package_files("decap-cms", SCRIPTS["decap"].version) / "dist"
    root = tmp_path_factory.mktemp("editor")
    repo = sample_repository(root / "repo")
    site = root / "site"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, build.stderr
    port = free_port()  # not Decap's 8081: the page is told the port in its address
    process = start_decap_server(repo, port, root / "decap-server.log")
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        address = f"http://127.0.0.1:{httpd.server_port}/quan-tri/?decap={port}"
        yield Editor(repo, site, address, decap)
    finally:
        httpd.shutdown()
        httpd.server_close()
        process.terminate()
        process.wait(timeout=10)


TITLE = "Đường hoa “Khu phố 7” – sáng, xanh, sạch"


def test_staff_add_a_model_from_the_form(browser, editor, tmp_path):
    main = git(editor.repo, "rev-parse", "main")
    page = open_editor(browser, editor)
    screenshot(page, "quan-tri-danh-sach", tmp_path)
    page.get_by_role("link", name="Xây dựng nông thôn mới, đô thị văn minh").click()
    page.get_by_role("link", name="Thêm mô hình").click()
    typing(field(page, "title"), TITLE)
    typing(
        field(page, "summary"),
        "Chi bộ vận động các hộ dân trồng và chăm sóc hoa dọc tuyến đường của khu phố.",
    )
    # A unit found by part of its name typed without diacritics.
    choose_unit(page, "dong tien", "Chi bộ thôn Đồng Tiến (Xã Phước Hưng)")
    # The review years are those from the registration on, once it is typed.
    assert review(page, 2023).count() == 0
    typing(field(page, "registered"), "15/03/2023")
    page.get_by_text("Sẽ ghi: ngày 15 tháng 3 năm 2023.").wait_for()
    rows = page.locator('select[id^="reviews-field-"]')
    assert rows.count() == TODAY.year - 2023 + 1
    review(page, 2023).select_option("recognized")
    review(page, 2024).select_option("not-recognized")
    # Figures the Vietnamese way, each read back as it will be published.
    for label, value, unit, shown in (
        ("Cây hoa được trồng", "1.250", "cây", "1.250"),
        ("Diện tích thảm hoa", "1,5", "ha", "1,5"),
    ):
        page.get_by_role("button", name="Thêm chỉ tiêu").click()
        typing(field(page, "label"), label)
        typing(field(page, "value"), value)
        page.get_by_text(f"Trên trang: {shown}").last.wait_for()
        typing(field(page, "unit"), unit)
    # Tags typed key by key: a comma starts the next one.
    typing(page.locator('input[id^="tags-field-"]').first, "chiếu sáng, an ninh trật tự")
    assert page.locator('input[id^="tags-field-"]').evaluate_all("l => l.map(i => i.value)") == [
        "chiếu sáng",
        "an ninh trật tự",
        "",
    ]
    page.get_by_role("button", name="Thêm lần biểu dương").click()
    typing(field(page, "date"), "20-5-2024")
    typing(field(page, "by"), "Ủy ban nhân dân xã Phước Hưng")
    page.get_by_role("button", name="Thêm ảnh").click()
    image = tmp_path / "Hoa mười giờ.PNG"
    image.write_bytes(png(48, 32))
    page.locator('input[type=file][id^="src-field"]').set_input_files(str(image))
    page.get_by_text("hoa-muoi-gio.png").wait_for()
    typing(field(page, "caption"), "Hoa mười giờ trước nhà văn hoá khu phố")
    # The body starts with the four headings: click at the end of the first, new line.
    heading = page.locator("[data-slate-editor] h2", has_text="Nội dung")
    heading.click()
    heading.evaluate(
        """h => {
            const text = h.querySelector("[data-slate-string]").firstChild;
            const range = document.createRange();
            range.setStart(text, text.length);
            range.collapse(true);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }"""
    )
    page.wait_for_timeout(200)
    page.keyboard.press("Enter")
    page.keyboard.type("Bà con tự góp tiền mua giống hoa và chia nhau chăm sóc.")
    top(page)
    screenshot(page, "quan-tri-mo-hinh-moi", tmp_path)
    page.locator('[id^="reviews-field-"]').first.evaluate("e => e.scrollIntoView({block: 'start'})")
    screenshot(page, "quan-tri-nam-binh-xet-va-so-lieu", tmp_path)
    page.get_by_role("button", name="Lưu", exact=True).click()

    slug = short_slug(TITLE)
    branch = f"cms/do-thi-van-minh/{slug}"
    wait_for_branch(page, editor.repo, branch)
    # The board of saved entries ("Biên tập" in the header): each one a pull request.
    page.goto(editor.address + "#/workflow")
    page.get_by_text(TITLE).first.wait_for()
    card = page.locator("a", has_text=TITLE).first.inner_text()
    assert re.search(r"\d{2}/\d{2}/\d{4}", card), card  # the date, no English month
    screenshot(page, "quan-tri-bien-tap", tmp_path)
    close(page)

    # The upload went with the entry: the main branch has not moved.
    assert git(editor.repo, "rev-parse", "main") == main
    changed = git(editor.repo, "diff", "--name-only", "main", branch).split()
    path = f"models/do-thi-van-minh/{slug}.md"
    assert sorted(changed) == sorted([path, "models/do-thi-van-minh/anh/hoa-muoi-gio.png"])
    assert git(editor.repo, "log", "-1", "--format=%s", branch).strip() == f"Thêm mô hình “{TITLE}”"
    text = file_on(editor.repo, branch, path)
    front, body, _ = split_front_matter(text)
    # Written as the project writes its files: years and dates unquoted, lists on a line.
    assert front == (
        "title: Đường hoa “Khu phố 7” – sáng, xanh, sạch\n"
        "summary: Chi bộ vận động các hộ dân trồng và chăm sóc hoa dọc tuyến đường của khu "
        "phố.\n"
        "field: do-thi-van-minh\n"
        "unit: chi-bo-thon-dong-tien\n"
        "kind: collective\n"
        "registered: 2023-03-15\n"
        "reviews:\n"
        "  2023: recognized\n"
        "  2024: not-recognized\n"
        "commendations:\n"
        "  - date: 2024-05-20\n"
        "    by: Ủy ban nhân dân xã Phước Hưng\n"
        "results:\n"
        "  - {label: Cây hoa được trồng, value: 1250, unit: cây}\n"
        "  - {label: Diện tích thảm hoa, value: 1.5, unit: ha}\n"
        "tags: [chiếu sáng, an ninh trật tự]\n"
        "images:\n"
        "  - src: anh/hoa-muoi-gio.png\n"
        "    caption: Hoa mười giờ trước nhà văn hoá khu phố\n"
    )
    assert re.findall(r"^## (.+)$", body, re.M) == list(BODY_SECTIONS)
    assert "Bà con tự góp tiền mua giống hoa và chia nhau chăm sóc." in body
    checkout = validate_branch(editor.repo, branch, tmp_path, build=True)
    try:
        html = (tmp_path / "site" / "mo-hinh" / slug / "index.html").read_text(encoding="utf-8")
        for shown in (
            "Đường hoa “Khu phố 7” – sáng, xanh, sạch",
            "Chi bộ thôn Đồng Tiến",
            "15/03/2023",
            "2023: được công nhận",
            "2024: không được công nhận",
            "1.250",
            "1,5",
            "an ninh trật tự",
            "Hoa mười giờ trước nhà văn hoá khu phố",
        ):
            assert shown in html, shown
        assert (tmp_path / "site" / "mo-hinh" / slug / "hoa-muoi-gio.png").read_bytes() == png(
            48, 32
        )
    finally:
        git(editor.repo, "worktree", "remove", "--force", str(checkout))


MODEL = "thap-sang-duong-hem-camera-an-ninh"
MODEL_PATH = f"models/do-thi-van-minh/{MODEL}.md"


def test_adding_a_review_year_adds_one_line(browser, editor, tmp_path):
    page = open_editor(browser, editor, where=f"collections/do-thi-van-minh/entries/{MODEL}")
    # One row a year from the registration (2023) to this year; none before.
    review(page, 2023).wait_for()
    years = page.locator('select[id^="reviews-field-"]').evaluate_all(
        "l => l.map(s => Number(s.id.split('-').pop()))"
    )
    assert years == list(range(2023, TODAY.year + 1))
    assert review(page, 2022).count() == 0
    review(page, 2025).select_option("recognized")
    page.get_by_role("button", name="Lưu", exact=True).click()
    branch = f"cms/do-thi-van-minh/{MODEL}"
    wait_for_branch(page, editor.repo, branch)
    close(page)
    diff = git(editor.repo, "diff", "-U0", "main", branch, "--", MODEL_PATH)
    changes = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert changes == ["+  2025: recognized"]
    assert git(editor.repo, "diff", "--name-only", "main", branch).split() == [MODEL_PATH]
    title = git(editor.repo, "log", "-1", "--format=%s", branch).strip()
    assert title == "Sửa mô hình “Thắp sáng đường hẻm, camera an ninh”"
    checkout = validate_branch(editor.repo, branch, tmp_path)
    try:
        settings, root = settings_from(checkout / "mkdocs.yml")
        try:
            catalog = load(settings, root)
        except LoadError as error:
            pytest.fail(str(error))
        model = next(m for m in catalog.models if m.slug == MODEL)
        assert model.reviews == {2023: True, 2024: True, 2025: True}
    finally:
        git(editor.repo, "worktree", "remove", "--force", str(checkout))


def test_what_the_form_refuses_it_says_why(browser, editor, tmp_path):
    page = open_editor(browser, editor, where="collections/van-hoa-du-lich/new")
    typing(field(page, "title"), "x" * 201)
    page.get_by_text("201/200 ký tự").wait_for()
    typing(field(page, "registered"), "03/15/2023")  # month first, as an English form
    page.get_by_role("button", name="Thêm chỉ tiêu").click()
    typing(field(page, "label"), "Sách")
    typing(field(page, "value"), "3.5")
    typing(page.locator('input[id^="tags-field-"]').first, "a")  # leave the last field
    said = page.locator(".dvk-note--error").all_inner_texts()
    assert (
        "“03/15/2023”: tháng 15 không có; tháng từ 1 đến 12 (ghi ngày trước, tháng sau: 15/03/2023)."
        in said
    )
    assert any("Nếu là số thập phân, hãy dùng dấu phẩy: 3,5." in s for s in said), said
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text("Tên mô hình dài 201 ký tự, tối đa 200 ký tự; hãy bớt 1 ký tự.").wait_for()
    screenshot(page, "quan-tri-loi", tmp_path)
    page.wait_for_timeout(1500)
    assert "cms/van-hoa-du-lich" not in git(editor.repo, "branch", "--list")
    # Decap refuses the save by a promise rejected with nothing, which no code handles.
    close(page, errors=("undefined",))


def test_nothing_reaches_the_main_branch_but_a_merge(browser, editor):
    """No media library (its uploads and deletions commit to main), no publishing and no
    deleting of a published model from the form."""
    page = open_editor(browser, editor)
    header = page.locator("header").first.inner_text()
    assert header.split() == ["Nội", "dung", "Biên", "tập", "Tạo", "nhanh"]  # no "Tập tin"
    page.goto(editor.address + f"#/collections/do-thi-van-minh/entries/{MODEL}")
    field(page, "title").wait_for()
    for name in ("Công bố", "Xoá mục đã công bố", "Xóa mục đã công bố", "Thêm thành phần"):
        assert page.get_by_role("button", name=name, exact=True).count() == 0, name
    # A pull request's text, as the page sends it to GitHub: in Vietnamese, not Decap's.
    sent = []

    def github(route):
        sent.append(route.request.post_data)
        route.fulfill(body="{}", headers={"Access-Control-Allow-Origin": "*"})

    page.route("https://api.github.com/**", github)
    page.evaluate(
        """() => fetch("https://api.github.com/repos/o/r/pulls", {method: "POST",
           body: JSON.stringify({title: "Sửa mô hình “x”", body: "Automatically generated by Decap CMS"})})"""
    )
    assert json.loads(sent[0]) == {
        "title": "Sửa mô hình “x”",  # no save under way: the title stays
        "body": "Đề xuất tạo từ trang Soạn mô hình.",
    }
    close(page)


# Controls outside the screen; text cut by its own box, one that clips it, or the screen.
FIT = """() => {
  const width = document.documentElement.clientWidth;
  const cut = [];
  const shown = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== 'hidden' && box.width >= 2 && box.height >= 2;
  };
  const clip = (el) => {
    let left = 0, right = width;
    for (let up = el; up; up = up.parentElement)
      if (getComputedStyle(up).overflowX !== 'visible') {
        const box = up.getBoundingClientRect();
        left = Math.max(left, box.left);
        right = Math.min(right, box.right);
      }
    return {left, right};
  };
  const controls = 'button, a[href], input, select, textarea, [role=button], [contenteditable=true]';
  for (const el of document.querySelectorAll(controls)) {
    if (!shown(el)) continue;
    const box = el.getBoundingClientRect();
    const within = clip(el.parentElement);
    if (box.left < within.left - 1 || box.right > within.right + 1)
      cut.push(`${el.tagName} ${(el.innerText || el.value || el.id).trim().slice(0, 40)}: ` +
               `${Math.round(box.left)}..${Math.round(box.right)} in ${Math.round(within.left)}..${Math.round(within.right)}`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !shown(el)) continue;
    const own = el.getBoundingClientRect();
    const within = clip(el);
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width < 1) continue;
      if (r.right > Math.min(within.right, own.right) + 1 || r.left < Math.max(within.left, own.left) - 1) {
        cut.push(`text "${node.textContent.trim().slice(0, 40)}": ${Math.round(r.left)}..${Math.round(r.right)} ` +
                 `in ${Math.round(Math.max(within.left, own.left))}..${Math.round(Math.min(within.right, own.right))}`);
        break;
      }
    }
  }
  return {width, scroll: document.documentElement.scrollWidth, cut};
}"""


def fits(page, width: int = 360) -> None:
    page.wait_for_timeout(500)
    measured = page.evaluate(FIT)
    assert measured["width"] == width
    assert measured["cut"] == [] and measured["scroll"] <= width, "\n".join(measured["cut"])


def test_the_form_fits_a_phone(browser, editor, tmp_path):
    page = open_editor(browser, editor, width=360, height=780)
    fits(page)
    screenshot(page, "quan-tri-dien-thoai-danh-sach", tmp_path)
    page.goto(editor.address + "#/collections/van-hoa-du-lich/new")
    typing(field(page, "title"), "Tủ sách ở nhà văn hoá")
    typing(field(page, "summary"), "Đoàn viên góp sách, mở tủ sách cho thiếu nhi khu phố.")
    typing(field(page, "registered"), "1-9-2024")
    choose_unit(page, "nguyen du", "Trường THCS Nguyễn Du (Phường Trung Tâm)")
    typing(page.locator('input[id^="tags-field-"]').first, "sách, đọc sách")
    page.get_by_role("button", name="Thêm chỉ tiêu").click()
    typing(field(page, "label"), "Sách được tặng")
    typing(field(page, "value"), "1.250")
    top(page)
    fits(page)
    screenshot(page, "quan-tri-dien-thoai", tmp_path)
    # Saved: the toolbar has its status and delete buttons too.
    page.get_by_role("button", name="Lưu", exact=True).click()
    wait_for_branch(page, editor.repo, f"cms/van-hoa-du-lich/{short_slug('Tủ sách ở nhà văn hoá')}")
    page.get_by_text("Mục đã được lưu").wait_for()  # the notice, on the screen
    fits(page)
    page.get_by_text("Mục đã được lưu").wait_for(state="detached", timeout=60000)
    screenshot(page, "quan-tri-dien-thoai-da-luu", tmp_path)
    fits(page)
    # Down the whole form, a screen at a time.
    box = field(page, "title").evaluate_handle(
        "e => { while (e && !(e.scrollHeight > e.clientHeight + 10 && "
        "/auto|scroll/.test(getComputedStyle(e).overflowY))) e = e.parentElement; "
        "return e || document.scrollingElement; }"
    )
    steps = 0
    while box.evaluate("b => b.scrollTop + b.clientHeight < b.scrollHeight - 2"):
        box.evaluate("b => { b.scrollTop += b.clientHeight * 0.8; }")
        fits(page)
        steps += 1
        if steps == 3:
            screenshot(page, "quan-tri-dien-thoai-giua", tmp_path)
    assert steps >= 4  # the whole form was measured
    screenshot(page, "quan-tri-dien-thoai-duoi", tmp_path)
    page.goto(editor.address + f"#/collections/do-thi-van-minh/entries/{MODEL}")
    field(page, "title").wait_for()
    fits(page)
    page.goto(editor.address + "#/workflow")
    page.get_by_text("Biên tập").first.wait_for()
    screenshot(page, "quan-tri-dien-thoai-bien-tap", tmp_path)
    fits(page)
    close(page)


def test_the_sign_in_page_names_the_site(browser, editor, tmp_path):
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 780})
        page = context.new_page()
        page.route(
            re.compile(r"^https://unpkg\.com/"),
            lambda r: r.fulfill(
                body=(editor.decap / r.request.url.rsplit("/", 1)[1]).read_bytes(),
                headers={"Content-Type": "text/javascript", "Access-Control-Allow-Origin": "*"},
            ),
        )
        page.goto(editor.address)
        page.get_by_role("button", name="Đăng nhập").wait_for()
        assert page.locator("h1").inner_text() == "Soạn mô hình"
        assert "Dân vận khéo" in page.locator(".dvk-sign-in").inner_text()
        screenshot(page, "quan-tri-dang-nhap" + ("-dien-thoai" if width < 800 else ""), tmp_path)
        context.close()


def test_staff_add_a_unit(browser, editor, tmp_path):
    page = open_editor(browser, editor, where="collections/don-vi/new")
    typing(field(page, "name"), "Chi bộ thôn Phước Thạnh")
    typing(page.locator('input[id^="type-field"]'), "khu dan cu")
    page.get_by_role("option", name="Chi bộ khu dân cư, tổ dân phố, thôn").click()
    typing(field(page, "locality"), "Xã Phước Hưng")
    page.get_by_role("button", name="Lưu", exact=True).click()
    slug = "chi-bo-thon-phuoc-thanh-xa-phuoc-hung"
    wait_for_branch(page, editor.repo, f"cms/don-vi/{slug}")
    close(page)
    branch = f"cms/don-vi/{slug}"
    assert file_on(editor.repo, branch, f"models/_units/{slug}.yml") == (
        "name: Chi bộ thôn Phước Thạnh\ntype: residential\nlocality: Xã Phước Hưng\n"
    )
    title = git(editor.repo, "log", "-1", "--format=%s", branch).strip()
    assert title == "Thêm đơn vị “Chi bộ thôn Phước Thạnh (Xã Phước Hưng)”"
    checkout = validate_branch(editor.repo, branch, tmp_path)
    git(editor.repo, "worktree", "remove", "--force", str(checkout))


def test_a_file_the_form_cannot_read_is_not_saved_from_it(browser, editor, tmp_path):
    """A model written with YAML the form does not read (an anchor here) opens with the
    reason, and the form will not write it from empty fields."""
    path = editor.repo / "models/xay-dung-dang/moi-dang-vien-gan-voi-10-ho.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("kind: ", "kind: &loai "), encoding="utf-8")
    git(editor.repo, "commit", "-qam", "Một tệp có mốc YAML")
    try:
        page = open_editor(
            browser, editor, where="collections/xay-dung-dang/entries/moi-dang-vien-gan-voi-10-ho"
        )
        page.get_by_text("Biểu mẫu chưa đọc được tệp này").first.wait_for()
        typing(field(page, "title"), "Tên mới")
        page.get_by_role("button", name="Lưu", exact=True).click()
        page.wait_for_timeout(2000)
        screenshot(page, "quan-tri-tep-khong-doc-duoc", tmp_path)
        assert "cms/xay-dung-dang" not in git(editor.repo, "branch", "--list")
        close(page, errors=("undefined",))
    finally:
        path.write_text(original, encoding="utf-8")
        git(editor.repo, "commit", "-qam", "Bỏ mốc YAML")


def test_an_existing_model_in_the_form(browser, editor, tmp_path):
    """What staff see of a model with an image, at a desktop's width."""
    page = open_editor(
        browser, editor, where="collections/do-thi-van-minh/entries/tuyen-duong-sang-xanh-sach-dep"
    )
    page.get_by_text("so-do-sau-tuyen-hem.png").wait_for()  # the list is open
    # The figures as the page shows them, the dates day first.
    values = page.locator('input[id^="value-field-"]').evaluate_all("l => l.map(i => i.value)")
    assert values and all(re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d+)?", v) for v in values), values
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", field(page, "registered").input_value())
    # The picture as the CMS hands it over (from decap-server, its placeholder: Decap's own
    # image field shows the same there).
    page.locator(".dvk-image img").first.wait_for()
    page.locator(".dvk-image").first.evaluate("e => e.scrollIntoView({block: 'center'})")
    screenshot(page, "quan-tri-sua-mo-hinh-anh", tmp_path)
    top(page)
    screenshot(page, "quan-tri-sua-mo-hinh", tmp_path)
    close(page)
