"""`report-gen send`: e-mail the built review to the committee (or, with --feedback, each unit
its feedback page), after showing what goes where and asking to confirm; --dry-run writes the
messages as .eml instead. A thin layer over report_gen.deliver; every attempt is recorded in the
history store (see `report-gen history sent`)."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape


def add_parser(sub) -> None:
    s = sub.add_parser(
        "send", help="gửi báo cáo qua thư điện tử đến Ban Chỉ đạo, hoặc phiếu phản hồi đến đơn vị",
        description="Gửi tệp bao_cao_<năm>.pdf đã lập (lệnh build) đến các địa chỉ trong mục "
                    "[email] của report_gen.toml; với --feedback, gửi mỗi đơn vị có lỗi phiếu "
                    "phản hồi của chính đơn vị đó (lệnh check). Chương trình hiện thư sẽ gửi đi "
                    "đâu và hỏi lại trước khi gửi; mỗi lần gửi được ghi vào kho lịch sử. Mật khẩu "
                    "lấy từ biến môi trường REPORT_GEN_SMTP_PASSWORD hoặc được hỏi khi gửi.",
        epilog="Ví dụ: report-gen send --year 2012 --dry-run; report-gen send --year 2012 --yes")
    s.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm báo cáo")
    s.add_argument("--out", type=Path, default=Path("out"), metavar="THƯ_MỤC",
                   help="thư mục kết quả của lệnh build (mặc định: out)")
    s.add_argument("--yes", action="store_true", help="gửi luôn, không hỏi lại (cho tệp lệnh)")
    s.add_argument("--dry-run", action="store_true",
                   help="không gửi: ghi thư thành tệp .eml trong thư mục kết quả để xem trước")
    s.add_argument("--draft", action="store_true",
                   help="cho phép gửi báo cáo đang là DỰ THẢO (tiêu đề thư ghi “DỰ THẢO”)")
    s.add_argument("--again", action="store_true",
                   help="gửi lại dù cùng tệp đã được gửi đến cùng địa chỉ")
    s.add_argument("--feedback", action="store_true",
                   help="gửi phiếu phản hồi (THƯ_MỤC/phan_hoi_<năm>) đến từng đơn vị có lỗi")
    s.add_argument("--store", type=Path, metavar="TỆP",
                   help="tệp kho lịch sử ghi các lần gửi (mặc định: report_gen.sqlite trong "
                        "thư mục hiện tại)")


def run(args, settings, console: Console, err: Console) -> int:
    from report_gen.config import ConfigError
    from report_gen.deliver import EmailSettings
    from report_gen.store import open_store
    try:
        cfg = EmailSettings.from_settings(settings)
    except ConfigError as exc:
        err.print(f"[red]Lỗi cấu hình:[/red] {escape(str(exc))}.")
        return 2
    path = Path(args.store or settings.store)
    if args.dry_run and not path.exists():
        return _run(args, settings, cfg, None, console, err)
    with open_store(path) as store:
        return _run(args, settings, cfg, store, console, err)


def _run(args, settings, cfg, store, console: Console, err: Console) -> int:
    from report_gen.deliver import Refusal, dry_run, feedback_plan, review_outgoing
    try:
        if args.feedback:
            plan = feedback_plan(args.out, args.year, settings, cfg, store, again=args.again)
            outgoing = plan.outgoing
            _show_plan(plan, console)
        else:
            outgoing = [review_outgoing(args.out, args.year, settings, cfg, store,
                                        draft=args.draft, again=args.again)]
    except Refusal as exc:
        err.print(f"[red]{escape(str(exc))}[/red]")
        return 1
    if not outgoing:
        console.print("Không có thư nào cần gửi.")
        return 0
    for out in outgoing:
        _show(out, console)
    if args.dry_run:
        for out in outgoing:
            console.print(f"Đã ghi thư (chưa gửi): {escape(str(dry_run(out, args.out)))}")
        return 0
    if not args.yes and not _confirm(console, cfg, len(outgoing)):
        err.print("Chưa gửi thư nào.")
        return 1
    password = _password(cfg, err)
    if password is None:
        return 2
    return _send_all(outgoing, cfg, password, store, console, err)


def _send_all(outgoing, cfg, password, store, console: Console, err: Console) -> int:
    from report_gen.deliver import send
    failed = 0
    for out in outgoing:
        outcome = send(out, cfg, password, store)
        to = escape(", ".join(out.recipients))
        if not outcome.sent:
            failed += 1
            err.print(f"[red]Không gửi được[/red] thư “{escape(out.subject)}” đến {to}: "
                      f"{escape(outcome.reason)}.")
            if outcome.answer:
                err.print(f"  Máy chủ trả lời: {escape(outcome.answer)}")
            continue
        msgid = escape(str(out.message["Message-ID"]))
        to = escape(", ".join(a for a in out.recipients if a not in outcome.refused))
        console.print(f"Đã gửi thư “{escape(out.subject)}” đến {to} (máy chủ trả lời: "
                      f"{escape(outcome.answer)}; Message-ID {msgid}).")
        if outcome.refused:
            failed += 1
            for address, answer in outcome.refused.items():
                err.print(f"  [red]Máy chủ không nhận thư cho[/red] {escape(address)} "
                          f"({escape(answer)}): kiểm tra lại địa chỉ này.")
    console.print(f"Đã ghi {len(outgoing)} lần gửi vào kho lịch sử {escape(str(store.path))} "
                  f"(xem bằng “report-gen history sent”).")
    return 1 if failed else 0


def _show(out, console: Console) -> None:
    lines = [f"Từ: {out.message['From']}", f"Đến: {', '.join(out.to)}"]
    if out.cc:
        lines.append(f"Đồng gửi (Cc): {', '.join(out.cc)}")
    lines.append(f"Tiêu đề: {out.subject}")
    from report_gen.deliver.message import size_text
    what = "Đính kèm:" if out.kind == "review" else "Nội dung thư: phiếu"
    lines += [f"{what} {f.file} ({size_text(f.size)}, SHA-256 {f.sha256[:16]}…)"
              for f in out.files]
    console.print("\n".join(lines), markup=False, highlight=False)
    console.print()


def _show_plan(plan, console: Console) -> None:
    from report_gen import text as vn
    console.print(f"Phiếu phản hồi trong {escape(str(plan.folder))}: {len(plan.outgoing)} thư "
                  "sẽ gửi, mỗi đơn vị chỉ nhận phiếu của mình.")
    notes = [("Đơn vị có lỗi nhưng chưa có địa chỉ thư điện tử trong danh sách đơn vị (không "
              "gửi; ghi email cho đơn vị trong tệp danh sách đơn vị)", plan.no_address),
             ("Đã gửi phiếu này đến đơn vị (không gửi lại; thêm --again nếu cần)",
              [f"{n} – {a} ({vn.moment(t)})" for n, a, t in plan.already]),
             ("Chỉ có cảnh báo, không cần gửi", plan.not_needed),
             ("Phiếu không dùng được", plan.unusable)]
    for title, items in notes:
        if items:
            console.print(f"{title}:", markup=False)
            for item in items:
                console.print(f"  - {item}", markup=False, highlight=False)
    console.print()


def _confirm(console: Console, cfg, count: int) -> bool:
    try:
        answer = console.input(f"Gửi {count} thư trên qua máy chủ {escape(cfg.host)}? "
                               "Gõ “c” rồi Enter để gửi, phím khác để hủy: ")
    except EOFError:
        return False
    return answer.strip().lower() in ("c", "có", "co", "y", "yes")


def _password(cfg, err: Console) -> str | None:
    """The account's password: REPORT_GEN_SMTP_PASSWORD, else asked without echo; never
    printed or written. "" when the server asks no login."""
    from report_gen.deliver import PASSWORD_ENV
    if not cfg.username:
        return ""
    value = os.environ.get(PASSWORD_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        err.print(f"[red]Lỗi:[/red] chưa có mật khẩu thư điện tử của {escape(cfg.username)}: "
                  f"đặt biến môi trường {PASSWORD_ENV} hoặc chạy lệnh trong cửa sổ dòng lệnh "
                  "để nhập mật khẩu.")
        return None
    try:
        return getpass.getpass(f"Mật khẩu thư điện tử của {cfg.username}: ")
    except (EOFError, KeyboardInterrupt):
        err.print("Chưa nhập mật khẩu; chưa gửi thư nào.")
        return None
