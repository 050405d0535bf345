"""The page a preview shows while the data has problems: the list `validate` prints.

Staff look at the browser, not the terminal: while a model file is broken, every
page of the preview (`mkdocs serve`) is this one, and it reloads itself when the
files are fixed. Its own script asks for the home page now and then and reloads
when that no longer shows the same problems; a page the preview's server answers
with 200 is reloaded by its live-reload script too.
"""

from __future__ import annotations

import hashlib
import json

from generator.data.problem import Problem
from generator.data.settings import Settings
from generator.site import urls
from generator.site.markup import e
from generator.site.pages import schema_files

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#fff7f5;color:#1f2937}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.5rem;color:#9f1239;margin:0 0 .5rem}
ol{padding-left:1.5rem}li{margin:.5rem 0}
code{font:600 .9rem ui-monospace,monospace;background:#ffe4e6;padding:.1rem .3rem;border-radius:3px}
"""

# Reload when the home page no longer carries these problems (fixed, or others now).
SCRIPT = """
(function () {
  var mine = document.body.getAttribute("data-dvk-problems");
  function check() {
    fetch(HOME, {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (t) {
      var found = t.match(/data-dvk-problems="([0-9a-f]+)"/);
      if (!found || found[1] !== mine) { location.reload(); } else { setTimeout(check, 1000); }
    }, function () { setTimeout(check, 2000); });
  }
  setTimeout(check, 1000);
})();
"""


def problems_version(problems: list[Problem]) -> str:
    return hashlib.sha1("\n".join(map(str, problems)).encode("utf-8")).hexdigest()[:16]


def problems_page(problems: list[Problem], home: str = "/") -> str:
    """A whole HTML page listing every problem as `path:line: message`."""
    items = "".join(f"<li><code>{e(p.path)}:{p.line}</code>: {e(p.message)}</li>" for p in problems)
    title = f"Dữ liệu mô hình có {len(problems)} lỗi"
    script = SCRIPT.replace("HOME", json.dumps(home).replace("<", "\\u003c"))
    return (
        '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{e(title)}</title><style>{STYLE}</style></head>"
        f'<body data-dvk-problems="{problems_version(problems)}"><main>'
        f"<h1>{e(title)}, chưa tạo được trang</h1>"
        "<p>Mở từng tệp, đến đúng dòng được nêu và sửa theo hướng dẫn (xem trang Hướng dẫn "
        "đóng góp, mục Đọc kết quả kiểm tra). Trang này tự tải lại khi các tệp đã được sửa.</p>"
        f"<ol>{items}</ol></main><script>{script}</script></body></html>\n"
    )


def stand_ins(settings: Settings) -> tuple[dict[str, str], dict[str, str]]:
    """(pages, files) for a preview whose data cannot be read: the addresses that the
    navigation and the guide link to, so that they answer (with the problems) and
    MkDocs does not warn of missing targets, burying the one problem to fix."""
    pages = dict.fromkeys(
        (
            urls.FIELDS,
            urls.UNITS,
            urls.SHOWCASE,
            urls.HONOURS,
            urls.CATALOGUE,
            urls.STATS,
            urls.DATA,
        ),
        "",
    )
    return pages, schema_files(settings)
