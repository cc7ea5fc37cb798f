"""Generate the answer corpus under tests/fixtures/answers/ (checked in, so the tests need
neither LibreOffice nor this script): the 2025 form of two commune-level units (answers "Có" /
"Không" and a grade instead of the counts they feed), every value cell filled, saved by
LibreOffice as .xlsx, .ods and .xls.

  xlsx/  ha_tu_2025.xlsx, quang_tan_2025.xlsx   the forms saved by LibreOffice as .xlsx
  ods/   the same as .ods
  xls/   the same as .xls (Excel 97-2003)

Each form is written by report_gen.outputs.form.write_form, filled with openpyxl (numbers as
numbers, answers as the text a unit picks from the cell's drop-down list) and then opened and
saved by LibreOffice headless (`soffice --convert-to`), so every file is one LibreOffice wrote.

Run from the repository root (needs `soffice`: apt-get install libreoffice-calc-nogui):

  PYTHONPATH=$PWD .venv/bin/python -m tests.support.make_answer_fixtures
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from report_gen.reference.catalogue import load_catalogue
from report_gen.reference.units import UnitList, load_units
from tests.support.paths import FIXTURES
from tests.support.workbooks import write_filled_form

OUT = FIXTURES / "answers"
YEAR = 2025
FORMATS = ("xlsx", "ods", "xls")

# Two commune-level units of the 2025 map and the province level (the shipped reference day,
# 19 August, falls after their start on 1/7/2025).
UNITS_TOML = """
province = "Quảng Ninh"
version = "test-answers"
name_prefixes = ["Phường", "P.", "Xã", "X.", "Đặc khu", "ĐK"]

[levels.province]
name = "cấp tỉnh"
unit_word = "cơ quan cấp tỉnh"

[levels.commune]
name = "cấp xã, phường, đặc khu"
unit_word = "đơn vị cấp xã, phường, đặc khu"

[[units]]
code = "P_HA_TU"
name = "Phường Hà Tu"
short = "Hà Tu"
level = "commune"
communes = 1
valid_from = 2025-07-01

[[units]]
code = "X_QUANG_TAN"
name = "Xã Quảng Tân"
short = "Quảng Tân"
level = "commune"
communes = 1
valid_from = 2025-07-01

[[units]]
code = "TINH"
name = "Cấp tỉnh"
level = "province"
valid_from = 1945-01-01
"""

# The numbers both units report (consistent with the 2025 rules of a commune-level unit).
NUMBERS = {
    "MH_TONG": 2, "MH_TINH": 0, "MH_XA": 2, "MH_MOI": 1, "MH_HIEU_QUA": 2,
    "LL_CONG_AN_XA": 9, "LL_BAO_VE_DAN_PHO": 24, "LL_BAO_VE_CQDN": 6, "LL_TRAT_TU_VIEN": 0,
    "LL_TO_LIEN_GIA": 41, "LL_TO_HOA_GIAI": 8, "LL_TO_AN_NINH": 12, "LL_DOI_XUNG_KICH": 3,
    "LL_TAP_HUAN": 57, "TT_BUOI": 18, "TT_LUOT_NGUOI": 1250, "TT_TIN_BAI": 14,
    "TT_HO_CAM_KET": 2310, "NH_DIEM": 1, "NH_LUOT_NGUOI": 640, "KQ_TIN_BAO": 11,
    "KQ_TIN_GIA_TRI": 7, "KQ_VU_PHAT_HIEN": 5, "KQ_SUNG": 1, "KQ_DAN": 12, "KQ_THUOC_NO": 0.5,
    "KQ_KIP_NO": 3, "KQ_CONG_CU_HO_TRO": 2, "KQ_HOA_GIAI": 9, "KQ_HOA_GIAI_THANH": 8,
    "KQ_CAM_HOA": 4, "AT_KDC_DANG_KY": 12, "AT_KDC_DAT": 11, "AT_CQDN_DANG_KY": 6,
    "AT_CQDN_DAT": 6, "AT_HO_DANG_KY": 3400, "AT_HO_DAT": 3320, "KT_TAP_THE": 2,
    "KT_CA_NHAN": 5, "KP_XA_HOI_HOA": 85.5,
}
# What each unit answers about itself, as picked from the drop-down lists.
ANSWERS = {
    "P_HA_TU": {"NH_CO_TO_CHUC": "Có", "AT_CO_DANG_KY": "Có", "AT_CO_DAT": "Có",
                "PL_XEP_LOAI": "Khá"},
    "X_QUANG_TAN": {"NH_CO_TO_CHUC": "Không", "AT_CO_DANG_KY": "Có", "AT_CO_DAT": "Không",
                    "PL_XEP_LOAI": "Trung bình"},
}
STEMS = {"P_HA_TU": "ha_tu_2025", "X_QUANG_TAN": "quang_tan_2025"}
MODELS = [
    dict(name="Khu phố 3 tự quản về an ninh, trật tự", level="xã", field="Khu dân cư",
         commune="Hà Tu", founded=2021, typical=True),
    dict(name="Tổ tự quản bến thuyền Hà Tu", level="xã", field="Khác", commune="Hà Tu",
         founded=2024, typical=False),
]
REPORT_DATE = dt.date(2025, 11, 20)


def units(folder: Path) -> UnitList:
    """The test unit list, written to `folder` and loaded."""
    path = folder / "units_answers.toml"
    path.write_text(UNITS_TOML, encoding="utf-8")
    return load_units(path)


def soffice(files: list[Path], fmt: str, outdir: Path) -> None:
    """Open `files` in LibreOffice headless and save them as `fmt` into `outdir`."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)],
                       check=True, capture_output=True, timeout=300)


def main() -> None:
    catalogue = load_catalogue()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        unit_list = units(work)
        filled = []
        for code, answers in ANSWERS.items():
            path = work / "filled" / f"{STEMS[code]}.xlsx"
            path.parent.mkdir(parents=True, exist_ok=True)
            write_filled_form(path, unit_list.get(code), YEAR, catalogue, unit_list.province,
                              {**NUMBERS, **answers}, MODELS, REPORT_DATE, numbered=True)
            filled.append(path)
        for fmt in FORMATS:
            target = OUT / fmt
            shutil.rmtree(target, ignore_errors=True)
            soffice(filled, fmt, target)
    for path in sorted(OUT.rglob("*.*")):
        print(path.relative_to(OUT), path.stat().st_size)


if __name__ == "__main__":
    main()
