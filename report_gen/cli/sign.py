"""`report-gen sign`: the built review signed digitally, first by the signer (--as person),
then by the organisation (--as organisation), as Nghị định 30/2020 describes; a thin layer over
report_gen.sign.sign_review. The password or PIN comes from the role's environment variable or
is asked without echo; it is never printed or kept."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

ROLE_HELP = ("person: người có thẩm quyền ký, ghi bao_cao_<năm>_da_ky.pdf; organisation: văn "
             "thư ký số của cơ quan vào tệp đó (sau người có thẩm quyền)")


def add_parser(sub) -> None:
    from report_gen.sign import ROLES
    s = sub.add_parser("sign", help="ký số báo cáo đã lập (người có thẩm quyền, rồi cơ quan)",
                       description="Ký số báo cáo năm theo thể thức văn bản điện tử của Nghị định "
                                   "30/2020/NĐ-CP: người có thẩm quyền ký bao_cao_<năm>.pdf thành "
                                   "bao_cao_<năm>_da_ky.pdf, rồi văn thư ký số của cơ quan vào "
                                   "tệp đó. Khóa ký và ảnh chữ ký, con dấu đặt trong mục "
                                   "[sign.person], [sign.organisation] của report_gen.toml.",
                       epilog="Ví dụ: report-gen sign --year 2012 --as person")
    s.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm báo cáo")
    s.add_argument("--as", dest="role", required=True, choices=ROLES, help=ROLE_HELP)
    s.add_argument("--out", type=Path, default=Path("out"), metavar="THƯ_MỤC",
                   help="thư mục chứa báo cáo đã lập (mặc định: out)")


def run(args, settings, console: Console, err: Console) -> int:
    from report_gen.config import ConfigError
    from report_gen.sign import ORGANISATION, PERSON, SignError, from_settings
    from report_gen.sign.document import sign_review
    from report_gen.sign.config import Pkcs12Key
    from report_gen.textnorm import fold
    try:
        role = from_settings(settings, args.role)
    except ConfigError as exc:
        err.print(f"[red]Lỗi cấu hình:[/red] {escape(str(exc))}")
        return 2
    what = "mật khẩu tệp khóa" if isinstance(role.key, Pkcs12Key) else "mã PIN thiết bị ký số"
    try:
        done = sign_review(args.out, args.year, args.role, role, lambda: _secret(args.role, what))
    except SignError as exc:
        err.print(f"[red]Không ký:[/red] {escape(str(exc))}.")
        return 1
    who = "người có thẩm quyền" if done.role == PERSON else "cơ quan"
    if done.replaced_old:
        console.print(f"Thay tệp {escape(done.path.name)} cũ (ký trên bản báo cáo lập trước đó).")
    console.print(f"Đã ký số của {who} ({escape(done.signer)}, lúc {done.signed_at}) vào "
                  f"{escape(str(done.path))}.")
    if done.role == PERSON:
        named = settings.document.signer_name
        if fold(done.signer) != fold(named):  # a block signed in another person's name
            console.print(f"[yellow]Lưu ý:[/yellow] chứng thư số đứng tên “{escape(done.signer)}”"
                          f", còn báo cáo ghi người ký “{escape(named)}” (\\[document] "
                          "signer_name): kiểm tra lại trước khi văn thư ký số của cơ quan.")
        console.print(f"Bước tiếp theo: văn thư ký số của cơ quan (“report-gen sign --year "
                      f"{args.year} --as {ORGANISATION}”).")
    else:
        console.print("Báo cáo đã đủ chữ ký số của người có thẩm quyền và của cơ quan.")
    return 0


def _secret(role: str, what: str) -> str:
    """The role's secret: its environment variable, else asked without echo."""
    from report_gen.sign import SignError
    from report_gen.sign.config import ROLE_VI, SECRET_ENV
    value = os.environ.get(SECRET_ENV[role])
    if value is not None:
        return value
    missing = SignError(f"chưa có {what}: đặt biến môi trường {SECRET_ENV[role]} hoặc chạy lệnh "
                        "trong cửa sổ dòng lệnh để nhập")
    if not sys.stdin.isatty():  # getpass would echo it, with an English warning
        raise missing
    try:
        return getpass.getpass(f"Nhập {what} của {ROLE_VI[role]} (không hiện khi gõ): ")
    except EOFError:
        raise missing from None
