"""End to end: the 2012 sample, built once, read back from the PDF, the JSON and the workbook."""

import hashlib
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.support.paths import SAMPLES


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _sha256(path) -> str:
    """The file's sha256, computed here from its bytes (not by the code under test)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_json_contract(json_2012):
    d = json_2012
    assert d["year"] == 2012
    assert {k: d["province"][k] for k in ("MH_TONG", "MH_TINH", "MH_HUYEN", "MH_XA")} == {
        "MH_TONG": 91, "MH_TINH": 5, "MH_HUYEN": 25, "MH_XA": 61}
    accepted = [i for i in d["intake"] if i["status"] == "accepted"]
    assert len(accepted) == 15 and d["missing_units"] == []
    assert {i["unit"] for i in accepted} == set(d["units"])
    intake = {i["file"]: i for i in d["intake"]}
    assert [i for i in d["intake"] if i["status"] != "accepted"] == [intake["nhan_xet.md"]]
    assert intake["nhan_xet.md"] == {
        "file": "nhan_xet.md", "sha256": _sha256(SAMPLES / "2012" / "nhan_xet.md"), "unit": None,
        "status": "ignored", "reason": "tệp nhận xét của Ban Chỉ đạo, dùng cho phần đánh giá của báo cáo",
        "problems": []}
    assert intake["co_to_2012.xlsx"] == {
        "file": "co_to_2012.xlsx", "sha256": _sha256(SAMPLES / "2012" / "co_to_2012.xlsx"),
        "unit": "CO_TO", "status": "accepted", "reason": "", "problems": []}
    # a province-level unit does not report communes: null, never 0
    assert d["units"]["TINH"]["NH_XA_TO_CHUC"] is None
    assert d["units"]["TINH"]["MH_TINH"] == 5
    assert sum(d["units"][u]["MH_XA"] for u in d["units"]) == 61
    assert len(d["models"]) == 91
    # ha_long_2012.xlsx, sheet "Danh sách mô hình", row 5: the first model Hạ Long lists
    name = "Quản lý, giáo dục thanh, thiếu niên có nguy cơ làm trái pháp luật"
    assert [m for m in d["models"] if m["name"] == name] == [{
        "unit": "HA_LONG", "name": name, "level": "huyện",
        "field": "Thanh, thiếu niên có nguy cơ vi phạm pháp luật", "commune": None,
        "founded": 2009, "typical": True}]
    assert sum(m["typical"] for m in d["models"]) == 6
    assert d["draft"] is False


def test_pdf_is_a4_fonts_embedded_and_states_the_figures(built_2012):
    pdf = built_2012[1].pdf
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] \
                if "/DescendantFonts" in font else font["/FontDescriptor"]
            assert "/FontFile2" in desc or "/FontFile" in desc or "/FontFile3" in desc
    text = re.sub(r"\s+", " ", _pdf_text(pdf))
    assert "BÁO CÁO" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert ("Toàn tỉnh hiện có 91 mô hình tự quản về ANTT, trong đó 5 mô hình cấp tỉnh, "
            "25 mô hình cấp huyện và 61 mô hình cấp xã, phường, thị trấn.") in text
    assert "Quản lý, giáo dục thanh, thiếu niên có nguy cơ làm trái pháp luật" in text
    assert "Nơi nhận:" in text and "TRƯỞNG BAN" in text
    assert "Phụ lục I" in text and "Phụ lục II" in text
    assert "DỰ THẢO" not in text


def test_workbook_has_sections_register_and_ledger(built_2012):
    wb = load_workbook(built_2012[1].xlsx)
    assert wb.sheetnames[-2:] == ["Danh sách mô hình", "Tiếp nhận tệp"]
    assert wb.sheetnames[0] == "Toàn tỉnh"
    ws = wb["Phần A"]
    header = [c.value for c in ws[2]]
    col = header.index(next(h for h in header if h and h.endswith("[MH_TONG]"))) + 1
    total_row = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == "TINH_TONG")
    assert ws.cell(row=total_row, column=col).value == 91
    assert wb["Danh sách mô hình"].max_row == 92


def test_missing_unit_makes_a_visible_draft(tmp_path, settings):
    from report_gen.pipeline import build
    from tests.support.samples import copy_sample

    folder = copy_sample(2012, tmp_path / "in", without=("co_to_2012.xlsx",))
    cons, out = build(folder, 2012, settings, tmp_path / "out")
    assert cons.is_draft and cons.agg.missing_units == ["CO_TO"]
    text = re.sub(r"\s+", " ", _pdf_text(out.pdf))
    assert "DỰ THẢO" in text
    assert "Đơn vị chưa gửi báo cáo (1): Huyện Cô Tô." in text
    assert ("Đã có 14/15 đơn vị gửi báo cáo số liệu năm 2012 (93,3 %); còn 1 đơn vị chưa "
            "gửi: huyện Cô Tô.") in text
