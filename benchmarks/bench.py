"""Build time, memory, preview and search cost for N synthetic models, against plain Material.

For each N it generates N models (sentences drawn from the shipped models, so the
vocabulary is real Vietnamese), with a unit for every 3 models (in a real registry
most party cells carry one or two models), into a temporary folder and measures:

- the full build (`mkdocs build` with this plugin and its search index): wall time,
  milliseconds per model and peak memory of the whole process tree (MkDocs and the
  processes it starts);
- the same build without the search index, to show what the index costs;
- the baseline: plain MkDocs + Material (its default lunr search) building N bare
  Markdown pages with the same titles and text;
- each build three times, the three kinds in turn: the median time, the highest
  memory;
- in Chromium, with the site served on 127.0.0.1 with gzip as a static host would:
  the bytes downloaded for the first header search, and then for the catalogue's
  first view, and the time to answer further queries (search and the data of the
  first 10 results).

Then the preview, for 2,000 and 10,000 models: `mkdocs serve` runs on the project;
one model's title, one of its review years and its body are edited in turn (three
rounds), and each time the served page is fetched again and again until it shows
the edit: the seconds from the edit to that, median and highest of each kind.

    python benchmarks/bench.py                       # N = 1000, 3000, 10000; preview 2000, 10000
    python benchmarks/bench.py 300 1000 --preview    # other sizes, no preview
    python benchmarks/bench.py --runs 1 3000         # one build of each kind (default: 3)
    python benchmarks/bench.py --preview 2000 --no-builds
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from serve import GzipHandler  # noqa: E402  (benchmarks/, the script's folder)

from generator.data.settings import DEFAULT_FIELDS, UNIT_TYPES  # noqa: E402
from generator.data.text import slugify  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
FIRST_QUERY = "dan van kheo"
QUERIES = ["đường", "do thi van minh", "chi bo", "nuoc sach", "cong nhan", "phu nu"]
LOCALITIES = [
    f"{kind} {name}"
    for kind in ("Phường", "Xã")
    for name in (
        "Hòa Bình",
        "Tân Thành",
        "Phước Hưng",
        "Tân Hiệp",
        "Trung Tâm",
        "An Mỹ",
        "Đông Hòa",
        "Bình Đức",
        "Long Điền",
        "Thạnh Lộc",
        "Đồng Tâm",
        "Phú Mỹ",
        "Quang Trung",
        "Hiệp Phước",
        "Vĩnh Lộc",
        "Tam Đảo",
        "Hưng Long",
        "Lê Lợi",
        "Nam Sơn",
        "Minh Khai",
    )
]


# -- synthetic data --------------------------------------------------------------


def sentences() -> list[str]:
    found = []
    for path in sorted((ROOT / "models").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        for line in body.splitlines():
            line = line.strip("- ").strip()
            if line and not line.startswith("#"):
                found += [s.strip() for s in re.split(r"(?<=[.;])\s+", line) if len(s) > 30]
    return found


def make_models(folder: Path, n: int, per_unit: int = 3) -> list[tuple[str, str, str]]:
    """Write models/ for n models, a unit for every `per_unit` of them (as in a real
    registry, where most party cells carry one or two models); return (slug, title,
    body) of each."""
    rng = random.Random(n)
    pool = sentences()
    units = []
    lines = []
    for i in range(max(10, n // per_unit)):
        locality = LOCALITIES[i % len(LOCALITIES)]
        unit_type = list(UNIT_TYPES)[i % len(UNIT_TYPES)]
        unit_id = f"don-vi-{i}"
        units.append(unit_id)
        lines.append(
            f"- id: {unit_id}\n  name: Chi bộ số {i} {locality}\n  type: {unit_type}\n"
            f"  locality: {locality}\n"
        )
    (folder / "models").mkdir(parents=True)
    (folder / "models" / "_units.yml").write_text("\n".join(lines), encoding="utf-8")
    made = []
    for i in range(n):
        field = DEFAULT_FIELDS[i % len(DEFAULT_FIELDS)]["id"]
        words = rng.choice(pool).split()[:6]
        title = " ".join(words).rstrip(".,;:") + f" {i}"
        year = 2017 + i % 8
        reviews = "".join(
            f"  {y}: {'recognized' if rng.random() < 0.8 else 'not-recognized'}\n"
            for y in range(year, min(year + 3, 2026))
        )
        body = "\n\n".join(
            f"## {heading}\n\n" + " ".join(rng.sample(pool, 4))
            for heading in ("Nội dung", "Cách làm", "Kết quả", "Bài học kinh nghiệm")
        )
        summary = " ".join(rng.sample(pool, 2))[:480].replace('"', "'")
        slug = f"mo-hinh-{i}-{slugify(' '.join(words[:3]))}"
        text = (
            f'---\ntitle: "{title}"\nsummary: "{summary}"\nfield: {field}\n'
            f"unit: {units[i % len(units)]}\nkind: {'individual' if i % 7 == 0 else 'collective'}\n"
            f"registered: {year}-{1 + i % 12:02d}-{1 + i % 28:02d}\nreviews:\n{reviews}"
            f"tags: [{', '.join(rng.sample(pool, 1)[0].split()[:2])}]\n---\n\n{body}\n"
        )
        (folder / "models" / field).mkdir(exist_ok=True)
        (folder / "models" / field / f"{slug}.md").write_text(text, encoding="utf-8")
        made.append((slug, title, body))
    return made


def full_project(folder: Path, n: int, per_unit: int = 3) -> list:
    made = make_models(folder, n, per_unit)
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text(
        "# Dân vận khéo\n\n<!-- dvk:linh-vuc -->\n", encoding="utf-8"
    )
    (folder / "mkdocs.yml").write_text(
        "site_name: Dân vận khéo\nsite_url: https://example.org/\n"
        f"theme:\n  name: material\n  language: vi\n  font: false\n"
        f"  custom_dir: {ROOT / 'docs' / 'overrides'}\n"
        "plugins:\n  - dan-van-kheo\n"
        "nav:\n  - Trang chủ: index.md\n  - Tra cứu: tra-cuu/index.md\n",
        encoding="utf-8",
    )
    return made


def baseline_project(folder: Path, made: list) -> None:
    (folder / "docs" / "mo-hinh").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Dân vận khéo\n", encoding="utf-8")
    for slug, title, body in made:
        (folder / "docs" / "mo-hinh" / f"{slug}.md").write_text(
            f"# {title}\n\n{body}\n", encoding="utf-8"
        )
    (folder / "mkdocs.yml").write_text(
        "site_name: Dân vận khéo\ntheme:\n  name: material\n  language: vi\n  font: false\n"
        "nav:\n  - Trang chủ: index.md\n",
        encoding="utf-8",
    )


# -- measuring a build -----------------------------------------------------------


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += map(int, (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, AttributeError):
            continue
    return total


# The full build with the search index replaced by a stand-in that does nothing (no
# second process, no pages collected): what the index itself costs is the difference.
WITHOUT_SEARCH = """
import sys
import generator.adapter.build, generator.adapter.plugin
class Idle:
    def __init__(self, settings, models, directory_urls, site_dir, **kwargs): pass
    def finish(self, pages): pass
    def close(self): pass
