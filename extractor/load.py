"""Stage 1: read an input file (or stdin) and decode it to text, never crashing on bytes."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys

from .document import LoadedText

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # not on Windows (no FIFOs there to block on)
_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class LoadError(Exception):
    """A file that cannot be read as a PK text; ``code`` goes into the error record."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read the whole input, refusing absurd sizes before reading them into memory."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        with os.fdopen(_open_regular(path), "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                message = f"{path}: {size} bytes is over the {max_bytes}-byte limit"
                raise LoadError("too_large", message)
            data = _read_at_most(handle, max_bytes + 1)
    if len(data) > max_bytes:
        raise LoadError("too_large", f"{path}: input is over the {max_bytes}-byte limit")
    return data


def _read_at_most(handle, limit: int) -> bytes:
    """Up to ``limit`` bytes, read in chunks: ``read(limit)`` would allocate ``limit`` bytes
    up front (50 MB for every input, however small), and a file growing while read is still
    cut at the limit."""
    chunks: list[bytes] = []
    left = limit
    while left > 0 and (chunk := handle.read(min(left, 1 << 20))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _open_regular(path: str) -> int:
    """A descriptor of ``path`` opened for reading, when it is a regular file.

    Only regular files are read (as in ``batch``): a FIFO would block, a device such as
    ``/dev/zero`` never ends. The kind is checked before opening (opening some devices has
    effects), then the file is opened non-blocking and checked again on the descriptor (it
    may have been swapped in between); reads of a regular file never block anyway."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise LoadError("not_found", f"{path}: no such file") from None
    if stat.S_ISREG(info.st_mode):
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_BINARY", 0))
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode):
            if _NONBLOCK:
                os.set_blocking(fd, True)
            return fd
        os.close(fd)
    kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
    raise LoadError("not_a_file", f"{path}: not read: {kind}; only regular files are read")


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding): BOMs first, then strict UTF-8, UTF-16 without BOM, cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for bom, name in _UTF16_BOMS.items():
        if data.startswith(bom):
            return data[2:].decode(name, errors="replace"), name
    guess = _utf16_without_bom(data)  # before UTF-8: NUL bytes are valid UTF-8
    if guess:
        return data.decode(guess, errors="replace"), guess
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of Latin script has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nuls > 0.6 and even_nuls < 0.1:
        return "utf-16-le"
    if even_nuls > 0.6 and odd_nuls < 0.1:
        return "utf-16-be"
    return None


def check_text(path: str, data: bytes, text: str) -> None:
    """Refuse empty, PDF and binary inputs with a clear reason."""
    if not text.strip():
        raise LoadError("empty", f"{path}: the file is empty")
    if data.startswith(b"%PDF"):
        raise LoadError("unsupported_pdf", f"{path}: PDF input is not supported by the text loader")
    controls = len(_CONTROL.findall(text, 0, 65536))
    replaced = text.count("\ufffd", 0, 65536)
    sample = min(len(text), 65536) or 1
    if (controls + replaced) / sample > 0.05:
        raise LoadError("binary", f"{path}: the file is binary, not text")


def load_text(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText:
    """Read and decode ``path`` (``-`` for stdin) into a ``LoadedText``."""
    data = read_bytes(path, max_bytes)
    text, encoding = decode(data)
    check_text(path, data, text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return LoadedText(
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        encoding=encoding,
    )
