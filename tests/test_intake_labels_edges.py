"""Labels in a unit's own words at their edges (issue 18, mutation testing): the words of a
label (homographs, numbering, abbreviations longest first), the contrast words, and the
thresholds of LabelReader pinned exactly at their boundaries (coverage 0.6, precision 0.5, a lead
of exactly MARGIN, the heading F1s 0.5 / 0.6 / 0.8 and the 8 upper-case letters of a heading).
The readers below are built from small sections written for each case; every expected value is
typed by hand (the F1 of a candidate is 2·|label ∩ core| / (|label| + |core|))."""

from __future__ import annotations

import pytest

from report_gen.intake.labels import (NOT_HEADING, LabelMatch, LabelReader, Reading,
                                      contrast_values, read_vocabulary, words)
from report_gen.intake.locate import match_catalogue
from report_gen.reference.catalogue import Indicator, Section


def _ind(code: str, section: str, label: str, kind: str = "int") -> Indicator:
    return Indicator(code=code, section=section, label=label, unit="", kind=kind)


# ---------------------------------------------------------------- the words of a label

@pytest.mark.parametrize("label, expected", [
    # homographs: written with their own diacritics they are not a contrast word ("đặt" is not
    # "đạt", "đất" is not "đạt", "đẳng" is not "đăng"), in lower or upper case
    ("Số camera được lắp đặt", ("camera", "lap", "datt")),
    ("LẮP ĐẶT", ("lap", "datt")),
    ("Diện tích đất", ("dien", "tich", "datd")),
    ("Bình đẳng giới", ("binh", "dangg", "gioi")),
    ("Xã đạt", ("xa", "dat")),
    # numbering before a label: digits, a to h, roman numerals, several of them
    ("1. Xã", ("xa",)),
    ("12) Súng", ("sung",)),
    ("II. 3. Hộ gia đình", ("ho", "gia", "dinh")),
    ("a) Súng", ("sung",)),
    ("h. Súng", ("sung",)),
    ("iv) Súng", ("sung",)),
    ("k. Súng", ("k", "sung")),  # k is no numbering
    # ... but never the last word: a label that is only numbering keeps it
    ("1", ("1",)),
    ("1. 2", ("2",)),
    # abbreviations expanded, qualifiers dropped
    ("1. Trong đó: số KDC đạt tiêu chuẩn", ("khu", "dan", "cu", "dat")),
    ("Tin báo của nhân dân", ("tin", "bao")),
    ("Nhân dân giao nộp", ("quan", "chung", "giao", "nop")),
])
def test_words(label, expected):
    assert words(label) == expected


def test_vocabulary_from_its_text_longest_phrases_first():
    voc = read_vocabulary(
        'stop_phrases = ["so", "so luong"]\n'
        'contrasts = [["dang ky", "dat"], ["xa"]]\n'
        '[homographs]\n"Đặt" = "datt"\n'
        '[abbreviations]\nnhan = "con nguoi"\nnhan_dan = "quan chung"\n')
    assert voc.abbreviations == ((("nhan", "dan"), ("quan", "chung")),
                                 (("nhan",), ("con", "nguoi")))
    assert voc.stop == (("so", "luong"), ("so",))
    assert voc.contrasts == ((("dang", "ky"), ("dat",)), (("xa",),))
    assert voc.homograph_of == {"đặt": "datt"}
    assert voc.homographs.sub("#", "lắp đặt, đặtđặt") == "lắp #, đặtđặt"


def test_empty_vocabulary_has_no_homographs():
    voc = read_vocabulary("")
    assert (voc.abbreviations, voc.stop, voc.contrasts, voc.homographs, voc.homograph_of) == (
        (), (), (), None, {})


def test_contrast_words_are_used_once():
    # "dân" of "khu dân cư" is not "đạn" (the group of arms), even when said twice
    khu_dan_cu = (None, None, ("khu", "dan", "cu"), None, None, None, None, None)
    assert contrast_values(("khu", "dan", "cu")) == khu_dan_cu
    assert contrast_values(("khu", "dan", "cu", "khu", "dan", "cu")) == khu_dan_cu
    assert contrast_values(("dan", "khu", "dan", "cu")) == (
        None, None, ("khu", "dan", "cu"), None, ("dan",), None, None, None)
    # "xã" of "cấp xã" is a level, not who
    assert contrast_values(("mo", "hinh", "cap", "xa")) == (
        ("cap", "xa"), None, None, None, None, None, None, None)


# ---------------------------------------------------------------- reading a label

CAMERA = _ind("CAMERA", "K", "Camera giám sát đường phố")        # 5 words
CAMERA_GATE = _ind("CAMERA_GATE", "K", "Camera giám sát cổng")    # 4 words
SPEAKER = _ind("SPEAKER", "K", "Loa phát thanh")


