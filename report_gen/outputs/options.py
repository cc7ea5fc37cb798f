"""[outputs] of the configuration: the outputs an officer may turn off. Read before a build
reads any file (a wrong key stops it early) and without importing the outputs themselves (their
libraries load after the PDF has started rendering)."""

from __future__ import annotations

from dataclasses import dataclass

from report_gen.config import ConfigError, Settings


@dataclass(frozen=True)
class DocxSettings:
    """[outputs] of the configuration, as far as the Word copy goes."""

    enabled: bool = True

    @classmethod
    def from_settings(cls, settings: Settings) -> DocxSettings:
        section = settings.extra.get("outputs", {})
        if not isinstance(section, dict):
            raise ConfigError("Mục [outputs] trong tệp cấu hình phải là một bảng (dạng "
                              "[outputs] rồi các dòng khóa = giá trị).")
        unknown = sorted(set(section) - {"docx"})
        if unknown:
            raise ConfigError(f"Mục [outputs] có khóa không dùng được: {', '.join(unknown)} "
                              "(khóa dùng được: docx).")
        value = section.get("docx", True)
        if not isinstance(value, bool):
            raise ConfigError(f"Mục [outputs] docx phải là true hoặc false, không phải "
                              f"“{value}”.")
        return cls(enabled=value)


