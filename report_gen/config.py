"""Settings of a run: the shipped defaults, overridden by the user's `report_gen.toml`
(in the working folder, or given with --config)."""

from __future__ import annotations

import dataclasses

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from report_gen.reference.catalogue import Catalogue, load_catalogue
from report_gen.reference.units import UnitList, load_units

CONFIG_NAME = "report_gen.toml"


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
    if config is not None:
        try:
            user = tomllib.loads(Path(config).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"Không tìm thấy tệp cấu hình {config}.") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"Tệp cấu hình {config} viết sai cú pháp TOML: {exc}.") from exc
        raw = _merge(raw, user)
        source = Path(config)
        base_dir = source.parent
    doc = raw.get("document", {})
    data = raw.get("data", {})
    try:
        document = DocumentSettings(
            issuing_parent=str(doc.get("issuing_parent", "")),
            issuing_body=str(doc["issuing_body"]), number=str(doc["number"]),
            place=str(doc["place"]), subject=str(doc["subject"]),
            signer_on_behalf=str(doc["signer_on_behalf"]), signer_title=str(doc["signer_title"]),
            signer_name=str(doc["signer_name"]),
            recipients=tuple(str(r) for r in doc.get("recipients", [])),
            archive=str(doc.get("archive", "Lưu: VT")), province=str(doc["province"]),
            date=_date(doc.get("date")), **_deadline(doc.get("deadline")))
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
    return {"deadline": _date(value), "deadline_md": None}


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ConfigError(f"Ngày “{value}” trong tệp cấu hình không đúng dạng NNNN-TT-NN.") from exc
