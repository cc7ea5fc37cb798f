"""The parts of a zip archive read for the archive pre-check (report_gen.intake.archive_check).

A small part stored or deflated the usual way is inflated straight from the archive's bytes
with zlib: zipfile's reader costs more per part than inflating a small part. Either way the
reader stops at the end of the compressed stream, never at the size the header declares."""

from __future__ import annotations

import zipfile
import zlib

# Parts whose compressed bytes are at most this are inflated here (the unconsumed input copied
# on each read stays small); bigger ones are read by zipfile.
SMALL_PART = 64 * 1024


class Archive:
    """The zip and its bytes. A small part stored or deflated the usual way is inflated
    straight from the bytes with zlib (zipfile's reader costs more per part than inflating a
    small part); any other part is read by zipfile. Either way the reader stops at the end of
    the compressed stream, not at the size the header declares."""

    def __init__(self, zf: zipfile.ZipFile, data: bytes) -> None:
        self.zf = zf
        self.data = data

    def __getattr__(self, name: str):
        return getattr(self.zf, name)

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.zf.close()

    def open(self, info: zipfile.ZipInfo):
        raw = self._raw(info)
        return self.zf.open(info) if raw is None else Inflater(raw, info.compress_type)

    def _raw(self, info: zipfile.ZipInfo) -> memoryview | None:
        """The part's compressed bytes, when the fast reader can take them."""
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) \
                or info.flag_bits & 1 or info.compress_size > SMALL_PART:
            return None  # encrypted, another method, or big: zipfile's reader
        o = info.header_offset
        head = self.data[o:o + 30]
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            return None  # zipfile says what is wrong with it
        start = o + 30 + int.from_bytes(head[26:28], "little") + \
            int.from_bytes(head[28:30], "little")
        return memoryview(self.data)[start:start + info.compress_size]


class Inflater:
    """A file-like reader of one part's inflated bytes (read(n) returns at most n bytes; b""
    at the end of the stream or of the data)."""

    def __init__(self, raw: memoryview, method: int) -> None:
        self._raw: bytes | memoryview = raw
        self._z = zlib.decompressobj(-zlib.MAX_WBITS) if method == zipfile.ZIP_DEFLATED else None

    def __enter__(self) -> "Inflater":
        return self

    def __exit__(self, *exc: object) -> None:
        self._raw = b""

    def read(self, n: int) -> bytes:
        if self._z is None:  # stored
            out, self._raw = bytes(self._raw[:n]), self._raw[n:]
            return out
        if self._z.eof:
            return b""
        # at most SMALL_PART compressed bytes: copying the unconsumed tail each time stays cheap
        out = self._z.decompress(self._raw, n)
        self._raw = self._z.unconsumed_tail
        return out
