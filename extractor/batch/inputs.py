"""Enumerate a batch's inputs lazily: files, folders (recursive, sorted) and zip archives.

Memory stays flat in the number of files: folders are walked one directory at a time, zip
members are read one at a time into memory (never extracted to disk) after their declared size
was checked, and nothing is kept once an item has been yielded.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from .task import TaskInput

SUPPORTED_SUFFIXES = (".txt", ".text", ".md", ".pdf")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that is not extracted: ``skipped`` (unsupported) or ``error`` (unreadable,
    too large, a corrupt archive)."""

    key: str
    path: str
    member: str | None
    status: str  # skipped | error
    code: str
    message: str
    size: int = 0
    sha256: str = ""


InputItem = TaskInput | Rejected


def escape_key_part(text: str) -> str:
    """``text`` as a key part that holds no ``!`` (the key separator).

    Injective and the identity on ordinary names: a part with no ``!`` and no ``%21``/``%25``
    is kept as is; any other part has ``%`` and ``!`` percent-escaped, and its escaped form
    always holds ``%21`` or ``%25``, so it can never equal a part kept as is."""
    if "!" not in text and "%21" not in text and "%25" not in text:
        return text
    return text.replace("%", "%25").replace("!", "%21")


def file_key(path: str) -> str:
    """The key of a file on disk: its path, escaped so that it holds no ``!``."""
    return escape_key_part(path)


def member_key(path: str, member: str, occurrence: int = 1) -> str:
    """The key of a zip member: ``archive!member``; the n-th member of the same name (n > 1)
    is ``archive!n!member``. Parts never hold ``!``, so distinct (archive, member,
    occurrence) triples give distinct keys, and no member key equals a file key."""
    parts = [escape_key_part(path), escape_key_part(member)]
    if occurrence > 1:
        parts.insert(1, str(occurrence))
    return "!".join(parts)


def iter_inputs(
    inputs: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES, exclude: Iterable[str] = ()
) -> Iterator[InputItem]:
    """Every input item, in order: files as given, folders walked, archives opened.

    Folders listed in ``exclude`` (the batch's output folder) are not walked."""
    skip = _resolved(exclude)
    for item in inputs:
        try:
            info = os.stat(item)
        except OSError as error:
            key = file_key(item)
            if error.errno == errno.ENOENT:
                yield Rejected(key, item, None, "error", "not_found", f"{item}: no such file")
            else:
                message = f"{item}: {error.strerror or error}"
                yield Rejected(key, item, None, "error", "unreadable", message)
            continue
        if stat.S_ISDIR(info.st_mode):
            for file in _walk(Path(item), skip):
                yield from _file_items(str(file), max_bytes)
        else:
            yield from _file_items(item, max_bytes)


def count_inputs(inputs: Iterable[str], exclude: Iterable[str] = ()) -> int:
    """How many items ``iter_inputs`` will yield (names only: nothing is read or hashed)."""
    skip = _resolved(exclude)
    total = 0
    for item in inputs:
        path = Path(item)
        files = _walk(path, skip) if _is_dir(item) else [path]
        for file in files:
            if file.suffix.lower() == ".zip" and _regular(str(file)):
                try:
                    with zipfile.ZipFile(file) as archive:
                        total += sum(not info.is_dir() for info in archive.infolist()) or 1
                except (OSError, zipfile.BadZipFile, ValueError, RuntimeError):
                    total += 1
            else:
                total += 1
    return total


def _resolved(folders: Iterable[str]) -> set[str]:
    return {os.path.realpath(folder) for folder in folders}


def _is_dir(name: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(name).st_mode)
    except OSError:
        return False


def _regular(name: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(name).st_mode)
    except OSError:
        return False


def _walk(folder: Path, skip: set[str] = frozenset()) -> Iterator[Path]:
    """Every non-directory entry under ``folder``, recursively, in sorted order, one directory
    listed at a time. Symlinks are not followed here (a symlinked folder or a symlink loop is
    yielded as an entry and judged by ``_file_items``), and folders in ``skip`` (resolved
    paths) are left out, so an output folder inside an input folder is never read as input."""
    if skip and os.path.realpath(folder) in skip:
        return
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(Path(entry.path), skip)
        else:
            yield Path(entry.path)


