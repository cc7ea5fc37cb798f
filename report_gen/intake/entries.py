"""The input folder: walking it and deciding, without reading, whether an entry may be opened.

What is not a plain file inside the input folder (symlinks pointing out, FIFOs, devices) and
files too large to have come by e-mail are refused or ignored with a Vietnamese reason for the
intake ledger. The walk lists every entry: files too deep and folders that cannot be listed
are refused with a reason; a folder with more entries than any real one stops the run.
File names are bytes: display_name shows any of them readably. The archive pre-check
(archive_check.py) and the limited child (report_gen.sandbox) are the next two layers."""

from __future__ import annotations

import math
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from report_gen import text as vn

# A real form is a few tens of KB; e-mail services cap attachments at about 25 MB.
MAX_FILE_BYTES = 25 * 1024 * 1024
# The folder walk: files and depth beyond any real input folder.
MAX_FOLDER_FILES = 10_000
MAX_FOLDER_DIRS = 10_000
MAX_FOLDER_DEPTH = 16


def mb(n: float) -> str:
    """Bytes as megabytes, Vietnamese style ("25 MB", "1,5 MB")."""
    v = math.ceil(n / (1024 * 1024) * 10) / 10  # rounded up: 25 MB + 1 byte is "25,1 MB"
    text = f"{v:.0f}" if v == int(v) else f"{v:.1f}".replace(".", ",")
    return f"{text} MB"


class FolderError(Exception):
    """The input folder as a whole cannot be taken in; args[0] is the Vietnamese message. The
    run stops before reading anything: no file is dropped silently and nothing is recorded."""


class FolderTooLarge(FolderError):
    """The input folder holds more entries than any real one."""


@dataclass(frozen=True)
class Refused:
    """An entry found by the walk but never read: a file too deep, a folder that cannot be
    listed. `code` is a problem of report_gen.problems; `fields` fill its message."""

    path: Path
    status: str  # "rejected" or "ignored"
    code: str
    fields: tuple[tuple[str, str], ...] = ()


@dataclass
class Scan:
    """What the walk found: the files to read and the entries refused at walk time."""

    files: list[Path] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)

    def paths(self) -> list[Path]:
        return sorted(self.files + [r.path for r in self.refused])


def scan(root: Path) -> Scan:
    """Walk `root` without following symlinked folders. Every entry that is not a folder is
    listed (regular files, symlinks, FIFOs, ...); files deeper than MAX_FOLDER_DEPTH and folders
    that cannot be listed are refused with their reason, never dropped. Beyond MAX_FOLDER_FILES
    files or MAX_FOLDER_DIRS folders the walk raises FolderTooLarge."""
    root = Path(root)
    found = Scan()
    folders = 0
    pending: list[tuple[Path, int]] = [(root, 0)]  # iterative: no recursion limit to hit
    while pending:
        folder, depth = pending.pop()
        try:
            with os.scandir(folder) as it:
                listed = sorted(it, key=lambda e: os.fsencode(e.name))
        except OSError as exc:
            if folder == root:
                raise FolderError(f"không đọc được thư mục {display_path(root)}: "
                                  f"{_os_reason(exc)}") from None
            found.refused.append(Refused(folder, "rejected", "folder-unreadable",
                                         (("reason", _os_reason(exc)),)))
            continue
        for e in listed:
            try:
                is_dir = e.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                folders += 1
                if folders > MAX_FOLDER_DIRS:
                    raise FolderTooLarge(_too_large(root, f"hơn {vn.number(MAX_FOLDER_DIRS)} "
                                                          "thư mục con"))
                pending.append((Path(e.path), depth + 1))
                continue
            if len(found.files) + len(found.refused) >= MAX_FOLDER_FILES:
                raise FolderTooLarge(_too_large(root, f"hơn {vn.number(MAX_FOLDER_FILES)} tệp"))
            if depth > MAX_FOLDER_DEPTH:
                found.refused.append(Refused(Path(e.path), "rejected", "file-too-deep", (
                    ("depth", str(depth)), ("limit", str(MAX_FOLDER_DEPTH)))))
            else:
                found.files.append(Path(e.path))
    found.files.sort()
    found.refused.sort(key=lambda r: r.path)
    return found


def walk(root: Path) -> list[Path]:
    """Every entry scan() lists (files to read and entries refused), sorted."""
    return scan(root).paths()


