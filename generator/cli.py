"""Command line: `python -m generator validate` and friends, over the same core."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .load import LoadError, load
from .settings import Settings, edit_url_from, read_mkdocs_config


def settings_from(config_path: Path) -> tuple[Settings, Path]:
    root = config_path.resolve().parent
    if not config_path.is_file():
        return Settings(models_dir=root / "models"), root
    config, options = read_mkdocs_config(config_path)
    options = dict(options)
    options.setdefault("edit_url", edit_url_from(config))
    options.setdefault("site_url", config.get("site_url") or "")
    return Settings.from_options(options, root), root


def github_annotation(problem) -> str:
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::error file={problem.path},line={problem.line},title=Lỗi dữ liệu mô hình::{message}"


def cmd_validate(args: argparse.Namespace) -> int:
    settings, root = settings_from(Path(args.config))
    try:
        catalog = load(settings, root)
    except LoadError as error:
        for problem in error.problems:
            print(github_annotation(problem) if args.format == "github" else problem)
        print(f"Có {len(error.problems)} lỗi cần sửa.", file=sys.stderr)
        return 1
    drafts = len(catalog.models) - len(catalog.published)
    extra = f" ({drafts} bản nháp)" if drafts else ""
    print(
        f"Hợp lệ: {len(catalog.models)} mô hình{extra} và {len(catalog.units)} đơn vị, không có lỗi."
    )
    return 0


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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)