_KINDS = {
    stat.S_IFDIR: "a directory (symlinked folders are not followed)",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _open_regular(name: str, key: str) -> tuple[int, int] | Rejected:
    """``(fd, size)`` of ``name`` opened for reading, or why it is not read.

    Only regular files are read: a FIFO would block, a device (``/dev/zero``) never ends. The
    kind is checked before opening (opening some devices has effects), the file is opened
    non-blocking and checked again on the descriptor (it may have been swapped in between)."""
    try:
        info = os.stat(name)
        if stat.S_ISREG(info.st_mode):
            fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode):
                os.set_blocking(fd, True)
                return fd, info.st_size
            os.close(fd)
    except OSError as error:
        message = f"{name}: {error.strerror or error}"
        return Rejected(key, name, None, "error", "unreadable", message)
    kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
    message = f"{name}: not read: {kind}; only regular files are read"
    return Rejected(key, name, None, "skipped", "special_file", message)


def _file_items(name: str, max_bytes: int) -> Iterator[InputItem]:
    key = file_key(name)
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES and suffix != ".zip":
        yield _unsupported(key, name, None, _size(name))
        return
    opened = _open_regular(name, key)
    if isinstance(opened, Rejected):
        yield opened
        return
    fd, size = opened
    if suffix == ".zip":
        with os.fdopen(fd, "rb") as handle:
            yield from _zip_items(name, key, handle, max_bytes)
        return
    if size > max_bytes:
        os.close(fd)
        message = f"{name}: {size} bytes is over the {max_bytes}-byte limit"
        yield Rejected(key, name, None, "error", "too_large", message, size)
        return
    try:
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        message = f"{name}: {error.strerror or error}"
        yield Rejected(key, name, None, "error", "unreadable", message)
        return
    if len(data) > max_bytes:  # the file grew while it was read
        message = f"{name}: over the {max_bytes}-byte limit"
        yield Rejected(key, name, None, "error", "too_large", message, len(data))
        return
    yield TaskInput(key, name, None, hashlib.sha256(data).hexdigest(), len(data), data)


def _zip_items(
    name: str, archive_key: str, stream: BinaryIO, max_bytes: int
) -> Iterator[InputItem]:
    try:
        archive = zipfile.ZipFile(stream)
        infos = sorted((i for i in archive.infolist() if not i.is_dir()), key=lambda i: i.filename)
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError) as error:
        message = f"{name}: not a readable zip archive ({error})"
        yield Rejected(archive_key, name, None, "error", "bad_zip", message, _size(name))
        return
    seen: dict[str, int] = {}
    with archive:
        for info in infos:
            member = info.filename
            seen[member] = seen.get(member, 0) + 1
            key = member_key(name, member, seen[member])
            if PurePosixPath(member).suffix.lower() not in SUPPORTED_SUFFIXES:
                yield _unsupported(key, name, member, info.file_size)
                continue
            if info.file_size > max_bytes:
                message = f"{key}: {info.file_size} bytes is over the {max_bytes}-byte limit"
                yield Rejected(key, name, member, "error", "too_large", message, info.file_size)
                continue
            try:
                with archive.open(info) as handle:
                    data = handle.read(max_bytes + 1)
            except (OSError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError) as error:
                message = f"{key}: cannot read the archive member ({error})"
                yield Rejected(key, name, member, "error", "bad_zip_member", message)
                continue
            if len(data) > max_bytes:  # the declared size lied
                message = f"{key}: over the {max_bytes}-byte limit"
                yield Rejected(key, name, member, "error", "too_large", message, len(data))
                continue
            yield TaskInput(key, name, member, hashlib.sha256(data).hexdigest(), len(data), data)


def _unsupported(key: str, path: str, member: str | None, size: int) -> Rejected:
    suffix = PurePosixPath(member or path).suffix or "(none)"
    message = f"{key}: unsupported file type {suffix} (supported: {', '.join(SUPPORTED_SUFFIXES)})"
    return Rejected(key, path, member, "skipped", "unsupported", message, size)


def _size(name: str) -> int:
    try:
        return os.path.getsize(name)
    except OSError:
        return 0