generator.adapter.build.Builder = Idle
generator.adapter.plugin.DanVanKheoPlugin.on_post_page = lambda self, output, **kwargs: output
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "-q", "-d", sys.argv[1]]
cli()
"""


def build(folder: Path, site: str, search: bool = True) -> tuple[float, int]:
    """(seconds, peak bytes) of `mkdocs build` in folder, into the new folder `site`.

    Never into a folder emptied just before: deleting thousands of files keeps the
    disk busy for a while (more so for a larger site), and what the last build wrote
    is written out first (sync), so that a build does not pay for the one before."""
    assert not (folder / site).exists()
    command = (
        ["-m", "mkdocs", "build", "-q", "-d", site] if search else ["-c", WITHOUT_SEARCH, site]
    )
    os.sync()
    seconds, peak, code, errors = measured(command, folder)
    if code != 0:
        raise SystemExit(f"build failed in {folder}:\n{errors}")
    return seconds, peak


def measured(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int, int, str]:
    """(seconds, peak bytes of the process tree, exit code, stderr) of `python command`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *command],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    return seconds, peak, process.returncode, process.stderr.read()


# -- measuring search in the browser ---------------------------------------------


def browser_figures(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}/"
    received: list[int] = []

    def count(response):
        # Bytes on the wire: compressed body and headers.
        try:
            sizes = response.request.sizes()
        except Exception:  # the page was closed before the response ended
            return
        received.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])
        if os.environ.get("BENCH_VERBOSE"):
            print(f"    {sizes['responseBodySize']:>8} {response.url}")

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(base)
            page.wait_for_load_state("networkidle")
            page.on("response", count)
            start = time.perf_counter()
            page.fill(".md-search__input", FIRST_QUERY)
            page.wait_for_function(
                "q => document.getElementById('dvk-search-status').dataset.query === q",
                arg=FIRST_QUERY,
            )
            page.wait_for_load_state("networkidle")
            first_ms = (time.perf_counter() - start) * 1000
            first_bytes = sum(received)
            times = page.evaluate(
                """async (queries) => {
                    const times = [];
                    for (const q of queries) {
                        const t = performance.now();
                        const found = await window.dvkSearch.search(q);
                        await Promise.all(found.results.slice(0, 10).map(r => r.data()));
                        times.push(performance.now() - t);
                    }
                    return times;
                }""",
                QUERIES,
            )
            browser.close()
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            received.clear()
            page.on("response", count)
            page.goto(base + "tra-cuu/")
            page.wait_for_function(
                "document.querySelector('[data-catalogue]').ariaBusy === 'false'"
            )
            page.wait_for_load_state("networkidle")
            catalogue_bytes = sum(received)
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return {
        "first_bytes": first_bytes,
        "first_ms": first_ms,
        "query_ms": statistics.median(times),
        "query_max_ms": max(times),
        "catalogue_bytes": catalogue_bytes,
    }