def test_margin_read_with_a_lead_of_at_least_015():
    reader = LabelReader([CAMERA, CAMERA_GATE, SPEAKER])
    # the label is CAMERA's: F1 1.0 against CAMERA_GATE's 6/9
    assert reader.read("Camera giám sát đường phố", "K") == Reading(CAMERA)
    # F1 8/10 = 0.8 (all of it CAMERA's but one word) against 6/9 = 0.667: a lead of 0.133
    assert reader.read("Camera giám sát đường loa", "K") == Reading(None, (CAMERA, CAMERA_GATE))


def test_margin_exactly_015_is_enough():
    # 19 words, ten known to the section: precision 10/19; WIDE's coverage exactly 3/5 = 0.6;
    # F1 6/24 = 0.25 against LOUD's 2/20 = 0.10: a lead of exactly 0.15
    wide = _ind("WIDE", "M", "Camera giám sát đường phố (đèn chiếu sáng, ngõ hẻm, cầu cống)")
    loud = _ind("LOUD", "M", "Loa")
    reader = LabelReader([wide, loud])
    label = ("Camera giám sát loa đèn chiếu sáng ngõ hẻm cầu trạm bơm nước kênh mương đê kè bờ "
             "sông")
    assert len(words(label)) == 19
    assert reader.read(label, "M") == Reading(wide)


def test_coverage_and_precision_at_their_limits():
    camera = _ind("CAM", "C", "Camera giám sát")
    reader = LabelReader([camera])
    # 3 of the 6 words known to the section: precision 0.5 is enough
    assert reader.read("Camera giám sát bãi đỗ xe", "C") == Reading(camera)
    # 3 of 7: not read, and not even named (it says 3/7 of the words)
    assert reader.read("Camera giám sát bãi đỗ xe con", "C") == Reading(None, ())
    # the only number indicator of a section: its words are not implied by the heading
    public = _ind("PUBLIC", "P", "Camera giám sát công cộng")
    assert LabelReader([public]).read("Camera", "P") == Reading(None, (public,))


def test_words_every_indicator_of_the_section_says_are_implied_under_its_heading():
    # two number indicators: what both say ("mô hình") is said by the heading
    models = _ind("MODELS", "A", "Mô hình")
    self_run = _ind("SELF_RUN", "A", "Mô hình tự quản")
    reader = LabelReader([models, self_run])
    # MODELS is covered by the heading but shares no word with the label: F1 0, not 1
    assert reader.read("Tự quản", "A") == Reading(self_run)
    registered = _ind("REG", "R", "Camera đăng ký")
    reached = _ind("REACHED", "R", "Camera đạt")
    assert LabelReader([registered, reached]).read("Đạt", "R") == Reading(reached)
    # a label of no words is not read and names nothing
    assert LabelReader([registered, reached]).read("Số", "R") == Reading(None, ())


def test_an_indicator_of_no_core_words_is_never_read_by_its_words():
    other = _ind("OTHER", "Q", "(ghi rõ)")
    assert LabelReader([other]).read("Ghi rõ", "Q") == Reading(None, ())


def test_contrast_words_decide():
    household = _ind("HH_REG", "H", "Hộ gia đình đăng ký")
    # another value than its own: never that indicator (named, it says its "hộ gia đình")
    assert LabelReader([household]).read("Hộ gia đình đạt", "H") == Reading(None, (household,))
    # a value no sibling has and it does not say: still that indicator
    camera = _ind("CAM", "C", "Camera giám sát")
    assert LabelReader([camera]).read("Camera giám sát ở xã", "C") == Reading(camera)
    # ... but the value of a sibling is the sibling's: CAM is out, CAM_OK is read
    camera_ok = _ind("CAM_OK", "C", "Camera giám sát đạt")
    assert LabelReader([camera, camera_ok]).read("Camera giám sát đạt", "C") == \
        Reading(camera_ok)
    # leaving out what tells it from a sibling: neither, both named (best F1 first)
    long_reg = _ind("HH_REG", "H", "Hộ gia đình đăng ký thi đua khen thưởng")
    hh_ok = _ind("HH_OK", "H", "Hộ gia đình đạt")
    assert LabelReader([long_reg, hh_ok]).read("Hộ gia đình", "H") == \
        Reading(None, (hh_ok, long_reg))


def test_inconsistent_candidate_with_no_contrast_word_of_its_own_is_not_named():
    area = _ind("AREA", "K", "Camera khu dân cư")
    # says "xã" where AREA says "khu dân cư", and no contrast word AREA says: half of the
    # label's words are AREA's, still not a candidate
    assert LabelReader([area]).read("Camera xã", "K") == Reading(None, ())


