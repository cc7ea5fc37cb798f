"""Settings of a run: the shipped defaults, overridden by the user's `report_gen.toml`
(in the working folder, or given with --config)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from report_gen.reference.catalogue import Catalogue, load_catalogue
from report_gen.reference.units import UnitList, load_units

CONFIG_NAME = "report_gen.toml"

# The keys of [document] and [data]; any other key there is reported as a misspelling (with the
# closest known key), so a setting the officer typed is never silently ignored. A module that
# adds a key to one of these sections adds it here.
DOCUMENT_KEYS = ("issuing_parent", "issuing_body", "number", "place", "date", "subject",
                 "signer_on_behalf", "signer_title", "signer_name", "recipients", "archive",
                 "province", "deadline", "correction_days", "contact", "send_to")
DATA_KEYS = ("units", "catalogue", "commentary", "store")
# Document settings whose shipped value is only an example: a review that still carries it is a
# draft until the user's configuration sets the key (see DocumentSettings.placeholders).
PLACEHOLDER_KEYS = {"signer_name": "người ký", "number": "số văn bản"}


class ConfigError(Exception):
    """A configuration file that cannot be used; the message is in Vietnamese."""


@dataclass(frozen=True)
class DocumentSettings:
    issuing_parent: str
    issuing_body: str
    number: str
    place: str
    subject: str
    signer_on_behalf: str
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]
    archive: str
    province: str
    date: dt.date | None = None
    deadline: dt.date | None = None
    # A yearly deadline given as day and month ("25/7"): (month, day); used when `deadline`
    # (a full date) is not set.
    deadline_md: tuple[int, int] | None = None
    # The feedback letter to a unit (report_gen.outputs.feedback): the corrected file is due
    # `correction_days` days after the check, or on `correction_date` when a date is given;
    # `contact` (who to call, a phone number) is printed when set.
    correction_days: int | None = 5
    correction_date: dt.date | None = None
    contact: str = ""
    # Keys of PLACEHOLDER_KEYS the user's configuration does not set: their values are the
    # shipped examples ("Nguyễn Văn A"), which make the review a draft.
    placeholders: tuple[str, ...] = ()

    def correction_due(self, checked: dt.date) -> dt.date | None:
        """The date by which a unit sends its corrected file after a check made on `checked`."""
        if self.correction_date is not None:
            return self.correction_date
        if self.correction_days is None:
            return None
        return checked + dt.timedelta(days=self.correction_days)

    def placeholder_notes(self) -> list[str]:
        """One Vietnamese sentence per example value still in the document settings."""
        return [f"Chưa đặt {PLACEHOLDER_KEYS[key]} trong tệp cấu hình (mục [document] {key}): "
                f"báo cáo đang dùng giá trị mẫu “{getattr(self, key)}”."
                for key in self.placeholders]

    def deadline_for(self, year: int) -> dt.date | None:
        """The date by which the units' reports of `year` are due, when configured."""
        if self.deadline is not None:
            return self.deadline
        if self.deadline_md is not None:
            month, day = self.deadline_md
            return dt.date(year, month, day)
        return None


@dataclass(frozen=True)
class Settings:
    document: DocumentSettings
    catalogue: Catalogue
    units: UnitList
    commentary: str = "nhan_xet.md"
    source: Path | None = None
    # The history store (SQLite) from [data] store, relative to the config file; None when not
    # configured (the CLI then uses report_gen.sqlite in the working folder).
    store: Path | None = None
    # The re-run cache of intake results (a folder); None: no cache (the CLI uses
    # .report_gen_cache in the working folder unless told --no-cache).
    cache: Path | None = None
    # The whole configuration as read (defaults merged with the user's file): the sections of
    # commands with their own settings ([email], [sign.*], [outputs]) are parsed by the module
    # that uses them, from here; relative paths in them are relative to `base_dir`.
    extra: dict = field(default_factory=dict)
    base_dir: Path = field(default_factory=Path.cwd)

    def document_date(self, year: int) -> dt.date:
        return self.document.date or dt.date(year, 8, 14)

    def in_year(self, year: int) -> "Settings":
        """These settings with the catalogue and the units of `year` (what is in force, in that
        year's words and names); every stage of a year's run reads them (Catalogue.in_year,
        UnitList.in_year)."""
        catalogue = self.catalogue.in_year(year)
        units = self.units.in_year(year)
        if catalogue is self.catalogue and units is self.units:
            return self
        return dataclasses.replace(self, catalogue=catalogue, units=units)


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def load_settings(config: Path | None = None, workdir: Path | None = None) -> Settings:
    """Shipped defaults, then `config` (or report_gen.toml in `workdir`, when present)."""
    raw = tomllib.loads(resources.files("report_gen.data").joinpath("defaults.toml")
                        .read_text(encoding="utf-8"))
    source = None
    if config is None:
        candidate = (workdir or Path.cwd()) / CONFIG_NAME
        config = candidate if candidate.is_file() else None
    base_dir = Path.cwd()
    user: dict = {}
    if config is not None:
        user = _read_user(Path(config))
        raw = _merge(raw, user)
        source = Path(config)
        base_dir = source.parent
    doc = raw.get("document", {})
    data = raw.get("data", {})
    _check_keys("document", doc, DOCUMENT_KEYS)
    _check_keys("data", data, DATA_KEYS)
    user_doc = user.get("document", {}) if isinstance(user.get("document"), dict) else {}
    try:
        document = DocumentSettings(
            issuing_parent=str(doc.get("issuing_parent", "")),
            issuing_body=str(doc["issuing_body"]), number=str(doc["number"]),
            place=str(doc["place"]), subject=str(doc["subject"]),
            signer_on_behalf=str(doc["signer_on_behalf"]), signer_title=str(doc["signer_title"]),
            signer_name=str(doc["signer_name"]),
            recipients=tuple(str(r) for r in doc.get("recipients", [])),
            archive=str(doc.get("archive", "Lưu: VT")), province=str(doc["province"]),
            date=_date(doc.get("date"), "date"), **_deadline(doc.get("deadline")),
            **_correction(doc.get("correction_days", 5)), contact=str(doc.get("contact", "")),
            placeholders=tuple(k for k in PLACEHOLDER_KEYS if k not in user_doc))
    except KeyError as exc:
        raise ConfigError(f"Tệp cấu hình thiếu mục [document] {exc.args[0]}.") from exc
    try:
        catalogue = load_catalogue(_path(data.get("catalogue"), base_dir))
        units = load_units(_path(data.get("units"), base_dir))
    except (OSError, ValueError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Không đọc được danh mục chỉ tiêu hoặc danh sách đơn vị: {exc}.") from exc
    return Settings(document=document, catalogue=catalogue, units=units,
                    commentary=str(data.get("commentary", "nhan_xet.md")), source=source,
                    store=_path(data.get("store"), base_dir), extra=raw, base_dir=base_dir)


def _read_user(config: Path) -> dict:
    """The user's TOML file; its syntax errors said in Vietnamese with line and column."""
    try:
        text = config.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"Không tìm thấy tệp cấu hình {config}.") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"Tệp cấu hình {config} không lưu bằng bảng mã UTF-8; hãy lưu lại tệp "
                          "với bảng mã UTF-8.") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(syntax_message(config, text, str(exc))) from exc


