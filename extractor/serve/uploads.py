"""Uploads streamed to a private folder, counted and hashed as they arrive.

The body is never held whole in memory and never written outside ``directory`` (0700, files
0600); it is refused with 413 as soon as it passes the byte limit, not after it was stored.
A client's file name is only a label for the record: reduced to a bare name, never a path."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import regex
from fastapi import Request
from python_multipart.multipart import MultipartParser, parse_options_header

from .problems import ProblemError

DEFAULT_NAME = "upload"
# Multipart framing (boundaries, part headers, small fields) a body may carry on top of the
# input's byte limit.
FRAMING_ALLOWANCE = 64 * 1024
# What a body may be: a PDF or a text bundle, raw or as the multipart part ``file``.
MEDIA_TYPES = (
    "multipart/form-data",
    "application/octet-stream",
    "application/pdf",
    "text/plain",
    "text/markdown",
)
_UNSAFE = regex.compile(r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+")


@dataclass
class Upload:
    path: Path
    name: str
    size: int
    sha256: str

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def safe_name(name: str | None) -> str:
    """The last component of a client's file name, without control characters; a label
    for ``source.path``, never opened (``../../etc/passwd`` becomes ``passwd``)."""
    if not name:
        return DEFAULT_NAME
    base = regex.split(r"[/\\]", name)[-1]
    base = _UNSAFE.sub("", base).strip().lstrip(".")
    return base[:200] or DEFAULT_NAME


def too_large(limit: int, jobs: bool = False) -> ProblemError:
    detail = f"the input is over the {limit}-byte limit"
    if jobs:
        return ProblemError(
            413,
            "too-large-for-sync",
            "Too large for a synchronous extraction",
            f"{detail} of POST /v1/extract; submit it to POST /v1/jobs",
            jobs="/v1/jobs",
        )
    return ProblemError(413, "too-large", "Input too large", detail)


class _Sink:
    """A temp file in the private folder that counts and hashes what is written to it."""

    def __init__(self, directory: Path, limit: int, limit_error: ProblemError) -> None:
        fd, name = tempfile.mkstemp(prefix="upload-", dir=directory)  # mode 0600
        self.handle = os.fdopen(fd, "wb")
        self.path = Path(name)
        self.limit, self.limit_error = limit, limit_error
        self.size = 0
        self.hash = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise self.limit_error
        self.hash.update(data)
        self.handle.write(data)

    def close(self, name: str) -> Upload:
        self.handle.close()
        return Upload(self.path, name, self.size, self.hash.hexdigest())

    def abort(self) -> None:
        self.handle.close()
        self.path.unlink(missing_ok=True)


async def receive(
    request: Request,
    directory: Path,
    limit: int,
    limit_error: ProblemError,
    name: str | None = None,
) -> Upload:
    """The body (raw) or the ``file`` part (multipart/form-data) as an ``Upload``."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + FRAMING_ALLOWANCE:
        raise limit_error  # multipart framing aside, it cannot fit
    # No Content-Type: bytes of unknown type (RFC 9110 8.3), as application/octet-stream.
    header = request.headers.get("content-type") or "application/octet-stream"
    media, params = parse_options_header(header)
    if media.decode("latin-1") not in MEDIA_TYPES:
        raise ProblemError(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            f"send the input as one of: {', '.join(MEDIA_TYPES)}",
        )
    sink = _Sink(directory, limit, limit_error)
    try:
        if media == b"multipart/form-data":
            filename = await _multipart(request.stream(), params.get(b"boundary"), sink)
            name = filename or name
        else:
            async for chunk in request.stream():
                sink.write(chunk)
        if sink.size == 0:  # no body: nothing to extract, the client's mistake
            raise ProblemError(400, "empty-upload", "Empty upload", "the input has no bytes")
        return sink.close(safe_name(name))
    except BaseException:
        sink.abort()
        raise


async def _multipart(stream: AsyncIterator[bytes], boundary: bytes | None, sink: _Sink) -> str:
    """Stream the part named ``file`` into ``sink``; its file name. Other parts are skipped
    but still counted: every body byte counts against the limit plus ``FRAMING_ALLOWANCE``
    (a chunked body has no Content-Length to refuse up front). The body is complete only
    if the parser saw the closing boundary (``on_end``); a cut-off upload is a 400, not a
    shorter input."""
    if not boundary:
        raise ProblemError(400, "bad-multipart", "Malformed upload", "no multipart boundary")
    state: dict = {"headers": {}, "field": b"", "value": b"", "file": False, "found": False}
    state["ended"] = False
    state["name"] = ""

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        state["headers"][state["field"].lower()] = state["value"]
        state["field"], state["value"] = b"", b""

    def on_headers_finished() -> None:
        _, options = parse_options_header(state["headers"].get(b"content-disposition", b""))
        state["file"] = options.get(b"name") == b"file" and not state["found"]
        if state["file"]:
            state["found"] = True
            state["name"] = options.get(b"filename", b"").decode("utf-8", "replace")
        state["headers"] = {}

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if state["file"]:
            sink.write(data[start:end])

    callbacks = {
        "on_header_field": on_header_field,
        "on_header_value": on_header_value,
        "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished,
        "on_part_data": on_part_data,
        "on_end": lambda: state.update(ended=True),
    }
    received = 0
    try:
        parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
        async for chunk in stream:
            received += len(chunk)
            if received > sink.limit + FRAMING_ALLOWANCE:
                raise sink.limit_error
            parser.write(chunk)
        parser.finalize()
    except ProblemError:
        raise
    except Exception as error:  # noqa: BLE001 - python-multipart's parse errors
        raise ProblemError(400, "bad-multipart", "Malformed upload", str(error)) from error
    if not state["ended"]:
        raise ProblemError(400, "bad-multipart", "Malformed upload", "no closing boundary")
    if not state["found"]:
        raise ProblemError(400, "bad-multipart", "Malformed upload", "no part named 'file'")
    return state["name"]