def test_at_most_three_candidates_best_first():
    who = [_ind("KDC", "W", "Khu dân cư đạt"), _ind("CQ", "W", "Cơ quan đạt"),
           _ind("HO", "W", "Hộ gia đình đạt"), _ind("XA", "W", "Xã đạt")]
    # "đạt" alone says none of who: F1 2/3 (XA), 2/4 (CQ), 2/5 (KDC, then HO)
    assert LabelReader(who).read("Đạt", "W") == Reading(None, (who[3], who[1], who[0]))


# ---------------------------------------------------------------- section headings

HEADINGS = LabelReader([], (Section("E", ""), Section("P", "Phòng cháy chữa cháy"),
                            Section("N", "Phòng cháy nổ"),
                            Section("C", "Camera giám sát đường phố"),
                            Section("T", "Tổ an ninh")))


@pytest.mark.parametrize("text, expected", [
    # numbered: F1 0.5 is enough (1 word of 1 against 3)
    ("A. Phòng", "P"),
    ("A. Phòng bếp", NOT_HEADING),          # 2/5 = 0.4
    ("A. PHÒNG BẾP", None),                 # ... upper-case: a heading of no known section
    # a tie: the first section
    ("B. Phòng cháy", "P"),
    # upper-case (8 letters or more), unnumbered: 0.6
    ("CAMERA GIÁM SÁT CỔNG TRƯỜNG", "C"),  # 6/10
    ("CAMERA GIÁM", NOT_HEADING),           # 4/7
    ("Camera giám sát cổng trường", NOT_HEADING),  # not upper-case: 0.8 needed
    ("TỔ AN BIỂN", "T"),                    # 8 letters: 4/6
    ("TỔ AN BẾN", NOT_HEADING),             # 7 letters: 0.8 needed
    # unnumbered, mixed case: 0.8
    ("Tổ an", "T"),                         # 4/5
    ("Tổ an bến", NOT_HEADING),             # 4/6
    # a section without a title matches nothing
    ("Hộ gia đình", NOT_HEADING),
])
def test_heading_thresholds(text, expected):
    assert HEADINGS.heading(text) == expected


def test_heading_results_of_the_catalogue(settings):
    m = match_catalogue(settings.catalogue.in_year(2012), 2012)
    assert [m.heading(t) for t in ("Lực lượng nòng cốt ở cơ sở", "III. CÔNG TÁC KHÁC CỦA ĐƠN VỊ",
                                   "a) Súng", "Hộ gia đình", "...")] == ["B", None, "-", "-", "-"]


def test_label_match_of_nothing_and_of_another_period(settings):
    m2012 = match_catalogue(settings.catalogue.in_year(2012), 2012)
    assert m2012.match("...", "F") == LabelMatch(None, "", (), None)
    m2025 = match_catalogue(settings.catalogue.in_year(2025), 2025)
    found = m2025.match("Mô hình cấp huyện", "A")
    assert (found.indicator, found.how, found.candidates, found.not_in_force.code) == (
        None, "", (), "MH_HUYEN")


def test_one_section_has_nothing_elsewhere_to_name():
    # a reader of one section once looked "elsewhere" in that same section without end
    area = _ind("AREA", "K", "Camera khu dân cư")
    reader = LabelReader([area])
    assert [reader.read("Loa phát thanh", s) for s in ("K", None, "Z")] == [Reading(None, ())] * 3
    # a label not read in its section names what it is in another one
    speaker = _ind("SPEAKER", "S", "Loa phát thanh")
    assert LabelReader([area, speaker]).read("Loa phát thanh", "K") == Reading(None, (speaker,))


def test_labels_are_read_once():
    """Every unit's form repeats the same labels: the vocabulary is parsed once, the words of a
    label are found once, and a reader reads a label in a section once (the intake's speed)."""
    from report_gen.intake.labels import vocabulary
    assert vocabulary() is vocabulary()
    words.cache_clear()
    assert (words("Xã đạt"), words("Xã đạt")) == (("xa", "dat"), ("xa", "dat"))
    assert (words.cache_info().hits, words.cache_info().misses) == (1, 1)
    speaker = _ind("SPEAKER", "S", "Loa phát thanh")
    reader = LabelReader([speaker])
    calls = []
    read = reader._read
    reader._read = lambda text, section: calls.append((text, section)) or read(text, section)
    assert [reader.read("Loa phát", "S"), reader.read("Loa phát", "S"),
            reader.read("Loa phát", None)] == [Reading(speaker)] * 3
    assert calls == [("Loa phát", "S"), ("Loa phát", None)]
