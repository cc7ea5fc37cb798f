"""`report-gen verify FILE.pdf`: each digital signature of a PDF checked (who signed, as which
role, when, intact, valid, what it covers, trusted against the given roots), as a Vietnamese
table or, with --json, as JSON for scripts; a thin layer over report_gen.sign.verify.

Exit 0 when every signature is intact and valid (and trusted, when roots are given), 1 when
any is not, 2 when the file cannot be checked (not a PDF, no signature, a root unreadable)."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def add_parser(sub) -> None:
    s = sub.add_parser("verify", help="kiểm tra chữ ký số trong một tệp PDF",
                       description="Kiểm tra từng chữ ký số trong tệp PDF (thường là "
                                   "bao_cao_<năm>_da_ky.pdf): người ký, vai trò, thời gian ký, "
                                   "tệp còn nguyên vẹn không, chữ ký có hợp lệ không, chữ ký bao "
                                   "trùm phần nào của văn bản, và có tin cậy không đối với các "
                                   "chứng thư gốc khai báo bằng --trust hoặc [sign] trust trong "
                                   "report_gen.toml.",
                       epilog="Ví dụ: report-gen verify out/bao_cao_2012_da_ky.pdf --trust "
                              "chung_thu_goc.pem")
    s.add_argument("pdf", type=Path, metavar="TỆP_PDF", help="tệp PDF cần kiểm tra")
    s.add_argument("--trust", type=Path, action="append", default=[], metavar="CHỨNG_THƯ_GỐC",
                   help="tệp chứng thư gốc tin cậy (PEM hoặc DER); dùng nhiều lần nếu có nhiều "
                        "tệp; thêm vào các tệp trong [sign] trust")
    s.add_argument("--json", action="store_true",
                   help="in kết quả dạng JSON (cho tệp lệnh, chương trình khác)")


def run(args, settings, console: Console, err: Console) -> int:
    from report_gen.sign.verify import TrustSettings, VerifyError, verify_pdf
    roots = [*TrustSettings.from_settings(settings).roots, *args.trust]
    try:
        result = verify_pdf(args.pdf, roots)
    except VerifyError as exc:
        err.print(f"[red]Không kiểm tra được:[/red] {escape(str(exc))}.")
        return 2
    if args.json:
        console.out(json.dumps(as_json(result), ensure_ascii=False, indent=2), highlight=False)
    else:
        show(result, console)
    return 0 if result.ok else 1


def as_json(result) -> dict:
    """The verification for scripts: stable keys, booleans, ISO times (null: not known)."""
    return {"file": str(result.path), "trust_checked": result.trust_checked, "ok": result.ok,
            "signatures": [{"field": s.field, "role": s.role, "signer": s.signer,
                            "organisation": s.organisation or None, "signed_at": s.signed_at,
                            "intact": s.intact, "valid": s.valid, "coverage": s.coverage,
                            "changes": s.changes, "changes_allowed": s.changes_allowed,
                            "trusted": s.trusted, "ok": s.ok, "problems": s.failures()}
                           for s in result.signatures]}


def show(result, console: Console) -> None:
    """One table per signature, then the verdict."""
    total = len(result.signatures)
    console.print(f"Tệp {escape(str(result.path))}: {total} chữ ký số.")
    for number, sig in enumerate(result.signatures, start=1):
        table = Table(title=f"Chữ ký {number}/{total}", title_justify="left", show_header=False)
        table.add_column("Mục", style="bold")
        table.add_column("Kết quả")
        for label, value in rows(sig):
            table.add_row(label, escape(value))
        console.print(table)
    console.print(verdict(result), markup=False)


def rows(sig) -> list[tuple[str, str]]:
    """The table of one signature: (label, value), in the officer's words."""
    from report_gen.sign.verify import CHANGES_VI, COVERAGE_VI, NO_ROOTS_VI
    if sig.problem:
        return [("Trường chữ ký", sig.field), ("Vai trò", sig.role_vi),
                ("Kết luận", f"KHÔNG ĐẠT: {sig.problem}")]
    scope = COVERAGE_VI[sig.coverage]
    if sig.coverage == "entire_revision":
        scope += "; " + (CHANGES_VI[sig.changes] if sig.changes else
                         "không phân tích được các thay đổi sau đó")
        scope += " (được phép)" if sig.changes_allowed else " (không được phép)"
    if sig.trusted is None:
        trust = NO_ROOTS_VI
    elif sig.trusted:
        trust = "tin cậy"
    else:
        trust = f"không tin cậy ({sig.untrusted_reason})"
    return [("Trường chữ ký", sig.field),
            ("Vai trò", sig.role_vi),
            ("Người ký", sig.signer_vi),
            ("Thời gian ký", sig.signed_at or "không ghi thời gian ký"),
            ("Nguyên vẹn", "nguyên vẹn" if sig.intact else
             "không nguyên vẹn (tệp đã bị sửa sau khi ký)"),
            ("Hợp lệ", "hợp lệ về mật mã" if sig.valid else
             "không hợp lệ về mật mã (chữ ký không khớp với chứng thư số)"),
            ("Phạm vi", scope),
            ("Tin cậy", trust),
            ("Kết luận", "đạt" if sig.ok else f"KHÔNG ĐẠT: {', '.join(sig.failures())}")]


def verdict(result) -> str:
    """The last line (plain text): every signature good, or which are not."""
    total = len(result.signatures)
    if not result.ok:
        bad = [f"chữ ký {n} ({s.role_vi}): {', '.join(s.failures())}"
               for n, s in enumerate(result.signatures, start=1) if not s.ok]
        return "Có chữ ký số không đạt: " + "; ".join(bad) + "."
    every = f"Cả {total} chữ ký số đều" if total > 1 else "Chữ ký số"
    if result.trust_checked:
        return f"{every} nguyên vẹn, hợp lệ và tin cậy."
    return (f"{every} nguyên vẹn và hợp lệ; chưa kiểm tra độ tin cậy: thêm --trust "
            "CHỨNG_THƯ_GỐC.pem hoặc khai báo [sign] trust trong report_gen.toml.")
