"""Time to compute the statistics page, the open data and the feed for a large catalogue.

The shipped sample's models are copied under new slugs (and units) until the
catalogue holds N models, then each output is produced once and timed.

    python benchmarks/stats.py [N]      # N defaults to 5000
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.data.load import load  # noqa: E402
from generator.data.model import Catalog  # noqa: E402
from generator.data.options import settings_from  # noqa: E402
from generator.site.feed import atom_feed  # noqa: E402
from generator.site.opendata import OpenData  # noqa: E402
from generator.site.report import all_tables, as_text  # noqa: E402
from generator.site.statspage import stats_page  # noqa: E402


def large_catalog(size: int) -> Catalog:
    settings, root = settings_from(ROOT / "mkdocs.yml")
    sample = load(settings, root)
    units = {}
    models = []
    for n in range(size):
        model = sample.models[n % len(sample.models)]
        unit = dataclasses.replace(model.unit, id=f"{model.unit.id}-{n // 7}")
        units[unit.id] = unit
        models.append(dataclasses.replace(model, slug=f"{model.slug}-{n}", unit=unit))
    return Catalog(settings, units, models)


def timed(label: str, work) -> None:
    start = time.perf_counter()
    result = work()
    size = len(result.encode("utf-8")) if isinstance(result, str) else len(result)
    print(f"{label:<34} {time.perf_counter() - start:7.2f} s  {size / 1024:9.0f} KiB")


def main() -> int:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    catalog = large_catalog(size)
    print(f"{len(catalog.published)} mô hình, {len(catalog.units)} đơn vị")
    timed("trang /thong-ke/", lambda: stats_page(catalog))
    timed("bảng (python -m generator stats)", lambda: as_text(all_tables(catalog)))
    data = OpenData(catalog)
    timed("mo-hinh.json", data.models_json)
    timed("mo-hinh.csv", data.models_csv)
    timed("don-vi.csv", data.units_csv)
    timed("feed.xml", lambda: atom_feed(catalog))
    return 0


if __name__ == "__main__":
    sys.exit(main())
