"""The sample inputs' figures: sample_inputs/2012 and sample_inputs/2011.

Each unit's workbook is our own blank form (report_gen.outputs.form) filled in the way a unit fills
it (values typed in the yellow cells, models listed in the register), written by
tests.support.workbooks. The 2012 totals agree with the seed article: 91 models = 5
province-level (from TINH) + 25 district-level + 61 commune-level. Everything else is plausible
and reproducible (fixed random seed). Written by tools/make_samples.py; the benchmark's template
is one of them."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from report_gen.reference.catalogue import load_catalogue
from report_gen.reference.units import Unit, load_units
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


def unit_models(rng: random.Random, unit, year: int, n_huyen: int, n_xa: int):
    rows = []
    if unit.level == "province":
        return [(name, "tỉnh", field, None, rng.randint(2005, 2010), typical)
                for name, field, typical in PROVINCE_MODELS]
    communes = COMMUNES[unit.code]
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


@dataclass
class SampleForm:
    """What one unit typed into its form for the sample year."""
    unit: Unit
    values: dict[str, float | int | None]
    models: list[dict]
    report_date: dt.date

    @property
    def file_name(self) -> str:
        return f"{self.unit.code.lower()}_{self.report_date.year}.xlsx"


def sample_forms(year: int) -> Iterator[SampleForm]:
    """Every active unit's filled form for `year`, in the unit list's order (one random stream
    runs through them, so a unit's figures depend on the units before it)."""
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
    return next(f for f in sample_forms(year) if f.unit.code == code)


def write_sample(form: SampleForm, path: Path) -> Path:
    units = load_units()
    return write_filled_form(path, form.unit, form.report_date.year, load_catalogue(),
                             units.province, form.values, form.models, form.report_date)


def write_sample_year(year: int, out: Path) -> None:
    """Write the sample folder of `year` into `out` (its old workbooks removed first)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.xlsx"):
        old.unlink()
    for form in sample_forms(year):
        write_sample(form, out / form.file_name)


def copy_sample(year: int, dst: Path, without: tuple[str, ...] = ()) -> Path:
    """A copy of the sample folder of `year` at `dst`, less the files named in `without` (a unit
    that has not sent its report, say)."""
    shutil.copytree(SAMPLES / str(year), dst)
    for name in without:
        (dst / name).unlink()
    return dst