# -- measuring the preview -------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def edits(round_: int) -> list[tuple[str, object]]:
    """(kind, change) pairs: a change turns the file's text into (new text, what the
    page shows once it is built again)."""

    def title(text: str):
        new = re.sub(
            r'^(title: ".*?)(?: sửa \d+)?"$', rf'\1 sửa {round_}"', text, count=1, flags=re.M
        )
        return new, f" sửa {round_}</h1>"

    def review(text: str):
        found = re.search(r"^  (\d{4}): (recognized|not-recognized)$", text, re.M)
        year, result = found.groups()
        flipped = "not-recognized" if result == "recognized" else "recognized"
        shown = "không được công nhận" if flipped == "not-recognized" else "được công nhận"
        return text.replace(found.group(0), f"  {year}: {flipped}", 1), f"{year}: {shown}</li>"

    def body(text: str):
        sentence = f"Một câu thêm lần {round_}."
        return text.rstrip("\n") + f"\n\n{sentence}\n", f"<p>{sentence}</p>"

    return [("title", title), ("review year", review), ("body", body)]


def preview(folder: Path, made: list, rounds: int) -> tuple[float, dict[str, list[float]]]:
    """(seconds to the first served page, seconds from each edit to the page showing
    it, by kind of edit) with `mkdocs serve` running in `folder`."""
    slug = made[len(made) // 2][0]
    path = next((folder / "models").glob(f"*/{slug}.md"))
    port = free_port()
    url = f"http://127.0.0.1:{port}/mo-hinh/{slug}/"
    with open(folder / "serve.log", "w") as log:
        start = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=folder,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            while "<h1>" not in fetch(url):
                if server.poll() is not None:
                    raise SystemExit(f"mkdocs serve stopped: see {folder / 'serve.log'}")
                time.sleep(0.5)
            first = time.perf_counter() - start
            time.sleep(2)  # the server is watching the files
            times: dict[str, list[float]] = {}
            for round_ in range(1, rounds + 1):
                for kind, change in edits(round_):
                    text, shown = change(path.read_text(encoding="utf-8"))
                    start = time.perf_counter()
                    path.write_text(text, encoding="utf-8")
                    while shown not in fetch(url):
                        if time.perf_counter() - start > 600:
                            raise SystemExit(f"no {kind} edit shown: see {folder / 'serve.log'}")
                        time.sleep(0.05)
                    times.setdefault(kind, []).append(time.perf_counter() - start)
                    print(
                        f"  preview N = {len(made)}, {kind}: {times[kind][-1]:.2f} s",
                        file=sys.stderr,
                        flush=True,
                    )
                    time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=60)
    return first, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 3000, 10000])
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    parser.add_argument(
        "--runs", type=int, default=3, help="builds of each kind (default 3; median reported)"
    )
    parser.add_argument(
        "--preview",
        nargs="*",
        type=int,
        default=[2000, 10000],
        help="sizes to measure mkdocs serve with (default 2000 10000; none: no preview)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the three edits")
    parser.add_argument("--no-builds", action="store_true", help="measure the preview only")
    args = parser.parse_args()
    rows = []
    for n in [] if args.no_builds else args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"dvk-bench-{n}-"))
        try:
            made = full_project(work / "full", n)
            baseline_project(work / "baseline", made)
            # The builds alternate, so that a slower spell of a shared machine falls on
            # all three; each figure is the median of the runs, memory the highest.
            runs = []
            for run in range(1, args.runs + 1):
                runs.append(
                    (
                        build(work / "full", f"site-{run}"),
                        build(work / "full", f"site-without-search-{run}", search=False),
                        build(work / "baseline", f"site-{run}"),
                    )
                )
                times = " / ".join(f"{seconds:.1f}" for seconds, _ in runs[-1])
                ratio = runs[-1][0][0] / runs[-1][2][0]
                print(
                    f"  N = {n}, run {len(runs)}: {times} s (full / no-search / baseline), "
                    f"ratio {ratio:.2f}",
                    file=sys.stderr,
                    flush=True,
                )
            (full_s, full_mem), (bare_s, _), (base_s, base_mem) = (
                (statistics.median(t for t, _ in kind), max(m for _, m in kind))
                for kind in zip(*runs, strict=True)
            )
            last = f"site-{args.runs}"
            web = browser_figures(work / "full" / last)
            index = sum(f.stat().st_size for f in (work / "full" / last / "search").rglob("*"))
            lunr = (work / "baseline" / last / "search/search_index.json").stat().st_size
            rows.append((n, full_s, full_mem, bare_s, base_s, base_mem, index, lunr, web))
            print_row(rows[-1], header=len(rows) == 1)
        finally:
            if args.keep:
                print(f"  kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)
    for n in args.preview:
        work = Path(tempfile.mkdtemp(prefix=f"dvk-preview-{n}-"))
        try:
            made = full_project(work / "full", n)
            first, times = preview(work / "full", made, args.rounds)
            if n == args.preview[0]:
                print(f"\n{'N':>6} | {'first build s':>13} | edit shown, s: median / max")
            shown = "  ".join(
                f"{kind} {statistics.median(t):.1f} / {max(t):.1f}" for kind, t in times.items()
            )
            print(f"{n:>6} | {first:>13.1f} | {shown}", flush=True)
        finally:
            if args.keep:
                print(f"  kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)


def print_row(row, header: bool) -> None:
    n, full_s, full_mem, bare_s, base_s, base_mem, index, lunr, web = row
    mb = 1024 * 1024
    if header:
        print(
            f"{'N':>6} | {'build s':>7} {'ms/model':>8} {'peak MB':>7} {'no-search s':>11} | "
            f"{'baseline s':>10} {'peak MB':>7} | {'ratio':>5} {'memory':>6} | "
            f"{'index MB':>8} {'lunr MB':>7} | "
            f"{'1st search KB':>13} {'catalogue KB':>12} | {'query ms median/max':>19}"
        )
    print(
        f"{n:>6} | {full_s:>7.1f} {full_s * 1000 / n:>8.2f} {full_mem / mb:>7.0f} {bare_s:>11.1f} | "
        f"{base_s:>10.1f} {base_mem / mb:>7.0f} | {full_s / base_s:>5.2f} "
        f"{full_mem / base_mem:>6.2f} | "
        f"{index / mb:>8.1f} {lunr / mb:>7.1f} | "
        f"{web['first_bytes'] / 1024:>13.0f} {web['catalogue_bytes'] / 1024:>12.0f} | "
        f"{web['query_ms']:>9.0f} / {web['query_max_ms']:<7.0f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
