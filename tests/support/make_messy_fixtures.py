"""Generate the messy-submission corpus under tests/fixtures/messy/ (checked in, so the tests
need neither LibreOffice nor this script):

  folder/  every 2012 unit once, each in its own kind of mess (layout, labels, text numbers,
           formulas with and without results, .xls/.ods/.xlsm, TCVN3, VNI, an older version,
           ignored files). Read, it must give exactly the figures of clean/.
  clean/   the same figures on the official form.
  cases/   one file per problem to report (error cells in .xlsx/.xls/.ods, bad values, bad
           formulas, unknown unit, empty form, corrupt, password, rule failures...).

Run: .venv/bin/python -m tests.support.make_messy_fixtures   (from the repository root; needs
`soffice` and msoffcrypto-tool)
.xls, .ods, .xlsm and cached formula results are made by LibreOffice headless."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from report_gen.intake.legacy import encode_tcvn3, encode_vni
from report_gen.intake.submission import IntakeContext, read_submission
from report_gen.outputs.form import write_form
from report_gen.reference.catalogue import load_catalogue
from report_gen.reference.units import load_units
from tests.support.paths import MESSY as OUT
from tests.support.paths import SAMPLES
from tests.support.workbooks import write_filled_form, write_grid

YEAR = 2012
CAT = load_catalogue()
UNITS = load_units()
INDICATORS = CAT.for_year(YEAR)
LABEL = {i.code: i.label for i in INDICATORS}
DVT = {i.code: i.unit for i in INDICATORS}

# Figures that exercise number parsing (kept in both folder/ and clean/).
SPECIAL = {"TIEN_YEN": {"TT_LUOT_NGUOI": 12345, "KQ_THUOC_NO": 12.5},
           "CAM_PHA": {"TT_LUOT_NGUOI": 4321, "KP_XA_HOI_HOA": 1234.5}}
# Rows deleted by a unit: not reported (blank), not zero.
DELETED = {"BA_CHE": ["KQ_KIP_NO", "KQ_CONG_CU_HO_TRO", "KT_TAP_THE"]}


def base_data() -> dict[str, dict]:
    """The 2012 sample figures and model registers, per unit."""
    ctx = IntakeContext(year=YEAR, catalogue=CAT, units=UNITS)
    data = {}
    for path in sorted((SAMPLES / "2012").glob("*.xlsx")):
        r = read_submission(path, path.name, ctx)
        values = dict(r.values)
        values.update(SPECIAL.get(r.unit, {}))
        for code in DELETED.get(r.unit, []):
            values[code] = None
        data[r.unit] = {"values": values, "models": [m.to_dict() for m in r.models]}
    return data


# ---------------------------------------------------------------- helpers

def soffice(files: list[Path], fmt: str, outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)],
                       check=True, capture_output=True, timeout=300)


def fill_clean(path: Path, unit_code: str, values: dict, models: list[dict],
               date: dt.date | None = dt.date(2012, 8, 1)) -> None:
    """The official form, filled in as the instructions say (clean/ was made without the
    register's STT numbers: kept so, for a regeneration to give the same files)."""
    write_filled_form(path, UNITS.get(unit_code), YEAR, CAT, UNITS.province, values, models, date,
                      numbered=False)


def vn_number(x: float | int) -> str:
    """12345 -> "12.345"; 12.5 -> "12,5"."""
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    whole, frac = f"{x}".split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def retype(label: str, i: int) -> str:
    """How people retype a label: no diacritics, lower case, NFD, a typo, a prefix."""
    kind = i % 5
    if kind == 0:
        s = unicodedata.normalize("NFD", label).encode("ascii", "ignore").decode()
        return s.replace("Đ", "D").replace("đ", "d").lower()
    if kind == 1:
        return unicodedata.normalize("NFD", label.upper())
    if kind == 2:
        return "  " + label.replace("Trong đó: ", "trong đó:  ") + " "
    if kind == 3 and len(label) > 12:
        return label[:5] + label[6:]  # one letter dropped
    return label


def sections_rows(make_row, codes: list[str], with_headings: bool = True,
                  subtotals: bool = False) -> list[list]:
    rows = []
    for sec in CAT.sections:
        in_sec = [c for c in codes if CAT.get(c).section == sec.code]
        if not in_sec:
            continue
        if with_headings:
            rows.append(make_row(None, f"{sec.code}. {sec.title.upper()}", None))
        for c in in_sec:
            rows.append(make_row(c, LABEL[c], None))
        if subtotals:
            rows.append(make_row(None, f"Cộng mục {sec.code}", "SUBTOTAL"))
        rows.append([])
    return rows


# ---------------------------------------------------------------- folder/ variants

def v_layout(d: Path, unit: str, data: dict) -> Path:
    """Header on row 9 under merged titles, rows re-ordered, headings, blank and sub-total
    rows, plan and notes columns, value column "Kết quả thực hiện"."""
    vals = data["values"]
    codes = [c for c in LABEL]
    random.Random(1).shuffle(codes)

    def row(code, label, special):
        if special == "SUBTOTAL":
            return ["", "", label, "", "", 999, ""]
        if code is None:
            return ["", "", label, "", "", "", ""]
        v = vals.get(code)
        return ["", code, label, DVT[code], "", "" if v is None else v,
                "số liệu ước tính" if code == "TT_BUOI" else ""]
    top = [["CÔNG AN THÀNH PHỐ HẠ LONG"], [], ["BÁO CÁO KẾT QUẢ PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ"],
           ["Năm 2012"], [], ["Đơn vị: Thành phố Hạ Long", "", "", "", "Ngày báo cáo:",
                               dt.date(2012, 8, 2)], [], []]
    header = ["TT", "Mã chỉ tiêu", "Nội dung chỉ tiêu", "ĐVT", "Kế hoạch năm 2012",
              "Kết quả thực hiện", "Ghi chú"]
    rows = sections_rows(row, codes, subtotals=True)
    return write_grid(d / "HaLong_baocao.xlsx", top, header, rows, data["models"],
                      merges=("A1:G1", "A3:G3", "A4:G4"))


def label_rows(vals: dict, codes: list[str], value_of=lambda c, v: v) -> list[list]:
    rows = [["I", "XÂY DỰNG PHONG TRÀO", ""]]
    for i, c in enumerate(codes):
        v = vals.get(c)
        rows.append([i + 1, retype(LABEL[c], i), "" if v is None else value_of(c, v)])
    return rows


def v_labels(d: Path, unit: str, data: dict) -> Path:
    """No code column: labels retyped; value column "Số liệu"; NFD text."""
    top = [[unicodedata.normalize("NFD", "Đơn vị: TP Móng Cái")], ["Ngày báo cáo: 03/08/2012"]]
    rows = label_rows(data["values"], list(LABEL))
    return write_grid(d / "dot 2" / "mong cai.xlsx", top, ["STT", "Chỉ tiêu", "Số liệu"],
                      rows, data["models"])


def v_text_numbers(d: Path, unit: str, data: dict) -> Path:
    """Numbers typed as text (1.234 / 12,5 / "15 mô hình") and a SUM formula whose result
    LibreOffice stores."""
    vals = data["values"]
    codes = list(LABEL)
    rows = []
    first = 5  # header on row 4 -> data from row 5
    for i, c in enumerate(codes):
        v = vals.get(c)
        if v is None:
            cell = ""
        elif c == "MH_TONG":
            cell = f"=SUM(D{first + 1}:D{first + 3})"
        elif c == "MH_MOI":
            cell = f"{v} mô hình"
        elif isinstance(v, float) or v >= 1000:
            cell = vn_number(v)
        else:
            cell = v
        rows.append([c, LABEL[c], DVT[c], cell])
    top = [["Đơn vị:", "Thành phố Cẩm Phả"], ["Ngày báo cáo:", "04/08/2012"], []]
    return write_grid(d / "cam_pha_src.xlsx", top, ["Mã", "Chỉ tiêu", "Đơn vị tính", "Năm 2012"],
                      rows, data["models"])


def v_uncached(d: Path, unit: str, data: dict) -> Path:
    """Formulas saved without results (as some tools write them): evaluated by the intake."""
    vals = data["values"]
    codes = list(LABEL)
    first = 3
    row_of = {c: first + i for i, c in enumerate(codes)}
    rows = []
    for c in codes:
        v = vals.get(c)
        if v is None:
            cell = ""
        elif c == "MH_TONG":
            cell = f"=SUM(C{row_of['MH_TINH']}:C{row_of['MH_XA']})"
        elif c == "TT_LUOT_NGUOI" and isinstance(v, int):
            b = v // 4
            cell = f"={v - 2 * b}+{b}*2"
        elif c == "LL_TAP_HUAN" and isinstance(v, int):
            r = row_of["LL_CONG_AN_XA"]
            cell = f"=(C{r}+{v})-C{r}"
        else:
            cell = v
        rows.append([c, LABEL[c], cell])
    top = [["Đơn vị: Thành phố Uông Bí"]]
    return write_grid(d / "uong_bi.xlsx", top, ["Mã chỉ tiêu", "Chỉ tiêu", "Thực hiện"], rows,
                      data["models"])


def v_issuer_xls(d: Path, unit: str, data: dict) -> Path:
    """Unit only in the issuer title; file name says nothing; becomes .xls."""
    vals = data["values"]
    rows = [[i + 1, c, LABEL[c], "" if vals.get(c) is None else vals[c]]
            for i, c in enumerate(LABEL)]
    top = [["CÔNG AN THỊ XÃ QUẢNG YÊN", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], [],
           ["BIỂU THỐNG KÊ"]]
    return write_grid(d / "bao cao 19-8 (sua lan 2).xlsx", top,
                      ["STT", "Mã chỉ tiêu", "Chỉ tiêu", "Năm 2012"], rows, data["models"])


def v_ods(d: Path, unit: str, data: dict) -> Path:
    vals = data["values"]
    rows = [[c, "", LABEL[c], "" if vals.get(c) is None else vals[c]] for c in LABEL]
    top = [["Đơn vị: Huyen Dong Trieu"]]
    return write_grid(d / "dong_trieu.xlsx", top, ["Mã chỉ tiêu", "", "Chỉ tiêu", "Thực hiện"],
                      rows, data["models"])


def v_xlsm(d: Path, unit: str, data: dict) -> Path:
    vals = data["values"]
    rows = [[c, LABEL[c], "" if vals.get(c) is None else str(vals[c]).replace(".", ",")]
            for c in LABEL]
    return write_grid(d / "hoanh_bo.xlsx", [["Đơn vị: Huyện Hoành Bồ"]],
                      ["Mã chỉ tiêu", "Chỉ tiêu", "Năm 2012"], rows, data["models"])


def v_tcvn3(d: Path, unit: str, data: dict) -> Path:
    """.VnTime text (labels, header) and the all-caps title in .VnTimeH; no code column."""
    vals = data["values"]
    rows = [[i + 1, LABEL[c], DVT[c], "" if vals.get(c) is None else vals[c]]
            for i, c in enumerate(LABEL)]
    top = [["CÔNG AN HUYỆN VÂN ĐỒN"], ["Đơn vị: Huyện Vân Đồn"]]
    return write_grid(d / "van don.xlsx", top, ["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2012"],
                      rows, data["models"], enc=encode_tcvn3)


def v_vni(d: Path, unit: str, data: dict) -> Path:
    vals = data["values"]
    rows = [[LABEL[c], "" if vals.get(c) is None else vals[c]] for c in LABEL]
    top = [["Đơn vị: Công an huyện Tiên Yên"]]
    return write_grid(d / "Tien Yen - bao cao 19-8 (sua lan 2).xlsx", top,
                      ["Nội dung", "Kết quả thực hiện"], rows, data["models"], enc=encode_vni)


def v_deleted(d: Path, unit: str, data: dict) -> Path:
    vals = data["values"]
    rows = [[c, LABEL[c], vals[c]] for c in LABEL if c not in DELETED[unit]]
    return write_grid(d / "ba che.xlsx", [["Đơn vị: CA huyện Ba Chẻ"]],
                      ["Mã chỉ tiêu", "Chỉ tiêu", "Năm 2012"],
                      [[a, b, "" if v is None else v] for a, b, v in rows], data["models"])


VARIANTS = {"HA_LONG": v_layout, "MONG_CAI": v_labels, "CAM_PHA": v_text_numbers,
            "UONG_BI": v_uncached, "QUANG_YEN": v_issuer_xls, "DONG_TRIEU": v_ods,
            "HOANH_BO": v_xlsm, "VAN_DON": v_tcvn3, "TIEN_YEN": v_vni, "BA_CHE": v_deleted}


def make_folder(data: dict) -> None:
    folder = OUT / "folder"
    tmp = Path(tempfile.mkdtemp())
    for unit, fn in VARIANTS.items():
        src = fn(tmp, unit, data[unit])
        target = folder / src.relative_to(tmp)
        target.parent.mkdir(parents=True, exist_ok=True)
        if unit == "CAM_PHA":  # LibreOffice computes and stores the formula's result
            soffice([src], "xlsx", tmp / "lo")
            shutil.copy(tmp / "lo" / src.name, folder / "cam_pha.xlsx")
        elif unit in ("QUANG_YEN", "VAN_DON"):
            soffice([src], "xls", target.parent)
        elif unit == "DONG_TRIEU":
            soffice([src], "ods", target.parent)
        elif unit == "HOANH_BO":
            soffice([src], "xlsm:Calc MS Excel 2007 VBA XML", target.parent)
        else:
            shutil.copy(src, target)
    for unit in ("BINH_LIEU", "DAM_HA", "HAI_HA", "CO_TO", "TINH"):
        fill_clean(folder / f"{unit.lower()}_2012.xlsx", unit, data[unit]["values"],
                   data[unit]["models"], dt.date(2012, 8, 5))
    # an older version of BINH_LIEU, with other figures, superseded by its report date
    old = {k: (v + 7 if isinstance(v, int) else v) for k, v in data["BINH_LIEU"]["values"].items()}
    fill_clean(folder / "cu" / "binh_lieu_ban_dau.xlsx", "BINH_LIEU", old,
               data["BINH_LIEU"]["models"], dt.date(2012, 7, 20))
    (folder / "cong_van_gui_kem.docx").write_bytes(b"PK\x03\x04 not really a document")
    (folder / "anh_chup_bieu.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really an image")
    (folder / "~$HaLong_baocao.xlsx").write_bytes(b"lock")
    shutil.rmtree(tmp)


def make_clean(data: dict) -> None:
    for unit, d in data.items():
        fill_clean(OUT / "clean" / f"{unit.lower()}_2012.xlsx", unit, d["values"], d["models"])


# ---------------------------------------------------------------- cases/

def bad_values_file(path: Path, unit_text: str, data: dict) -> Path:
    """Known problems at known cells (sheet "Số liệu", header row 3, values in column D)."""
    vals = dict(data["values"])
    bad = {"TT_BUOI": "=1/0", "TT_TIN_BAI": "=#REF!+1", "KQ_SUNG": -5, "KQ_DAN": "nhiều",
           "KQ_KIP_NO": "2,5", "KQ_CONG_CU_HO_TRO": 5e9, "MH_MOI": "1 tổ"}
    rows = []
    for c in LABEL:
        v = bad.get(c, vals.get(c))
        rows.append([c, LABEL[c], DVT[c], "" if v is None else v,
                     "xem lại" if c == "MH_HIEU_QUA" else ""])
    rows.append(["", "Số camera an ninh được lắp đặt", "cái", 12, ""])
    rows.append(["", "Hộ gia đình", "hộ", 40, ""])
    rows.append(["", "Tổng cộng", "", 9999, ""])
    rows.append(["MH_TONG", LABEL["MH_TONG"], "mô hình", 3, ""])
    return write_grid(path, [[f"Đơn vị: {unit_text}"], []],
                      ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Năm 2012", ""], rows,
                      data["models"])


def make_cases(data: dict) -> None:
    cases = OUT / "cases"
    tmp = Path(tempfile.mkdtemp())
    srcs = {"HA_LONG": "loi_o_ha_long", "MONG_CAI": "loi_o_mong_cai",
            "CAM_PHA": "loi_o_cam_pha"}
    for unit, stem in srcs.items():
        bad_values_file(tmp / f"{stem}.xlsx", UNITS.get(unit).name, data[unit])
    soffice([tmp / "loi_o_ha_long.xlsx"], "xlsx", cases)
    soffice([tmp / "loi_o_mong_cai.xlsx"], "xls", cases)
    soffice([tmp / "loi_o_cam_pha.xlsx"], "ods", cases)
    # uncached formulas that cannot be evaluated, and ones that can
    vals = data["UONG_BI"]["values"]
    rows = [[c, LABEL[c], "" if vals.get(c) is None else vals[c]] for c in LABEL]
    codes = list(LABEL)
    rows[codes.index("TT_BUOI")][2] = "=VLOOKUP(1,A1:B2,2,0)"
    rows[codes.index("TT_TIN_BAI")][2] = "='Danh sách mô hình'!F5"
    rows[codes.index("KQ_DAN")][2] = "=C3/0"
    rows[codes.index("KQ_SUNG")][2] = "=SUM(C3:C5)-C3"
    write_grid(cases / "cong_thuc_uong_bi.xlsx", [["Đơn vị: Thành phố Uông Bí"]],
               ["Mã chỉ tiêu", "Chỉ tiêu", "Năm 2012"], rows, data["UONG_BI"]["models"])
    # unknown unit; unit conflict between sheet and file name
    d = data["TIEN_YEN"]
    write_grid(cases / "hoa_lu.xlsx", [["Đơn vị: Huyện Hoa Lư"]], ["Mã chỉ tiêu", "Năm 2012"],
               [[c, v] for c, v in d["values"].items() if v is not None], [])
    write_grid(cases / "mong_cai_bao_cao.xlsx", [["Đơn vị: Huyện Tiên Yên"]],
               ["Mã chỉ tiêu", "Năm 2012"],
               [[c, "" if v is None else v] for c, v in d["values"].items()], d["models"])
    # the blank form sent back
    write_form(cases / "bieu_mau_co_to.xlsx", UNITS.get("CO_TO"), YEAR, CAT, UNITS.province)
    # corrupt: a workbook cut in half
    fill_clean(tmp / "hai_ha.xlsx", "HAI_HA", data["HAI_HA"]["values"], [])
    raw = (tmp / "hai_ha.xlsx").read_bytes()
    (cases / "hai_ha_hong.xlsx").write_bytes(raw[: len(raw) // 2])
    # password-protected (real ECMA-376 agile encryption)
    import msoffcrypto.format.ooxml as ooxml
    fill_clean(tmp / "dam_ha.xlsx", "DAM_HA", data["DAM_HA"]["values"], [])
    with open(tmp / "dam_ha.xlsx", "rb") as fh, open(cases / "dam_ha_mat_khau.xlsx", "wb") as out:
        ooxml.OOXMLFile(fh).encrypt("123456", out)
    # rule failures and the blank policy (QUANG_YEN): MH_TONG != sum, MH_MOI blank (skip),
    # PL_YEU blank (counts as 0), register one "xã" model short of MH_XA
    v = dict(data["QUANG_YEN"]["values"])
    v["MH_TONG"] = v["MH_TONG"] + 2
    v["MH_MOI"] = None
    v["PL_YEU"] = None
    models = list(data["QUANG_YEN"]["models"])
    drop = next(i for i, m in enumerate(models) if m["level"] == "xã")
    models.pop(drop)
    fill_clean(cases / "quang_yen_sai.xlsx", "QUANG_YEN", v, models)
    (cases / "~$quang_yen_sai.xlsx").write_bytes(b"lock")
    (cases / "anh.png").write_bytes(b"\x89PNG not an image")
    shutil.rmtree(tmp)


def main() -> None:
    data = base_data()
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    make_clean(data)
    make_folder(data)
    make_cases(data)
    print(f"wrote {sum(1 for p in OUT.rglob('*') if p.is_file())} files under {OUT}")


if __name__ == "__main__":
    main()
