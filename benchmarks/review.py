"""Time to make the review sheet and to apply it, filled in, for a large catalogue.

The shipped models are copied, each copy with its own units, until the project
holds N model files. Each run starts from a fresh copy of that project and times
`review sheet` (make the .xlsx), then fills every row as a committee would (with
openpyxl: results typed with and without marks, some of the offered showcase
choices), then
times `review apply`, then the same apply again (which must change nothing). The
runs alternate; the medians are printed, with every run's figures: wall time and,
as this machine is shared, the processor time the command used.

    python benchmarks/review.py [N] [--runs R]     # N = 2000, R = 3 by default
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.data.load import model_files  # noqa: E402

YEAR = 2026
RESULTS = ["Công nhận", "cong nhan", "Đạt", "Không công nhận", "khong dat"]


def project(size: int, folder: Path) -> None:
    """N model files: copies of the shipped ones, each copy with its own units."""
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs")
    models = folder / "models"
    models.mkdir()
    sample = [p for p in model_files(ROOT / "models")]
    registry = (ROOT / "models" / "_units.yml").read_text(encoding="utf-8")
    copies = -(-size // len(sample))
    units = [
        re.sub(r"^- id: (\S+)$", rf"- id: \1-{n}", registry, flags=re.M) for n in range(copies)
    ]
    (models / "_units.yml").write_text("\n".join(units), encoding="utf-8")
    for n in range(size):
        source = sample[n % len(sample)]
        copy = n // len(sample)
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^unit: (\S+)", rf"unit: \1-{copy}", text, count=1, flags=re.M)
        target = models / source.parent.name / f"{source.stem}-{copy}{source.suffix}"
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
        for image in (source.parent / "anh").glob("*") if copy == 0 else ():
            (target.parent / "anh").mkdir(exist_ok=True)
            shutil.copy(image, target.parent / "anh" / image.name)


def fill(path: Path) -> int:
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.active
    filled = 0
    for row in sheet.iter_rows(min_row=4):
        if not isinstance(row[0].value, int):
            continue  # a party committee's heading
        row[-3].value = RESULTS[filled % len(RESULTS)]
        offered = str(row[-2].fill.fgColor.rgb).endswith("E2EFDA")  # the sheet's green
        if offered and filled % 7 == 0:
            row[-2].value = "Có"
        filled += 1
    book.save(path)
    return filled


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(folder: Path, *args: str) -> tuple[float, float, str]:
    """Wall time, processor time (user and system) and output of one command."""
    start, used = time.perf_counter(), cpu()
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(result.stdout + result.stderr)
    return elapsed, cpu() - used, result.stdout


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", nargs="?", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary) / "base"
        base.mkdir()
        project(options.size, base)
        figures: dict[str, list[tuple[float, float]]] = {"sheet": [], "apply": [], "again": []}
        for run in range(options.runs):
            folder = Path(temporary) / f"run-{run}"
            shutil.copytree(base, folder)
            *made, _ = timed(folder, "review", "sheet", "--year", str(YEAR), "bang.xlsx")
            rows = fill(folder / "bang.xlsx")
            *applied, out = timed(folder, "review", "apply", "bang.xlsx")
            *again, out_again = timed(folder, "review", "apply", "bang.xlsx")
            assert "Đã ghi 0 tệp mô hình." in out_again, out_again
            written = re.search(r"Đã ghi (\d+) tệp mô hình", out).group(1)
            print(
                f"run {run + 1}: {rows} rows, {written} files written; wall (processor) time: "
                + ", ".join(
                    f"{name} {wall:.2f} s ({used:.2f} s)"
                    for name, (wall, used) in zip(figures, (made, applied, again), strict=True)
                )
            )
            for name, figure in zip(figures, (made, applied, again), strict=True):
                figures[name].append(tuple(figure))
            shutil.rmtree(folder)
        print(
            f"N = {options.size} model files, medians of {options.runs} runs, wall (processor) "
            "time, each command a new process that loads and validates the whole data set: "
            + ", ".join(
                f"{name} {statistics.median(w for w, _ in v):.2f} s "
                f"({statistics.median(c for _, c in v):.2f} s)"
                for name, v in figures.items()
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
