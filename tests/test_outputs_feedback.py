"""The feedback pages to units and the overview, written by `report-gen check --feedback`."""

from __future__ import annotations

from tests.support.paths import MESSY


def test_check_writes_feedback_and_overview(tmp_path, capsys):
    from report_gen.cli import main
    code = main(["check", str(MESSY / "cases"), "--year", "2012", "--feedback", str(tmp_path)])
    assert code == 1
    out = capsys.readouterr().out
    # Đầm Hà, Hải Hà and Cô Tô sent only files that were rejected: "rejected", not "with errors"
    assert "Tổng quan:" in out and ("1 đơn vị đạt, 5 đơn vị có lỗi, 6 đơn vị chưa gửi, "
                                    "3 đơn vị có tệp bị từ chối;") in " ".join(out.split())
    assert "ô D19" in out and "loi_o_ha_long.xlsx" in out
    files = sorted(p.name for p in tmp_path.iterdir())
    assert "tong_quan_2012.html" in files
    assert "phan_hoi_HA_LONG_2012.html" in files and "phan_hoi_DAM_HA_2012.html" in files
    page = (tmp_path / "phan_hoi_HA_LONG_2012.html").read_text(encoding="utf-8")
    assert "Kính gửi: Thành phố Hạ Long." in page
    assert "<td>D30</td><td>Đạn các loại</td><td>nhiều</td>" in page
    assert "số nguyên không âm (cái), hoặc để trống nếu không có số liệu" in page
    overview = (tmp_path / "tong_quan_2012.html").read_text(encoding="utf-8")
    assert "Chưa gửi: 6 đơn vị" in overview and "hoa_lu.xlsx" in overview


def test_feedback_escapes_submission_text(settings, tmp_path):
    from report_gen.model import FileResult
    from report_gen.problems import problem
    from report_gen.outputs.feedback import UnitState, unit_page
    r = FileResult(file="<b>x</b>.xlsx", status="accepted", unit="HA_LONG")
    r.problems.append(problem("value-not-number", sheet="<i>S</i>", cell="D9",
                              value="<script>alert(1)</script>"))
    page = unit_page(UnitState("HA_LONG", "Hạ Long <&>", "errors", [r]), 2012)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>x</b>" not in page and "Hạ Long &lt;&amp;&gt;" in page


def test_a_second_check_leaves_unchanged_pages_alone_and_rewrites_changed_ones(tmp_path):
    """Officers re-run check while chasing corrections: a unit's page that says the same is
    not rewritten (its time stays that of the check that first wrote it); one whose text
    changed is."""
    import os

    from report_gen.cli import main
    main(["check", str(MESSY / "cases"), "--year", "2012", "--feedback", str(tmp_path)])
    ha_long = tmp_path / "phan_hoi_HA_LONG_2012.html"
    dam_ha = tmp_path / "phan_hoi_DAM_HA_2012.html"
    for page in (ha_long, dam_ha):
        os.utime(page, ns=(1_000_000_000, 1_000_000_000))
    dam_ha.write_bytes(dam_ha.read_bytes() + b"<!-- edited -->")
    os.utime(dam_ha, ns=(1_000_000_000, 1_000_000_000))
    main(["check", str(MESSY / "cases"), "--year", "2012", "--feedback", str(tmp_path)])
    assert ha_long.stat().st_mtime_ns == 1_000_000_000
    assert dam_ha.stat().st_mtime_ns != 1_000_000_000
    assert not dam_ha.read_bytes().endswith(b"<!-- edited -->")
