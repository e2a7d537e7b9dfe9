"""Enumerate a batch's inputs lazily: files, folders (recursive, sorted) and zip archives.

Memory stays flat in the number of files: folders are walked one directory at a time, zip
members are read one at a time into memory (never extracted to disk) after their declared size
was checked, and nothing is kept once an item has been yielded.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

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


def member_key(path: str, member: str) -> str:
    return f"{path}!{member}"


def iter_inputs(inputs: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[InputItem]:
    """Every input item, in order: files as given, folders walked, archives opened."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for file in _walk(path):
                yield from _file_items(str(file), max_bytes)
        elif path.exists():
            yield from _file_items(item, max_bytes)
        else:
            yield Rejected(item, item, None, "error", "not_found", f"{item}: no such file")


def count_inputs(inputs: Iterable[str]) -> int:
    """How many items ``iter_inputs`` will yield (names only: nothing is read or hashed)."""
    total = 0
    for item in inputs:
        path = Path(item)
        files = _walk(path) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() == ".zip" and file.exists():
                try:
                    with zipfile.ZipFile(file) as archive:
                        total += sum(not info.is_dir() for info in archive.infolist()) or 1
                except (OSError, zipfile.BadZipFile, ValueError, RuntimeError):
                    total += 1
            else:
                total += 1
    return total


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, recursively, in sorted order, one directory listed at a time."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def _file_items(name: str, max_bytes: int) -> Iterator[InputItem]:
    suffix = Path(name).suffix.lower()
    if suffix == ".zip":
        yield from _zip_items(name, max_bytes)
        return
    if suffix not in SUPPORTED_SUFFIXES:
        yield _unsupported(name, name, None, _size(name))
        return
    try:
        size = os.path.getsize(name)
        if size > max_bytes:
            message = f"{name}: {size} bytes is over the {max_bytes}-byte limit"
            yield Rejected(name, name, None, "error", "too_large", message, size)
            return
        data = Path(name).read_bytes()
    except OSError as error:
        message = f"{name}: {error.strerror or error}"
        yield Rejected(name, name, None, "error", "unreadable", message)
        return
    yield TaskInput(name, name, None, hashlib.sha256(data).hexdigest(), len(data), data)


def _zip_items(name: str, max_bytes: int) -> Iterator[InputItem]:
    try:
        archive = zipfile.ZipFile(name)
        infos = sorted((i for i in archive.infolist() if not i.is_dir()), key=lambda i: i.filename)
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError) as error:
        message = f"{name}: not a readable zip archive ({error})"
        yield Rejected(name, name, None, "error", "bad_zip", message, _size(name))
        return
    with archive:
        for info in infos:
            member = info.filename
            key = member_key(name, member)
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
