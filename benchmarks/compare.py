"""The code as it is against the code of an earlier commit, on the same N synthetic models.

For each of `validate` and `mkdocs build` (over a site already built, as a deploy does),
the two versions run in turn, `--runs` times each; the script prints every run and the
medians. The earlier code is taken with `git archive` into a temporary folder and put
first on PYTHONPATH (the installed dependencies are the same).

    python benchmarks/compare.py d30092a 3000
    python benchmarks/compare.py d30092a 300 3000 --runs 5
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import full_project, measured  # noqa: E402


def code_of(ref: str, folder: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "generator"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def timed(command: list[str], cwd: Path, code: Path | None) -> tuple[float, int]:
    seconds, peak, exit_code, _ = measured(
        command, cwd, {"PYTHONPATH": str(code)} if code else None
    )
    if exit_code != 0:
        raise SystemExit(f"{' '.join(command)} failed with the code of {code or 'this tree'}")
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("ref", help="the earlier commit")
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        earlier = code_of(args.ref, Path(temporary) / "earlier")
        for n in args.sizes:
            project = Path(temporary) / f"n{n}"
            full_project(project, n)
            commands = {
                "validate": ["-m", "generator", "validate"],
                "build": ["-m", "mkdocs", "build", "-q", "-d", "site"],
            }
            timed(commands["build"], project, None)  # a site to build over
            for name, command in commands.items():
                times: dict[str, list[float]] = {args.ref: [], "now": []}
                peaks: dict[str, int] = {args.ref: 0, "now": 0}
                for _ in range(args.runs):
                    for label, code in ((args.ref, earlier), ("now", None)):
                        seconds, peak = timed(command, project, code)
                        times[label].append(seconds)
                        peaks[label] = max(peaks[label], peak)
                for label, runs in times.items():
                    shown = ", ".join(f"{s:.2f}" for s in runs)
                    print(
                        f"N={n:>6} {name:<8} {label:>8}: median {statistics.median(runs):6.2f} s"
                        f"  (runs {shown})  peak {peaks[label] / 1048576:5.0f} MB"
                    )
                ratio = statistics.median(times["now"]) / statistics.median(times[args.ref])
                print(f"N={n:>6} {name:<8} now / {args.ref}: {ratio:.2f}")


if __name__ == "__main__":
    main()
