"""Lighthouse (mobile) scores of the home, catalogue, model and statistics pages.

Builds the shipped site into a temporary folder as it is deployed, with its address as
`site_url` (so that model pages have their QR code), serves it on 127.0.0.1 with gzip
(as any static host would) and runs Lighthouse 12.2.3 against Debian's chromium.

    python benchmarks/lighthouse.py            # installs lighthouse with npm if needed
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

from serve import GzipHandler  # benchmarks/, the script's folder

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.2.3"
PAGES = {
    "trang chủ": "",
    "tra cứu": "tra-cuu/",
    "mô hình": "mo-hinh/tuyen-duong-sang-xanh-sach-dep/",
    "thống kê": "thong-ke/",
    "lĩnh vực": "linh-vuc/do-thi-van-minh/",
    "hướng dẫn": "huong-dan/dong-gop/",  # code blocks: the one page that loads the code font
}


def lighthouse_bin(cache: Path) -> Path:
    binary = cache / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "i", "-E", LIGHTHOUSE, "--prefix", str(cache)], check=True)
    return binary


def main() -> int:
    binary = lighthouse_bin(
        Path(os.environ.get("LIGHTHOUSE_DIR", ROOT / "benchmarks" / "out" / "lh"))
    )
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(site)))
        base = f"http://127.0.0.1:{server.server_port}/"
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
            cwd=ROOT,
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": base},
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        flags = (
            "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
            "--disable-component-update --disable-sync --no-first-run"
        )
        print(f"{'trang':<10} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'KB':>6}")
        for name, path in PAGES.items():
            report = Path(tmp) / "report.json"
            subprocess.run(
                [
                    str(binary),
                    base + path,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    f"--chrome-flags={flags}",
                ],
                env={**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"},
                check=False,
            )
            if not report.exists():
                print(f"{name:<10} (lighthouse failed)")
                continue
            data = json.loads(report.read_text())
            scores = [
                round((data["categories"][c]["score"] or 0) * 100)
                for c in ("performance", "accessibility", "best-practices", "seo")
            ]
            weight = data["audits"]["total-byte-weight"]["numericValue"] / 1000  # on the wire
            print(f"{name:<10} " + " ".join(f"{s:>5}" for s in scores) + f" {weight:>6.0f}")
            for category in data["categories"].values():
                for ref in category["auditRefs"]:
                    audit = data["audits"][ref["id"]]
                    if ref["weight"] and audit.get("score") is not None and audit["score"] < 0.9:
                        print(f"{'':<10}   {ref['id']}: {audit.get('displayValue', '')}")
                        for item in (audit.get("details") or {}).get("items", [])[:3]:
                            node = item.get("node") or {}
                            print(f"{'':<14}{node.get('snippet', '')[:100]}")
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
