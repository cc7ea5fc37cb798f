"""Finding indicators by their labels, as people retype them."""

from __future__ import annotations


def test_labels_matched_tolerantly(settings):
    from report_gen.intake.locate import LabelMatcher
    m = LabelMatcher(settings.catalogue.for_year(2012))
    for text, code in [("TONG SO MO HINH TU QUAN VE ANTT", "MH_TONG"),
                       ("Trongđó: tin có giá trị", "KQ_TIN_GIA_TRI"),
                       ("  trong do:  hoa giai thanh ", "KQ_HOA_GIAI_THANH"),
                       ("Công an xã (người)", "LL_CONG_AN_XA"),
                       ("Bảo vệ dân phô", "LL_BAO_VE_DAN_PHO")]:
        assert m.by_label(text)[0].code == code, text
    assert m.by_label("Hộ gia đình")[0] is None
    assert len(m.by_label("Hộ gia đình")[1]) == 3