def syntax_message(config: Path, text: str, parser_message: str) -> str:
    """Where a TOML syntax error is, in Vietnamese (the parser's own text is English), with a
    hint for the common slips: a date written day first without quotes, text without quotes."""
    m = re.search(r"\(at line (\d+), column (\d+)\)", parser_message)
    if not m:
        return (f"Tệp cấu hình {config} viết sai cú pháp TOML ở cuối tệp (thiếu dấu đóng ngoặc "
                "hoặc dấu nháy?).")
    line_no, col = int(m.group(1)), int(m.group(2))
    lines = text.splitlines()
    line = lines[line_no - 1].strip() if 0 < line_no <= len(lines) else ""
    hint = "kiểm tra dấu ngoặc, dấu nháy kép và dấu bằng ở dòng này"
    value = line.split("=", 1)[1].strip() if "=" in line else ""
    if re.fullmatch(r"\d{1,2}/\d{1,2}(/\d{4})?", value.split("#")[0].strip()):
        hint = (f"ngày phải đặt trong dấu nháy kép, ví dụ {line.split('=')[0].strip()} = "
                f"\"{value.split('#')[0].strip()}\" (hoặc viết dạng 2013-08-12)")
    elif value and not value.startswith(("\"", "'", "[", "{")) and not value[0].isdigit() \
            and value not in ("true", "false"):
        hint = "chữ phải đặt trong dấu nháy kép, ví dụ khóa = \"nội dung\""
    return (f"Tệp cấu hình {config} viết sai cú pháp TOML ở dòng {line_no}, cột {col}"
            f"{f' (“{line}”)' if line else ''}: {hint}.")


def _check_keys(section: str, values: object, known: tuple[str, ...]) -> None:
    """A key of `section` that is not known: a ConfigError naming the closest known key."""
    if not isinstance(values, dict):
        raise ConfigError(f"Mục [{section}] trong tệp cấu hình phải là một bảng (dòng "
                          f"“[{section}]” rồi các dòng khóa = giá trị).")
    for key in values:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = (f"có phải là “{close[0]}”?" if close
                else f"các khóa dùng được: {', '.join(known)}.")
        raise ConfigError(f"Mục [{section}] có khóa “{key}” không dùng được; {hint}")


def _correction(value: object) -> dict:
    """`correction_days`: a number of days after the check, or a date for every unit."""
    if isinstance(value, bool):
        raise ConfigError("Mục [document] correction_days phải là số ngày (ví dụ 5) hoặc một "
                          "ngày (ví dụ \"12/08/2013\").")
    if isinstance(value, int):
        if value < 0:
            raise ConfigError("Mục [document] correction_days không được là số âm.")
        return {"correction_days": value, "correction_date": None}
    return {"correction_days": None, "correction_date": _date(value, "correction_days")}


def _path(value: object, base: Path) -> Path | None:
    if not value:
        return None
    p = Path(str(value))
    return p if p.is_absolute() else base / p


def _deadline(value: object) -> dict:
    """`deadline` is a full date (2012-07-25) or a day and month repeated every year ("25/7")."""
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{1,2})\s*", value)
        if m:
            day, month = int(m.group(1)), int(m.group(2))
            try:
                dt.date(2000, month, day)
            except ValueError as exc:
                raise ConfigError(f"Hạn gửi báo cáo “{value}” không phải ngày/tháng hợp lệ.") from exc
            return {"deadline": None, "deadline_md": (month, day)}
    return {"deadline": _date(value, "deadline"), "deadline_md": None}


def _date(value: object, key: str) -> dt.date | None:
    """A date of [document]: a TOML date (2013-08-12) or a string "12/08/2013" (day first, as
    Vietnamese write it) or "2013-08-12"."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", text)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ConfigError(f"Mục [document] {key}: “{value}” không phải một ngày hợp lệ; viết "
                          "dạng \"12/08/2013\" (ngày/tháng/năm) hoặc 2013-08-12.") from exc
