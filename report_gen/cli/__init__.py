"""Command line: a thin layer over report_gen.pipeline, speaking Vietnamese. Each command is a
module of this package (template, check, map, build, sign, verify, send, history, units); this
one parses and dispatches."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

from rich.console import Console

from report_gen import __version__
from report_gen.cache import CACHE_DIR
from report_gen.cli import build, check, history, send, sign, template, units, verify
from report_gen.cli import map as map_command
from report_gen.store import DEFAULT_NAME, StoreError

# One module per command, in the order `--help` lists them; each has add_parser(sub) and
# run(args, settings, console, err) -> exit code.
COMMANDS = {"template": template, "check": check, "map": map_command, "build": build,
            "sign": sign, "verify": verify, "send": send, "history": history, "units": units}

# argparse's own words, in Vietnamese (argparse looks `_` and `ngettext` up at call time).
_ARGPARSE_VI = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "đối số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "show program's version number and exit": "hiện số phiên bản rồi thoát",
    "the following arguments are required: %s": "thiếu đối số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu các đối số: %s",
    "argument %(argument_name)s: %(message)s": "đối số %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "expected one argument": "cần một giá trị",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn không rõ: %(option)s có thể là %(matches)s",
    "not allowed with argument %s": "không dùng được cùng đối số %s",
    "one of the arguments %s is required": "cần một trong các đối số %s",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
}
argparse._ = lambda s: _ARGPARSE_VI.get(s, s)  # type: ignore[attr-defined]
argparse.ngettext = lambda s, p, n: (  # type: ignore[attr-defined]
    "cần %s giá trị" if s.startswith("expected %s argument") else (s if n == 1 else p))



def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="report-gen",
        description="Tổng hợp số liệu phong trào toàn dân bảo vệ an ninh Tổ quốc từ các tệp "
                    "Excel của đơn vị và lập báo cáo năm (PDF, HTML, bảng tổng hợp Excel, JSON).",
        epilog="Ví dụ: report-gen build bao_cao_don_vi/2012 --year 2012 --out out")
    p.add_argument("--version", action="version", version=f"report-gen {__version__}",
                   help="hiện số phiên bản rồi thoát")
    p.add_argument("--config", type=Path, metavar="TỆP",
                   help="tệp cấu hình (mặc định: report_gen.toml trong thư mục hiện tại)")
    sub = p.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")
    for command in COMMANDS.values():
        command.add_parser(sub)
    return p


def run() -> int:
    """The `report-gen` command: main(), then the process ends without a last garbage
    collection walking every object it made (gc.freeze; 0.1-0.3 s once pandas, openpyxl and
    python-docx are loaded). Tests call main(), never this."""
    code = main()
    import gc
    gc.freeze()
    return code


def main(argv: list[str] | None = None) -> int:
    _printable_streams()
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        parser.error(_ARGPARSE_VI["unrecognized arguments: %s"] % " ".join(extra)
                     + _unquoted_folder_hint(args, extra))
    console = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    if not args.command:
        parser.print_help()
        return 2
    from report_gen.config import ConfigError, load_settings
    from report_gen.intake.entries import FolderError
    from report_gen.intake.mapping import MappingError
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        from rich.markup import escape  # "[document]" in a message is text, not markup
        err.print(f"[red]Lỗi cấu hình:[/red] {escape(str(exc))}")
        return 2
    store = getattr(args, "store", None) or settings.store or Path.cwd() / DEFAULT_NAME
    cache = None if getattr(args, "no_cache", False) else Path.cwd() / CACHE_DIR
    settings = dataclasses.replace(settings, store=store, cache=cache)
    try:
        return COMMANDS[args.command].run(args, settings, console, err)
    except ConfigError as exc:  # a section parsed by the module that uses it ([outputs], …)
        from rich.markup import escape
        err.print(f"[red]Lỗi cấu hình:[/red] {escape(str(exc))}")
        return 2
    except StoreError as exc:
        from rich.markup import escape
        err.print(f"[red]Lỗi kho lịch sử:[/red] {escape(str(exc))}")
        return 2
    except MappingError as exc:
        from rich.markup import escape
        err.print(f"[red]Lỗi tệp ánh xạ chỉ tiêu:[/red] {escape(exc.args[0])}")
        return 2
    except FolderError as exc:
        from rich.markup import escape
        err.print(f"[red]Lỗi thư mục đầu vào:[/red] {escape(exc.args[0])}.")
        return 2
    except KeyboardInterrupt:
        err.print("Đã dừng theo yêu cầu.")
        return 130
    except Exception as exc:  # noqa: BLE001 - the officer gets a sentence, not a traceback
        if os.environ.get("REPORT_GEN_DEBUG"):
            raise
        err.print(f"[red]Lỗi không mong đợi:[/red] {type(exc).__name__}: {str(exc)[:300]}\n"
                  "Các tệp kết quả cũ (nếu có) vẫn giữ nguyên. Đặt biến môi trường "
                  "REPORT_GEN_DEBUG=1 rồi chạy lại để xem chi tiết kỹ thuật.")
        return 1


def _unquoted_folder_hint(args: argparse.Namespace, extra: list[str]) -> str:
    """When a command's input folder is followed by stray words ("check bao cao 2013"), the
    folder's name most likely has spaces and was not quoted: say how to write it."""
    folder = getattr(args, "input", None)
    words = [w for w in extra if not w.startswith("-")]
    if folder is None or not words or extra[0].startswith("-"):
        return ""
    name = " ".join([str(folder)] + words)
    return f"\nTên thư mục có dấu cách cần đặt trong ngoặc kép: \"{name}\""


def _printable_streams() -> None:
    """A path from the command line that is not UTF-8 (surrogate escapes) prints as escapes
    instead of ending the run; the intake's own names are already readable
    (report_gen.intake.entries.display_name)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass


if __name__ == "__main__":
    sys.exit(main())