def _too_large(root: Path, what: str) -> str:
    return (f"thư mục {display_path(root)} có {what} (giới hạn {vn.number(MAX_FOLDER_FILES)} tệp, "
            f"{vn.number(MAX_FOLDER_DIRS)} thư mục); không có thư mục số liệu thật nào lớn như vậy, "
            "có thể đã chọn nhầm thư mục. Đề nghị kiểm tra lại hoặc chia thành các thư mục nhỏ "
            "hơn; chưa đọc tệp nào và không ghi gì vào kho lịch sử")


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "không có quyền đọc thư mục"
    return f"không mở được thư mục ({exc.strerror or type(exc).__name__})"


# --- names as they arrive: bytes that may not be UTF-8 --------------------------------------

# Encodings tried, in order, for a name that is not UTF-8: archives made on Vietnamese Windows,
# then Western Windows; latin-1 decodes any byte.
NAME_ENCODINGS = ("cp1258", "cp1252", "latin-1")
# Characters never shown as themselves: controls, format characters (e.g. right-to-left
# override), lone surrogates, private use, unassigned, line/paragraph separators.
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def name_encoding(name: str) -> str | None:
    """None when `name` (as os.fsdecode gives it) is valid UTF-8, else the encoding its bytes
    are shown in."""
    raw = os.fsencode(name)
    try:
        raw.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    for enc in NAME_ENCODINGS:
        try:
            raw.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    return "latin-1"  # unreachable: latin-1 decodes any byte


def display_name(name: str) -> str:
    """One path component as shown to people and written to every output: UTF-8 names as they
    are; other bytes decoded best effort (cp1258, cp1252, latin-1); what cannot be shown
    (controls, surrogates, bidi overrides...) as \\xNN / \\uNNNN escapes. Never contains a
    surrogate, so it prints and encodes anywhere (console, JSON, HTML, XLSX, SQLite)."""
    enc = name_encoding(name)
    text = name if enc is None else unicodedata.normalize("NFC", os.fsencode(name).decode(enc))
    return "".join(_escape(c) if unicodedata.category(c) in _HIDDEN else c for c in text)


def raw_name(name: str) -> str:
    """The bytes of a name as ASCII with \\xNN escapes, so the officer can find the file."""
    return os.fsencode(name).decode("ascii", "backslashreplace")


def display_rel(path: Path, root: Path) -> str:
    """`path` relative to `root`, "/"-separated, each component as display_name shows it."""
    return "/".join(display_name(part) for part in Path(path).relative_to(root).parts)


def display_path(path: Path) -> str:
    return "/".join(display_name(part) if part != "/" else "" for part in Path(path).parts) \
        or str(path)


def _escape(c: str) -> str:
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def check_entry(path: Path, root: Path) -> tuple[str, str] | None:
    """Whether `path` (found under `root`) may be opened: None, or ("rejected"|"ignored", reason).
    Never opens anything but a regular file, and then only to check it can be read."""
    try:
        st = os.lstat(path)
    except OSError:
        return "rejected", "tệp không còn trong thư mục hoặc không truy cập được"
    if stat.S_ISLNK(st.st_mode):
        return _check_link(path, root)
    if not stat.S_ISREG(st.st_mode):
        return "rejected", f"không phải tệp thông thường ({_kind(st.st_mode)}); không đọc"
    if st.st_size > MAX_FILE_BYTES:
        return "rejected", (f"tệp quá lớn ({mb(st.st_size)}, giới hạn {mb(MAX_FILE_BYTES)}); "
                            "biểu số liệu thật chỉ vài chục KB, tệp không được đọc")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        os.close(fd)
    except PermissionError:
        return "rejected", "không có quyền đọc tệp; đề nghị kiểm tra quyền truy cập"
    except OSError:
        return "rejected", "không mở được tệp để đọc"
    return None


def _check_link(path: Path, root: Path) -> tuple[str, str]:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "rejected", "liên kết tượng trưng (symlink) bị hỏng hoặc lặp vòng; không đọc"
    if not target.is_relative_to(Path(root).resolve()):
        return "rejected", ("liên kết tượng trưng (symlink) trỏ ra ngoài thư mục số liệu; "
                            "không đọc, vì lý do an toàn")
    rel = target.relative_to(Path(root).resolve()).as_posix()
    return "ignored", (f"liên kết tượng trưng (symlink) tới “{rel}” trong cùng thư mục; "
                       "tệp đó được đọc trực tiếp")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "đường ống FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "tệp thiết bị"
    if stat.S_ISDIR(mode):
        return "thư mục"
    return "loại đặc biệt"
