"""The input folder: walking it and deciding, without reading, whether an entry may be opened.

What is not a plain file inside the input folder (symlinks pointing out, FIFOs, devices) and
files too large to have come by e-mail are refused or ignored with a Vietnamese reason for the
intake ledger. The walk itself is bounded in depth and count. The archive pre-check
(archive_check.py) and the limited child (report_gen.sandbox) are the next two layers."""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path

# A real form is a few tens of KB; e-mail services cap attachments at about 25 MB.
MAX_FILE_BYTES = 25 * 1024 * 1024
# The folder walk: files and depth beyond any real input folder.
MAX_FOLDER_FILES = 10_000
MAX_FOLDER_DEPTH = 16


def mb(n: float) -> str:
    """Bytes as megabytes, Vietnamese style ("25 MB", "1,5 MB")."""
    v = math.ceil(n / (1024 * 1024) * 10) / 10  # rounded up: 25 MB + 1 byte is "25,1 MB"
    text = f"{v:.0f}" if v == int(v) else f"{v:.1f}".replace(".", ",")
    return f"{text} MB"


def walk(root: Path) -> list[Path]:
    """Every entry under `root` that is not a directory (regular files, symlinks, FIFOs, ...),
    sorted. Symlinked folders are not followed; depth and count are bounded."""
    found: list[Path] = []

    def visit(folder: Path, depth: int) -> None:
        if depth > MAX_FOLDER_DEPTH:
            return
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        for e in entries:
            if len(found) >= MAX_FOLDER_FILES:
                return
            try:
                is_dir = e.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                visit(Path(e.path), depth + 1)
            else:
                found.append(Path(e.path))

    visit(Path(root), 0)
    return sorted(found)


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
