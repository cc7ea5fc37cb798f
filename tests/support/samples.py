"""The sample inputs' figures: sample_inputs/2011, 2012 (14 districts + the province level),
2024 (13 districts + the province level) and 2025 (the 54 commune-level units of 1/7/2025 + the
province level).

Each unit's workbook is our own blank form (report_gen.outputs.form) filled in the way a unit fills
it (values typed in the yellow cells, answers picked from the drop-down lists, models listed in the
register), written by tests.support.workbooks. Everything is plausible and reproducible (one
fixed random seed per year; each year's figures come from their own functions, so a new year never
changes an earlier year's files).

- 2011, 2012: the 2012 totals agree with the seed article: 91 models = 5 province-level (from
  TINH) + 25 district-level + 61 commune-level.
- 2024: the district-era map of 2020-2024 (Hoành Bồ part of Hạ Long; 177 communes), activity a
  little above 2012 (x1.1-1.3), 112 models = 6 province-level + 30 district-level + 76
  commune-level, the Xuất sắc grade (from 2022); every unit sent on time (by 23/7/2024).
- 2025: the map of 1/7/2025. A commune-level unit's figures come from the ground it covers: each
  old commune it was formed from brings its 2024 district's figures per commune (a commune
  split between new units half of them), moved by -8 % to +12 %; its models number about half
  its old communes. The old communes weigh 171.5 in all (177 communes in 2024), so the province
  totals stay of the order of 2024's and compare like for like within a few per cent. A unit
  answers about itself ("Có" / "Không", its grade) instead of counting communes. Xã Cái Chiên sent nothing (MISSING_2025);
  Xã Lục Hồn, Phường Mông Dương and Xã Đường Hoa sent late (LATE_2025); Phường Hà Tu sent on
  time and then a corrected copy after the deadline (CORRECTED_2025). The 2025 review is
  therefore a draft ("DỰ THẢO").

Written by tools/make_samples.py; the benchmark's template is one of them."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from report_gen.reference.catalogue import NO, YES, load_catalogue
from report_gen.reference.units import Unit, load_units
from report_gen.textnorm import fold
from tests.support.paths import SAMPLES
from tests.support.workbooks import write_filled_form

COMMUNES = {
    "HA_LONG": ["Bãi Cháy", "Hồng Gai", "Cao Xanh", "Hà Khánh", "Hà Tu", "Giếng Đáy", "Hùng Thắng", "Tuần Châu", "Hà Lầm", "Trần Hưng Đạo"],
    "MONG_CAI": ["Trần Phú", "Ka Long", "Hải Hòa", "Bình Ngọc", "Trà Cổ", "Hải Xuân", "Vĩnh Trung"],
    "CAM_PHA": ["Cẩm Thủy", "Cẩm Trung", "Cửa Ông", "Mông Dương", "Quang Hanh", "Cẩm Đông"],
    "UONG_BI": ["Quang Trung", "Thanh Sơn", "Bắc Sơn", "Vàng Danh", "Phương Đông", "Yên Thanh"],
    "QUANG_YEN": ["Quảng Yên", "Minh Thành", "Đông Mai", "Phong Cốc", "Hà An", "Nam Hòa"],
    "DONG_TRIEU": ["Mạo Khê", "Đông Triều", "Kim Sơn", "Tràng An", "Bình Dương", "Yên Đức"],
    "HOANH_BO": ["Trới", "Thống Nhất", "Lê Lợi", "Sơn Dương", "Đồng Lâm"],
    "VAN_DON": ["Cái Rồng", "Quan Lạn", "Minh Châu", "Đông Xá", "Bản Sen"],
    "TIEN_YEN": ["Tiên Yên", "Đông Ngũ", "Hải Lạng", "Đồng Rui", "Phong Dụ"],
    "BINH_LIEU": ["Bình Liêu", "Hoành Mô", "Đồng Văn", "Lục Hồn"],
    "BA_CHE": ["Ba Chẽ", "Nam Sơn", "Thanh Sơn", "Đạp Thanh"],
    "DAM_HA": ["Đầm Hà", "Quảng Tân", "Tân Bình", "Đại Bình"],
    "HAI_HA": ["Quảng Hà", "Quảng Minh", "Quảng Thắng", "Cái Chiên", "Quảng Phong"],
    "CO_TO": ["Cô Tô", "Đồng Tiến", "Thanh Lân"],
}

# District-level and commune-level models by unit in 2012 (sum 25 and 61) and 2011 (sum 22, 54).
MODELS_2012 = {"HA_LONG": (3, 7), "MONG_CAI": (2, 6), "CAM_PHA": (2, 6), "UONG_BI": (2, 4),
               "QUANG_YEN": (2, 5), "DONG_TRIEU": (2, 5), "HOANH_BO": (1, 3), "VAN_DON": (2, 4),
               "TIEN_YEN": (2, 4), "BINH_LIEU": (2, 3), "BA_CHE": (1, 3), "DAM_HA": (1, 3),
               "HAI_HA": (2, 5), "CO_TO": (1, 3)}
MODELS_2011 = {"HA_LONG": (3, 6), "MONG_CAI": (2, 5), "CAM_PHA": (2, 5), "UONG_BI": (1, 4),
               "QUANG_YEN": (2, 4), "DONG_TRIEU": (2, 4), "HOANH_BO": (1, 3), "VAN_DON": (1, 4),
               "TIEN_YEN": (2, 4), "BINH_LIEU": (1, 3), "BA_CHE": (1, 2), "DAM_HA": (1, 3),
               "HAI_HA": (2, 4), "CO_TO": (1, 3)}

FIELDS = ["Trường học “5 không”", "Thanh, thiếu niên có nguy cơ vi phạm pháp luật",
          "An ninh trật tự cơ quan, doanh nghiệp", "Cơ quan, doanh nghiệp không có ma túy",
          "Cụm liên kết khu vực giáp ranh", "Đường biên, cột mốc, ngư trường, bến bãi",
          "Khu dân cư", "Khác"]

PROVINCE_MODELS = [
    ("“5 không” trong các cơ sở giáo dục, đào tạo", FIELDS[0], True),
    ("Tự quản ANTT trong các cơ quan, doanh nghiệp", FIELDS[2], True),
    ("Cơ quan, doanh nghiệp không có ma túy", FIELDS[3], True),
    ("Bến xe, bến tàu du lịch an toàn về ANTT", FIELDS[7], False),
    ("Khu công nghiệp tự quản về ANTT", FIELDS[2], False),
]
# The other three typical models of the seed, with the district that runs them.
TYPICAL_DISTRICT = {
    "HA_LONG": ("Quản lý, giáo dục thanh, thiếu niên có nguy cơ làm trái pháp luật", FIELDS[1]),
    "DONG_TRIEU": ("Cụm liên kết đảm bảo ANTT khu vực giáp ranh", FIELDS[4]),
    "MONG_CAI": ("Tự quản, bảo vệ đường biên, cột mốc, ngư trường, bến bãi", FIELDS[5]),
}
DISTRICT_NAMES = [("Cụm an ninh liên xã {c}", FIELDS[4]), ("Bến thuyền an toàn {c}", FIELDS[5]),
                  ("Trường học an toàn về ANTT {c}", FIELDS[0]),
                  ("Doanh nghiệp tự quản về ANTT {c}", FIELDS[2]),
                  ("Chợ an toàn về ANTT {c}", FIELDS[7])]
COMMUNE_NAMES = [("Khu dân cư tự quản về ANTT {c}", FIELDS[6]),
                 ("Tổ liên gia an toàn {c}", FIELDS[6]),
                 ("Dòng họ không có người vi phạm pháp luật ở {c}", FIELDS[6]),
                 ("Camera an ninh khu phố {c}", FIELDS[6]),
                 ("Câu lạc bộ thanh niên phòng, chống ma túy {c}", FIELDS[1]),
                 ("Xóm đạo bình yên {c}", FIELDS[6]),
                 ("Tổ tự quản bến cá {c}", FIELDS[5])]


def unit_values(rng: random.Random, unit, year: int, n_huyen: int, n_xa: int,
                n_tinh: int) -> dict[str, float | int | None]:
    """Plausible figures for one unit that satisfy every rule of the catalogue."""
    growth = 1.0 if year == 2012 else 0.9
    k = unit.communes or 6
    tong = n_tinh + n_huyen + n_xa
    tin = int(rng.randint(25, 60) * k / 10 * growth) + 5
    hoa_giai = rng.randint(4, 9) * k
    kdc = rng.randint(5, 9) * k
    cqdn = rng.randint(8, 30)
    ho = rng.randint(900, 1600) * k
    v: dict[str, float | int | None] = {
        "MH_TONG": tong, "MH_TINH": n_tinh, "MH_HUYEN": n_huyen, "MH_XA": n_xa,
        "MH_MOI": min(tong, rng.randint(0, 2)), "MH_HIEU_QUA": max(0, tong - rng.randint(0, 1)),
        "LL_CONG_AN_XA": 0 if unit.level == "province" else rng.randint(5, 8) * k,
        "LL_BAO_VE_DAN_PHO": 0 if unit.level == "province" else rng.randint(3, 12) * k,
        "LL_BAO_VE_CQDN": rng.randint(40, 400),
        "LL_TRAT_TU_VIEN": 0 if unit.level == "province" else rng.randint(1, 3) * k,
        "LL_TO_LIEN_GIA": 0 if unit.level == "province" else rng.randint(12, 30) * k,
        "LL_TO_HOA_GIAI": 0 if unit.level == "province" else rng.randint(5, 9) * k,
        "LL_TO_AN_NINH": 0 if unit.level == "province" else rng.randint(4, 8) * k,
        "LL_DOI_XUNG_KICH": 0 if unit.level == "province" else rng.randint(1, 2) * k,
        "LL_TAP_HUAN": int(rng.randint(40, 90) * k * growth),
        "TT_BUOI": int(rng.randint(8, 20) * k * growth),
        "TT_LUOT_NGUOI": int(rng.randint(900, 2500) * k * growth),
        "TT_TIN_BAI": rng.randint(20, 90),
        "TT_HO_CAM_KET": int(ho * 0.8),
        "NH_XA_TO_CHUC": unit.communes if unit.level != "province" else None,
        "NH_DIEM": rng.randint(1, 3) if unit.level != "province" else 1,
        "NH_LUOT_NGUOI": int(rng.randint(400, 900) * k * growth),
        "KQ_TIN_BAO": tin, "KQ_TIN_GIA_TRI": int(tin * rng.uniform(0.6, 0.85)),
        "KQ_VU_PHAT_HIEN": int(tin * rng.uniform(0.3, 0.5)),
        "KQ_SUNG": rng.randint(0, 6), "KQ_DAN": rng.randint(0, 120),
        "KQ_THUOC_NO": round(rng.uniform(0, 25), 1), "KQ_KIP_NO": rng.randint(0, 80),
        "KQ_CONG_CU_HO_TRO": rng.randint(0, 30),
        "KQ_HOA_GIAI": hoa_giai, "KQ_HOA_GIAI_THANH": int(hoa_giai * rng.uniform(0.75, 0.92)),
        "KQ_CAM_HOA": rng.randint(5, 25),
        "AT_XA_DANG_KY": unit.communes if unit.level != "province" else None,
        "AT_XA_DAT": (unit.communes - rng.randint(0, min(3, unit.communes // 3)))
        if unit.level != "province" else None,
        "AT_KDC_DANG_KY": kdc, "AT_KDC_DAT": int(kdc * rng.uniform(0.8, 0.95)),
        "AT_CQDN_DANG_KY": cqdn, "AT_CQDN_DAT": cqdn - rng.randint(0, 3),
        "AT_HO_DANG_KY": ho, "AT_HO_DAT": int(ho * rng.uniform(0.85, 0.95)),
        "KT_TAP_THE": rng.randint(3, 15), "KT_CA_NHAN": rng.randint(8, 40),
        "KP_XA_HOI_HOA": round(rng.uniform(120, 900), 1),
    }
    if unit.level == "province":
        for code in ("PL_KHA", "PL_TRUNG_BINH", "PL_YEU", "PL_XUAT_SAC"):
            v[code] = None
    else:
        yeu = rng.randint(0, 1)
        tb = rng.randint(1, max(1, unit.communes // 4))
        v["PL_KHA"] = unit.communes - tb - yeu
        v["PL_TRUNG_BINH"] = tb
        v["PL_YEU"] = yeu
    return v


def unit_models(rng: random.Random, unit, year: int, n_huyen: int, n_xa: int,
                communes: list[str] | None = None):
    """The register of a district (or of the province level) for `year`; `communes`: where the
    commune-level models are (default: the district's communes of 2011-2012)."""
    rows = []
    if unit.level == "province":
        return [(name, "tỉnh", field, None, rng.randint(2005, 2010), typical)
                for name, field, typical in PROVINCE_MODELS]
    communes = communes or COMMUNES[unit.code]
    district = list(DISTRICT_NAMES)
    rng.shuffle(district)
    for i in range(n_huyen):
        if i == 0 and unit.code in TYPICAL_DISTRICT:
            name, field = TYPICAL_DISTRICT[unit.code]
            rows.append((name, "huyện", field, None, rng.randint(2006, 2010), True))
            continue
        tmpl, field = district[i % len(district)]
        rows.append((tmpl.format(c=unit.short), "huyện", field, None, rng.randint(2006, year), False))
    for i in range(n_xa):
        tmpl, field = COMMUNE_NAMES[(i + len(unit.code)) % len(COMMUNE_NAMES)]
        c = communes[i % len(communes)]
        rows.append((tmpl.format(c=c), "xã", field, c, rng.randint(2007, year), False))
    return rows


MODEL_KEYS = ("name", "level", "field", "commune", "founded", "typical")
COUNTS = {2012: MODELS_2012, 2011: MODELS_2011}


# ---------------------------------------------------------------- 2024: the map of 2020-2024
# District-level and commune-level models by unit in 2024 (sum 30 and 76; Hạ Long with the
# former Hoành Bồ, whose 2012 models were 1 + 3).
MODELS_2024 = {"HA_LONG": (5, 12), "MONG_CAI": (3, 8), "CAM_PHA": (3, 7), "UONG_BI": (2, 5),
               "QUANG_YEN": (2, 6), "DONG_TRIEU": (3, 7), "VAN_DON": (2, 5), "TIEN_YEN": (2, 5),
               "BINH_LIEU": (2, 4), "BA_CHE": (1, 4), "DAM_HA": (2, 4), "HAI_HA": (2, 6),
               "CO_TO": (1, 3)}
# Hạ Long's communes since 2020 include the former Hoành Bồ's (thị trấn Trới is phường Hoành Bồ).
COMMUNES_2024 = {**COMMUNES, "HA_LONG": COMMUNES["HA_LONG"] + [
    "Hoành Bồ", "Thống Nhất", "Lê Lợi", "Sơn Dương", "Đồng Lâm"]}
# The province-level models: the five of 2012 (founded as then), one since, one new in 2025.
PROVINCE_MODEL_2024 = ("Cảng cá, bến cá an toàn về ANTT", FIELDS[5], False)
PROVINCE_MODEL_2025 = ("Khu du lịch an toàn, thân thiện về ANTT", FIELDS[7], False)
# (a figure, the figure it may not exceed): the rules a drift of the province level's figures
# from one year to the next must keep.
NOT_ABOVE = (("KQ_TIN_GIA_TRI", "KQ_TIN_BAO"), ("KQ_HOA_GIAI_THANH", "KQ_HOA_GIAI"),
             ("AT_KDC_DAT", "AT_KDC_DANG_KY"), ("AT_CQDN_DAT", "AT_CQDN_DANG_KY"),
             ("AT_HO_DAT", "AT_HO_DANG_KY"))


# The figures of _figures (the same in every unit's form; decimals apart).
FIGURES = ("LL_CONG_AN_XA", "LL_BAO_VE_DAN_PHO", "LL_BAO_VE_CQDN", "LL_TRAT_TU_VIEN",
           "LL_TO_LIEN_GIA", "LL_TO_HOA_GIAI", "LL_TO_AN_NINH", "LL_DOI_XUNG_KICH", "LL_TAP_HUAN",
           "TT_BUOI", "TT_LUOT_NGUOI", "TT_TIN_BAI", "TT_HO_CAM_KET", "NH_LUOT_NGUOI",
           "KQ_TIN_BAO", "KQ_TIN_GIA_TRI", "KQ_VU_PHAT_HIEN", "KQ_SUNG", "KQ_DAN", "KQ_THUOC_NO",
           "KQ_KIP_NO", "KQ_CONG_CU_HO_TRO", "KQ_HOA_GIAI", "KQ_HOA_GIAI_THANH", "KQ_CAM_HOA",
           "AT_KDC_DANG_KY", "AT_KDC_DAT", "AT_CQDN_DANG_KY", "AT_CQDN_DAT", "AT_HO_DANG_KY",
           "AT_HO_DAT", "KT_TAP_THE", "KT_CA_NHAN", "KP_XA_HOI_HOA")
DECIMALS = ("KQ_THUOC_NO", "KP_XA_HOI_HOA")


def _figures(rng: random.Random, k: float, g: float, province: bool) -> dict[str, int | float]:
    """The figures of a unit that covers `k` communes (k = 6 for the province level), activity
    grown by `g` since 2012: the per-commune rates of the 2012 sample; not the models, the
    communes counted nor the grades. The base forces (công an xã, tổ liên gia...) are the
    districts' and communes', 0 for the province level."""
    def per(lo: int, hi: int, grow: bool = True) -> int:
        return round(rng.randint(lo, hi) * k * (g if grow else 1))

    def spread(lo: float, hi: float) -> int:
        return round(rng.uniform(lo, hi) * k)

    def base(lo: int, hi: int, grow: bool = False) -> int:
        return 0 if province else per(lo, hi, grow)

    tin = int(rng.randint(25, 60) * k / 10 * g) + 2
    hoa_giai = per(4, 9, False)
    kdc = per(5, 9, False)
    cqdn = max(1, spread(0.6, 2.2))
    ho = round(rng.randint(900, 1600) * k * min(g, 1.1))
    return {
        "LL_CONG_AN_XA": base(5, 8), "LL_BAO_VE_DAN_PHO": base(3, 12),
        "LL_BAO_VE_CQDN": per(3, 20, False), "LL_TRAT_TU_VIEN": base(1, 3),
        "LL_TO_LIEN_GIA": base(12, 30, True), "LL_TO_HOA_GIAI": base(5, 9),
        "LL_TO_AN_NINH": base(4, 8), "LL_DOI_XUNG_KICH": base(1, 2),
        "LL_TAP_HUAN": per(40, 90), "TT_BUOI": per(8, 20), "TT_LUOT_NGUOI": per(900, 2500),
        "TT_TIN_BAI": per(2, 7), "TT_HO_CAM_KET": int(ho * 0.8),
        "NH_LUOT_NGUOI": per(400, 900),
        "KQ_TIN_BAO": tin, "KQ_TIN_GIA_TRI": int(tin * rng.uniform(0.6, 0.85)),
        "KQ_VU_PHAT_HIEN": int(tin * rng.uniform(0.3, 0.5)),
        "KQ_SUNG": spread(0, 0.4), "KQ_DAN": spread(0, 8),
        "KQ_THUOC_NO": round(rng.uniform(0, 1.8) * k, 1), "KQ_KIP_NO": spread(0, 6),
        "KQ_CONG_CU_HO_TRO": spread(0, 2.2),
        "KQ_HOA_GIAI": hoa_giai, "KQ_HOA_GIAI_THANH": int(hoa_giai * rng.uniform(0.75, 0.92)),
        "KQ_CAM_HOA": spread(0.4, 1.8),
        "AT_KDC_DANG_KY": kdc, "AT_KDC_DAT": int(kdc * rng.uniform(0.8, 0.95)),
        "AT_CQDN_DANG_KY": cqdn, "AT_CQDN_DAT": cqdn - rng.randint(0, min(3, cqdn // 4)),
        "AT_HO_DANG_KY": ho, "AT_HO_DAT": int(ho * rng.uniform(0.85, 0.95)),
        "KT_TAP_THE": max(1, spread(0.3, 1.1)), "KT_CA_NHAN": max(1, spread(0.7, 3)),
        "KP_XA_HOI_HOA": round(rng.uniform(10, 65) * k, 1),
    }


def _values_2024(rng: random.Random, unit: Unit, n_huyen: int, n_xa: int,
                 n_tinh: int) -> dict[str, float | int | None]:
    """A unit's figures of 2024: grades with Xuất sắc, summing to its communes."""
    tong = n_tinh + n_huyen + n_xa
    v: dict[str, float | int | None] = {
        "MH_TONG": tong, "MH_TINH": n_tinh, "MH_HUYEN": n_huyen, "MH_XA": n_xa,
        "MH_MOI": min(tong, rng.randint(0, 2)), "MH_HIEU_QUA": max(0, tong - rng.randint(0, 1))}
    province = unit.level == "province"
    v.update(_figures(rng, unit.communes or 6, rng.uniform(1.1, 1.3), province))
    if province:
        v.update(NH_XA_TO_CHUC=None, NH_DIEM=1, AT_XA_DANG_KY=None, AT_XA_DAT=None,
                 PL_XUAT_SAC=None, PL_KHA=None, PL_TRUNG_BINH=None, PL_YEU=None)
        return v
    c = unit.communes
    xs = rng.randint(1, max(1, c // 5))
    tb = rng.randint(0, max(1, c // 6))
    yeu = rng.choice((0, 0, 0, 1))
    v.update(NH_XA_TO_CHUC=c, NH_DIEM=rng.randint(1, 3), AT_XA_DANG_KY=c,
             AT_XA_DAT=c - rng.randint(0, min(3, c // 3)),
             PL_XUAT_SAC=xs, PL_KHA=c - xs - tb - yeu, PL_TRUNG_BINH=tb, PL_YEU=yeu)
    return v


def _province_models_2024(rng: random.Random) -> list[tuple]:
    rows = [(m["name"], "tỉnh", m["field"], None, m["founded"], m["typical"])
            for m in sample_form("TINH", 2012).models]
    name, field, typical = PROVINCE_MODEL_2024
    return rows + [(name, "tỉnh", field, None, rng.randint(2013, 2023), typical)]


def _forms_2024() -> Iterator[SampleForm]:
    rng = random.Random(2024 * 7919)
    for n, unit in enumerate(load_units().active(2024)):
        if unit.level == "province":
            values = _values_2024(rng, unit, 0, 0, 1 + len(PROVINCE_MODELS))
            models = _province_models_2024(rng)
        else:
            n_huyen, n_xa = MODELS_2024[unit.code]
            values = _values_2024(rng, unit, n_huyen, n_xa, 0)
            models = unit_models(rng, unit, 2024, n_huyen, n_xa, communes=COMMUNES_2024[unit.code])
        yield SampleForm(unit, values, [dict(zip(MODEL_KEYS, m)) for m in models],
                         dt.date(2024, 7, 14 + n % 10))


# ---------------------------------------------------------------- 2025: the map of 1/7/2025
MISSING_2025 = "X_CAI_CHIEN"  # Xã Cái Chiên (an island commune of the former Hải Hà) sent nothing
LATE_2025 = {"X_LUC_HON": dt.date(2025, 7, 28), "P_MONG_DUONG": dt.date(2025, 7, 30),
             "X_DUONG_HOA": dt.date(2025, 8, 2)}
# Phường Hà Tu sent on time with TT_TIN_BAI left blank, then a corrected copy on 4/8/2025.
CORRECTED_2025 = ("P_HA_TU", dt.date(2025, 8, 4), "TT_TIN_BAI")
# The grades of the 54 commune-level units, shuffled among them.
GRADES_2025 = {"Xuất sắc": 9, "Khá": 37, "Trung bình": 7, "Yếu": 1}
# The typical models of the districts, run by a commune-level unit since 1/7/2025.
TYPICAL_2025 = {"P_HONG_GAI": TYPICAL_DISTRICT["HA_LONG"],
                "P_DONG_TRIEU": TYPICAL_DISTRICT["DONG_TRIEU"],
                "P_MONG_CAI_1": TYPICAL_DISTRICT["MONG_CAI"]}
_KIND_WORD = re.compile(r"^(Xã|Phường|Thị trấn|Đặc khu)\s+")


def ground(unit: Unit) -> float:
    """k of a commune-level unit of 2025: the old communes it was formed from, one that was
    split between several new units counting ½."""
    return sum(0.5 if o.partial else 1 for o in unit.formed_from)


def file_name_2025(unit: Unit) -> str:
    """A file name as an office writes it: bao_cao_2025_phuong_ha_tu.xlsx (ASCII)."""
    return f"bao_cao_2025_{fold(unit.name).replace(' ', '_')}.xlsx"


def _carried(rng: random.Random, unit: Unit,
             before: dict[str, SampleForm]) -> dict[str, int | float]:
    """A commune-level unit's figures of 2025 (those of _figures) carried over from the ground it
    covers: for each old commune it was formed from, the 2024 figure per commune of that
    commune's district (half of it for a commune split between new units), summed, then moved
    by -8 % to +12 %; a count is rounded up or down at random in proportion, so that the small
    ones keep their province total."""
    out: dict[str, int | float] = {}
    for code in FIGURES:
        share = sum((0.5 if o.partial else 1) * before[o.district].values[code]
                    / before[o.district].unit.communes for o in unit.formed_from)
        x = share * rng.uniform(0.92, 1.12)
        if code in DECIMALS:
            out[code] = round(x, 1)
        else:
            whole = int(x)
            out[code] = whole + int(rng.random() < x - whole)
    for child, parent in NOT_ABOVE:
        out[child] = min(out[child], out[parent])
    return out


def _commune_2025(rng: random.Random, unit: Unit, grade: str,
                  before: dict[str, SampleForm]) -> tuple[dict, list[tuple]]:
    """A commune-level unit's figures, answers and register of 2025 (`before`: the forms of
    2024 by unit)."""
    k = ground(unit)
    n_xa = max(1, round(k * rng.uniform(0.4, 0.8)))
    v: dict[str, float | int | str | None] = {
        "MH_TONG": n_xa, "MH_TINH": 0, "MH_XA": n_xa, "MH_MOI": int(rng.random() < 0.25),
        "MH_HIEU_QUA": n_xa - (rng.randint(0, 1) if n_xa > 1 else 0)}
    v.update(_carried(rng, unit, before))
    held = grade != "Yếu"
    registered = grade != "Yếu"
    reached = registered and (grade == "Xuất sắc" or (grade == "Khá" and rng.random() < 0.95))
    v.update(NH_CO_TO_CHUC=YES if held else NO,
             NH_DIEM=int(held and rng.random() < 0.35),
             NH_LUOT_NGUOI=v["NH_LUOT_NGUOI"] if held else 0,
             AT_CO_DANG_KY=YES if registered else NO, AT_CO_DAT=YES if reached else NO,
             PL_XEP_LOAI=grade)
    # where a model works: the old commune (now part of the unit) it started in
    places = [_KIND_WORD.sub("", o.name) for o in unit.formed_from]
    rows = []
    for i in range(n_xa):
        place = places[i % len(places)]
        if i == 0 and unit.code in TYPICAL_2025:
            name, field = TYPICAL_2025[unit.code]
            rows.append((name, "xã", field, place, rng.randint(2006, 2010), True))
            continue
        tmpl, field = COMMUNE_NAMES[(i + len(unit.code)) % len(COMMUNE_NAMES)]
        rows.append((tmpl.format(c=place), "xã", field, place, rng.randint(2010, 2025), False))
    return v, rows


def _province_2025(rng: random.Random, before: SampleForm) -> tuple[dict, list[tuple]]:
    """The province level's figures of 2025: its 2024 figures moved by -5 % to +15 %, the
    seven models of the year (one new)."""
    v: dict[str, float | int | None] = {}
    for code, x in before.values.items():
        if code.startswith("MH_"):
            continue
        f = rng.uniform(0.95, 1.15)
        v[code] = None if x is None else round(x * f, 1) if isinstance(x, float) else round(x * f)
    for child, parent in NOT_ABOVE:
        v[child] = min(v[child], v[parent])
    rows = [tuple(m[key] for key in MODEL_KEYS) for m in before.models]
    name, field, typical = PROVINCE_MODEL_2025
    rows.append((name, "tỉnh", field, None, 2025, typical))
    v.update(MH_TONG=len(rows), MH_TINH=len(rows), MH_XA=0, MH_MOI=1,
             MH_HIEU_QUA=len(rows) - rng.randint(0, 1))
    return v, rows


def _forms_2025() -> Iterator[SampleForm]:
    rng = random.Random(2025 * 7919)
    units = load_units().active(2025)
    communes = [u for u in units if u.level == "commune"]
    grades = [g for g, n in GRADES_2025.items() for _ in range(n)]
    assert len(grades) == len(communes)
    rng.shuffle(grades)
    grade_of = {u.code: g for u, g in zip(communes, grades)}
    before = {f.unit.code: f for f in sample_forms(2024)}
    for n, unit in enumerate(units):
        if unit.level == "province":
            values, rows = _province_2025(rng, before["TINH"])
        else:
            values, rows = _commune_2025(rng, unit, grade_of[unit.code], before)
        if unit.code == MISSING_2025:
            continue
        models = [dict(zip(MODEL_KEYS, m)) for m in rows]
        date = LATE_2025.get(unit.code, dt.date(2025, 7, 14 + n % 12))
        name = file_name_2025(unit)
        code, corrected_on, blank = CORRECTED_2025
        if unit.code == code:
            yield SampleForm(unit, {**values, blank: None}, models, date, name)
            date, name = corrected_on, name.replace(".xlsx", "_ban_sua.xlsx")
        yield SampleForm(unit, values, models, date, name)


# ---------------------------------------------------------------- every year
@dataclass
class SampleForm:
    """What one unit typed into its form for the sample year (numbers and, on a 2025 commune
    form, answers, by indicator code; None: left blank) and the name of the file it sent."""
    unit: Unit
    values: dict[str, float | int | str | None]
    models: list[dict]
    report_date: dt.date
    name: str = ""  # "": <code in lower case>_<year>.xlsx

    @property
    def file_name(self) -> str:
        return self.name or f"{self.unit.code.lower()}_{self.report_date.year}.xlsx"


def sample_forms(year: int) -> Iterator[SampleForm]:
    """Every form sent for `year`, in the unit list's order (one random stream runs through them,
    so a unit's figures depend on the units before it); for 2025 without the missing unit's
    and with both copies of the corrected one."""
    if year == 2024:
        yield from _forms_2024()
        return
    if year == 2025:
        yield from _forms_2025()
        return
    counts = COUNTS[year]
    rng = random.Random(year * 7919)
    for n, unit in enumerate(load_units().active(year)):
        n_huyen, n_xa = counts.get(unit.code, (0, 0))
        n_tinh = 5 if unit.level == "province" and year == 2012 else (
            4 if unit.level == "province" else 0)
        values = unit_values(rng, unit, year, n_huyen, n_xa, n_tinh)
        models = unit_models(rng, unit, year, n_huyen, n_xa)
        if unit.level == "province":
            models = models[:n_tinh]
        yield SampleForm(unit, values, [dict(zip(MODEL_KEYS, m)) for m in models],
                         dt.date(year, 7, 20 + n % 10))


def sample_form(code: str, year: int) -> SampleForm:
    """The form of unit `code` whose figures count for `year`: its last copy (a correction
    replaces the first)."""
    found = [f for f in sample_forms(year) if f.unit.code == code]
    if not found:
        raise KeyError(f"no sample form of {code} for {year}")
    return found[-1]


def used_forms(year: int) -> list[SampleForm]:
    """The forms whose figures count for `year`, one per unit that sent one (its last copy)."""
    last: dict[str, SampleForm] = {}
    for f in sample_forms(year):
        last[f.unit.code] = f
    return list(last.values())


def write_sample(form: SampleForm, path: Path) -> Path:
    units = load_units()
    return write_filled_form(path, form.unit, form.report_date.year, load_catalogue(),
                             units.province, form.values, form.models, form.report_date)


_STAMPS = re.compile(r"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def same_workbook(a: Path, b: Path) -> bool:
    """Whether two .xlsx files hold the same parts, XML compared in canonical form (openpyxl
    serialises through lxml when it is installed and through ElementTree otherwise: the same
    document, other bytes), but for the times openpyxl stamps into docProps/core.xml."""
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        names = za.namelist()
        if names != zb.namelist():
            return False
        for name in names:
            x, y = za.read(name), zb.read(name)
            if name.endswith((".xml", ".rels")):
                x, y = (ET.canonicalize(v.decode("utf-8")) for v in (x, y))
                if name == "docProps/core.xml":
                    x, y = _STAMPS.sub("", x), _STAMPS.sub("", y)
            if x != y:
                return False
    return True


def write_sample_year(year: int, out: Path) -> list[str]:
    """Write the sample folder of `year` into `out`: a workbook that would differ from the one
    there only by its save time is left as it is (so regenerating changes no checked-in file),
    workbooks of no form of the year are removed. Returns the names of the files written."""
    out.mkdir(parents=True, exist_ok=True)
    names, written = set(), []
    with tempfile.TemporaryDirectory() as tmp:
        for form in sample_forms(year):
            new = write_sample(form, Path(tmp) / form.file_name)
            names.add(form.file_name)
            dst = out / form.file_name
            if not (dst.is_file() and same_workbook(new, dst)):
                shutil.copyfile(new, dst)
                written.append(form.file_name)
    for old in out.glob("*.xlsx"):
        if old.name not in names:
            old.unlink()
    return written


def copy_sample(year: int, dst: Path, without: tuple[str, ...] = ()) -> Path:
    """A copy of the sample folder of `year` at `dst`, less the files named in `without` (a unit
    that has not sent its report, say)."""
    shutil.copytree(SAMPLES / str(year), dst)
    for name in without:
        (dst / name).unlink()
    return dst
