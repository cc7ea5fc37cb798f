"""Generate the corpus of labels written in a unit's own words under tests/fixtures/labels/
(checked in, so the tests need neither LibreOffice nor this script).

Each workbook is a unit's own layout without a code column: section headings numbered their
own way (roman numerals, upper case), rows in the unit's words (abbreviations, qualifiers added
or dropped, other word order) in several sections, rows that must stay unmatched (ambiguous,
too short, from another section) and rows of indicators not in force that year. Written with
openpyxl, then saved again by LibreOffice (as units' files are).

Run: .venv/bin/python -m tests.support.make_label_fixtures   (from the repository root; needs
`soffice`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support.paths import FIXTURES
from tests.support.workbooks import write_grid

OUT = FIXTURES / "labels"

HEADER = ["STT", "Nội dung", "ĐVT", "Số liệu năm {year}", "Ghi chú"]

# (file, unit, year, rows): a row is [STT, label, unit of measure, value]
WORKBOOKS = [
    ("tien_yen_2012.xlsx", "Huyện Tiên Yên", 2012, [
        ["I", "XÂY DỰNG MÔ HÌNH TỰ QUẢN VỀ AN NINH, TRẬT TỰ", None, None],
        [1, "Tổng số mô hình tự quản về an ninh trật tự", "mô hình", 12],
        [2, "Mô hình tự quản cấp tỉnh", "mô hình", 0],
        [3, "Mô hình cấp huyện", "mô hình", 2],
        [4, "Mô hình cấp xã, phường, thị trấn", "mô hình", 10],
        [5, "Số mô hình mới xây dựng trong năm", "mô hình", 3],
        [6, "Tổng số", "mô hình", 12],
        ["II", "LỰC LƯỢNG NÒNG CỐT Ở CƠ SỞ", None, None],
        [1, "Số công an viên xã", "người", 120],
        [2, "Tổ hòa giải ở cơ sở", "tổ", 45],
        [3, "Số đội xung kích", "đội", 9],
        ["III", "KẾT QUẢ QUẦN CHÚNG THAM GIA PHÒNG, CHỐNG TỘI PHẠM", None, None],
        [1, "Tin báo, tố giác tội phạm của nhân dân", "tin", 30],
        [2, "Trong đó tin báo có giá trị", "tin", 20],
        [3, "Số súng quần chúng giao nộp", "khẩu", 4],
        [4, "Số viên đạn các loại", "viên", 50],
        [5, "Thuốc nổ thu được", "kg", 2.5],
        ["IV", "XÂY DỰNG PHONG TRÀO ĐẠT TIÊU CHUẨN AN TOÀN VỀ ANTT", None, None],
        [1, "Xã, phường, thị trấn đăng ký An toàn về ANTT", "đơn vị", 10],
        [2, "Xã, phường, thị trấn đạt An toàn về ANTT", "đơn vị", 8],
        [3, "KDC đăng ký", "khu", 100],
        [4, "Khu dân cư đạt An toàn về ANTT", "khu", 90],
        [5, "Cơ quan, doanh nghiệp đăng ký", "đơn vị", 20],
        [6, "CQDN đạt tiêu chuẩn", "đơn vị", 18],
        [7, "Số hộ gia đình đăng ký An toàn", "hộ", 4200],
        [8, "Hộ gia đình đạt An toàn về ANTT", "hộ", 4000],
        [9, "Xã đạt", "đơn vị", 7],
        [10, "Lực lượng công an xã", "người", 5],
        ["V", "PHÂN LOẠI PHONG TRÀO Ở XÃ, PHƯỜNG, THỊ TRẤN", None, None],
        [1, "Xếp loại Khá", "đơn vị", 6],
        [2, "Xếp loại Trung bình", "đơn vị", 3],
        [3, "Xã xếp loại Yếu", "đơn vị", 1],
        [None, "Tổng cộng", None, 10],
    ]),
    ("co_to_2013.xlsx", "Huyện Cô Tô", 2013, [
        ["A", "XÂY DỰNG MÔ HÌNH TỰ QUẢN VỀ ANTT", None, None],
        [1, "Tổng số mô hình tự quản về ANTT", "mô hình", 4],
        ["G", "PHÂN LOẠI PHONG TRÀO Ở XÃ, PHƯỜNG, THỊ TRẤN", None, None],
        [1, "Xã, phường, thị trấn xếp loại Xuất sắc", "đơn vị", 0],
        [2, "Xã xếp loại Xuất sắc", "đơn vị", 2],
        [3, "Xếp loại Khá", "đơn vị", 3],
    ]),
    ("quang_la_2025.xlsx", "Xã Quảng La", 2025, [
        ["I", "XÂY DỰNG MÔ HÌNH TỰ QUẢN VỀ ANTT", None, None],
        [1, "Tổng số mô hình tự quản về ANTT", "mô hình", 5],
        [2, "Mô hình cấp huyện", "mô hình", 2],
        [3, "Mô hình cấp xã, phường, đặc khu", "mô hình", 3],
        ["II", "PHÂN LOẠI PHONG TRÀO", None, None],
        [1, "Số xã xếp loại Xuất sắc", "đơn vị", 1],
    ]),
]


def soffice(files: list[Path], outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "xlsx", "--outdir", str(outdir), *map(str, files)],
                       check=True, capture_output=True, timeout=300)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        made = []
        for name, unit, year, rows in WORKBOOKS:
            top = [[f"Đơn vị: {unit}"], [f"Năm báo cáo: {year}"], []]
            header = [h.format(year=year) for h in HEADER]
            made.append(write_grid(tmp / "openpyxl" / name, top, header,
                                   [r + [None] for r in rows], []))
        soffice(made, tmp / "lo")
        OUT.mkdir(parents=True, exist_ok=True)
        for path in made:
            shutil.copy(tmp / "lo" / path.name, OUT / path.name)


if __name__ == "__main__":
    main()
