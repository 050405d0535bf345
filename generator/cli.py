"""Command line: `python -m generator validate` and friends, over the same core."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.authoring import importer, wizard
from generator.data import jsonschema
from generator.data.load import LoadError, load
from generator.data.settings import Settings, SettingsError, edit_url_from, read_mkdocs_config
from generator.data.stats import years
from generator.data.validate import vietnam_today
from generator.site.report import all_tables, as_text, year_tables


def settings_from(config_path: Path) -> tuple[Settings, Path]:
    root = config_path.resolve().parent
    if not config_path.is_file():
        return Settings(models_dir=root / "models"), root
    config, options = read_mkdocs_config(config_path)
    options = dict(options)
    options.setdefault("edit_url", edit_url_from(config))
    options.setdefault("site_url", config.get("site_url") or "")
    return Settings.from_options(options, root), root


def github_annotation(problem, level: str = "error", title: str = "Lỗi dữ liệu mô hình") -> str:
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} file={problem.path},line={problem.line},title={title}::{message}"


def github_warning(problem) -> str:
    return github_annotation(problem, "warning", "Cảnh báo dữ liệu mô hình")


def warning_text(problem) -> str:
    return f"{problem.path}:{problem.line}: Cảnh báo: {problem.message}"


def load_or_report(args: argparse.Namespace, out=None, show=str, warn=None):
    """The project's catalogue; or None, once each problem is printed to `out`
    (stderr if not given; as `show` writes it) and their count to stderr.
    Warnings are printed too when `warn` says how."""
    settings, root = settings_from(Path(args.config))
    try:
        catalog = load(settings, root)
    except LoadError as error:
        for problem in error.problems:
            print(show(problem), file=out or sys.stderr)
        for problem in error.warnings if warn else []:
            print(warn(problem), file=out or sys.stderr)
        print(f"Có {len(error.problems)} lỗi cần sửa.", file=sys.stderr)
        return None
    for problem in catalog.warnings if warn else []:
        print(warn(problem), file=out or sys.stderr)
    return catalog


def cmd_validate(args: argparse.Namespace) -> int:
    github = args.format == "github"
    show, warn = (github_annotation, github_warning) if github else (str, warning_text)
    catalog = load_or_report(args, sys.stdout, show, warn)
    if catalog is None:
        return 1
    drafts = len(catalog.models) - len(catalog.published)
    extra = f" ({drafts} bản nháp)" if drafts else ""
    warned = f"; {len(catalog.warnings)} cảnh báo nên sửa" if catalog.warnings else ""
    print(
        f"Hợp lệ: {len(catalog.models)} mô hình{extra} và {len(catalog.units)} đơn vị, "
        f"không có lỗi{warned}."
    )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    catalog = load_or_report(args)  # stdout is for the tables
    if catalog is None:
        return 1
    if args.year is None:
        tables = all_tables(catalog)
    elif args.year in years(catalog):
        tables = year_tables(catalog, args.year)
    else:
        known = years(catalog)
        span = f"từ {known[0]} đến {known[-1]}" if known else "chưa có năm nào"
        print(f"Không có số liệu năm {args.year}; các năm có số liệu: {span}.", file=sys.stderr)
        return 2
    print(as_text(tables), end="")
    if args.xlsx:
        from generator.site.workbook import write_workbook  # openpyxl loads only when asked for

        try:
            write_workbook(tables, Path(args.xlsx), catalog.settings.organization, vietnam_today())
        except OSError as error:
            print(f"Không ghi được tệp {args.xlsx}: {error.strerror or error}.", file=sys.stderr)
            return 1
        print(f"Đã ghi {len(tables)} bảng vào tệp {args.xlsx}.", file=sys.stderr)
    return 0


def with_settings(module):
    """Run a command module's main() with the settings of the chosen mkdocs.yml."""
    return lambda args: module.main(args, *settings_from(Path(args.config)))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Công cụ dữ liệu mô hình “Dân vận khéo”.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-f", "--config", default="mkdocs.yml", help="tệp cấu hình (mặc định: mkdocs.yml)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    validate = commands.add_parser(
        "validate", parents=[common], help="kiểm tra mọi tệp mô hình và danh mục đơn vị"
    )
    validate.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="text: đường-dẫn:dòng: lỗi; github: chú thích trên pull request",
    )
    validate.set_defaults(run=cmd_validate)
    stats = commands.add_parser(
        "stats", parents=[common], help="in các bảng thống kê như trang /thong-ke/"
    )
    stats.add_argument("--year", type=int, metavar="NĂM", help="chỉ in số liệu của một năm")
    stats.add_argument("--xlsx", metavar="TỆP", help="ghi thêm các bảng vào tệp Excel (.xlsx)")
    stats.set_defaults(run=cmd_stats)
    for name, module, text in (
        ("new", wizard, "thêm một mô hình mới bằng vài câu hỏi"),
        ("import", importer, "tạo tệp mô hình từ bảng tính .xlsx hoặc .csv"),
        ("schema", jsonschema, "ghi JSON Schema của tệp mô hình vào schemas/ cho trình soạn thảo"),
    ):
        command = commands.add_parser(name, parents=[common], help=text)
        module.add_arguments(command).set_defaults(run=with_settings(module))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except SettingsError as error:
        print(f"{args.config}: cấu hình plugin dan-van-kheo không hợp lệ: {error}", file=sys.stderr)
        return 1
