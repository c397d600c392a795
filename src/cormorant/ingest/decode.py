"""Bytes to text: refuse binaries, find the encoding, never guess silently."""

from __future__ import annotations

import codecs
import re

from cormorant.errors import BinaryInputError, EncodingError

# File signatures of formats that are certainly not text.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"), (b"PK\x03\x04", "ZIP/Office"), (b"\x89PNG", "PNG"), (b"GIF8", "GIF"),
    (b"\xff\xd8\xff", "JPEG"), (b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"),
    (b"\xfd7zXZ", "xz"), (b"7z\xbc\xaf", "7z"), (b"\x7fELF", "ELF"),
    (b"SQLite format 3", "SQLite"), (b"\xd0\xcf\x11\xe0", "OLE/Office"), (b"RIFF", "RIFF"),
    (b"OggS", "Ogg"), (b"ID3", "MP3"), (b"\x00\x00\x01\x00", "icon"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that never occur in real text (tab, newlines, form feed are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
# An encoding declared by an HTML meta tag or an XML declaration.
_DECLARED = re.compile(
    rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?|<\?xml[^>]{0,100}?encoding\s*=\s*["'])"""
    rb"([A-Za-z0-9_.:-]{2,40})", re.I,
)
SNIFF_BYTES = 65536


def check_binary(head: bytes) -> None:
    """Raise ``BinaryInputError`` when the leading bytes are not text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise BinaryInputError(f"{kind} file, not text")
    if any(head.startswith(bom) for bom, _ in _BOMS) or utf16_without_bom(head):
        return  # UTF-16/32 text legitimately contains NUL bytes
    if b"\x00" in head:
        raise BinaryInputError("NUL bytes: not a text file")


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when the bytes look like UTF-16 text that lost its
    byte-order mark: mostly Latin-script text has a NUL in every other byte."""
    sample = head[:4096]
    half = len(sample) // 2
    if half < 8:
        return None
    even = sample[0::2].count(0) / half
    odd = sample[1::2].count(0) / half
    if odd >= 0.4 and even <= 0.02:
        return "utf-16-le"
    if even >= 0.4 and odd <= 0.02:
        return "utf-16-be"
    return None


def declared_encoding(head: bytes) -> str | None:
    """The codec an HTML/XML document declares for itself, if Python knows it."""
    m = _DECLARED.search(head[:4096])
    if m is None:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_bytes(data: bytes) -> str:
    """Decode text: BOM, then UTF-16 that lost its BOM, then UTF-8, then a declared
    HTML/XML charset, then cp1252; mostly-UTF-8 with a few bad bytes is decoded with
    replacement characters, UTF-8 mixed with more cp1252 bytes reads those as cp1252.
    Raises ``BinaryInputError`` or ``EncodingError``."""
    check_binary(data[:SNIFF_BYTES])
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec), codec)
            except UnicodeDecodeError as e:
                raise EncodingError(f"bad {codec} after its byte-order mark: {e}") from e
    wide = utf16_without_bom(data[:SNIFF_BYTES])
    if wide is not None:
        decoded = _try_decode(data[: len(data) - len(data) % 2], wide)
        if decoded is None:
            raise EncodingError(f"looks like {wide} without a byte-order mark, but does not decode")
        return _checked(decoded, wide)
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        bad = utf8_error
    declared = declared_encoding(data)
    if declared is not None and declared not in _GUESSED:
        text = _try_decode(data, declared)
        if text is not None:  # else a wrong declaration: go on with the usual guesses
            return _checked(text, declared)
    if _UTF8_MULTIBYTE.search(data):
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") <= max(2, len(text) // 1000):
            return _checked(text, "utf-8")
        # Mixed: UTF-8 pasted together with cp1252/latin-1 (each bad byte read as cp1252).
        codecs.register_error(_MIXED, _as_cp1252)
        return _checked(data.decode("utf-8", errors=_MIXED), "utf-8 mixed with cp1252")
    try:
        return _checked(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError as e:
        raise EncodingError(
            f"neither UTF-8 ({bad.reason} at byte {bad.start}) nor cp1252/latin-1 text "
            f"(byte 0x{data[e.start]:02x} at {e.start})"
        ) from e


_MIXED = "cormorant-cp1252"


def _as_cp1252(e: UnicodeError) -> tuple[str, int]:
    """An error handler: the bytes UTF-8 could not decode, read as cp1252 (else latin-1)."""
    if not isinstance(e, UnicodeDecodeError):
        raise e
    bad = e.object[e.start:e.end]
    return "".join(_cp1252_char(b) for b in bad), e.end


def _cp1252_char(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([b]).decode("latin-1")


_GUESSED = frozenset({"utf-8", "ascii", "cp1252", "latin-1", "iso8859-1"})


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _checked(text: str, codec: str) -> str:
    n = len(_CONTROL.findall(text[:SNIFF_BYTES]))
    if n > max(3, len(text[:SNIFF_BYTES]) // 200):
        raise BinaryInputError(f"{n} control characters after decoding as {codec}: not text")
    return text
