"""At national scale the PDF keeps to summaries; per-unit detail goes to the workbook."""

import re

from openpyxl import load_workbook
from pypdf import PdfReader

from benchmarks.generate import generate, write_units
from report_gen.config import load_settings
from report_gen.pipeline import build


def test_many_units_give_a_summary_pdf_and_a_detailed_workbook(tmp_path):
    generate(70, tmp_path / "2012")
    write_units(70, tmp_path / "units.toml")
    (tmp_path / "2012" / "nhan_xet.md").write_text("# Đánh giá chung\n\nTốt.\n", encoding="utf-8")
    (tmp_path / "report_gen.toml").write_text(
        '[data]\nunits = "units.toml"\n[document]\nnumber = "15/BC-BCĐ"\n'
        'signer_name = "Trần Văn Bình"\n', encoding="utf-8")
    settings = load_settings(tmp_path / "report_gen.toml")
    cons, out = build(tmp_path / "2012", 2012, settings, tmp_path / "out")
    assert len(cons.agg.reported_units) == 70 and not cons.is_draft
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(out.pdf).pages))
    assert ("Báo cáo tổng hợp 70 đơn vị: số liệu chi tiết của từng đơn vị xem trong bảng tổng "
            "hợp tong_hop_2012.xlsx kèm theo.") in text
    assert "Đơn vị thử nghiệm số 17" not in text
    models = [m.name for m in cons.agg.models]
    assert "Camera an ninh khu phố Hải Lạng" in models
    assert "Camera an ninh khu phố Hải Lạng" not in text  # the register is summarised
    assert "dưới đây là số mô hình theo lĩnh vực và cấp" in text
    assert len(PdfReader(out.pdf).pages) < 20
    wb = load_workbook(out.xlsx, read_only=True)
    sheet = wb["Phần A"]  # row 1: the section's title, row 2: the header
    names = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "Đơn vị thử nghiệm số 17" in names and len(names) == 71  # 70 units + the total
    assert wb["Danh sách mô hình"].max_row == 1 + 70 * 6
