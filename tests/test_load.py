"""Stage 1 (load): reading files or stdin and decoding them to text without crashing."""

from __future__ import annotations

import builtins
import hashlib
import io
import json
import os
import pathlib
import random
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.load import LoadError, load_text, read_bytes

PK_TEXT = (
    "PERJANJIAN KINERJA TAHUN 2025\n"
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, kami yang bertanda tangan "
    "di bawah ini :\n"
    "Nama : ISKANDAR MUDA, S.Sos.,M.Si\n"
    "Jabatan : Plt. KEPALA DINAS PM-PTSP KABUPATEN LUWU TIMUR\n"
    "Malili, 02 Januari 2025\n"
)
# Text with letters outside ASCII, as printed in names, targets and legal references.
ACCENTED_TEXT = "Nama : JOSÉ RAMÓN, S.E.\nTarget ≥ 80 %\nRPJMD 2021 – 2026\n"


def _write(tmp_path: Path, data: bytes, name: str = "pk.txt") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _load_error(path: str, **kwargs) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load_text(path, **kwargs)
    return caught.value


def _is_utf16(encoding: str | None) -> bool:
    return encoding is not None and encoding.lower().replace("_", "-").startswith("utf-16")


# --- encodings --------------------------------------------------------------------------


def test_utf8_text_is_decoded_as_is(tmp_path: Path) -> None:
    loaded = load_text(_write(tmp_path, ACCENTED_TEXT.encode("utf-8")))
    assert loaded.text == ACCENTED_TEXT
    assert loaded.encoding is not None
    assert loaded.encoding.lower().replace("_", "-").startswith("utf-8")


def test_utf8_bom_is_removed_from_the_text(tmp_path: Path) -> None:
    loaded = load_text(_write(tmp_path, b"\xef\xbb\xbf" + PK_TEXT.encode("utf-8")))
    assert loaded.text == PK_TEXT
    assert not loaded.text.startswith("\ufeff")
    assert loaded.text.splitlines()[0] == "PERJANJIAN KINERJA TAHUN 2025"


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")],
    ids=["le", "be"],
)
def test_utf16_with_bom(tmp_path: Path, bom: bytes, codec: str) -> None:
    loaded = load_text(_write(tmp_path, bom + ACCENTED_TEXT.encode(codec)))
    assert loaded.text == ACCENTED_TEXT
    assert "\x00" not in loaded.text
    assert _is_utf16(loaded.encoding)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_with_accented_letters(tmp_path: Path, codec: str) -> None:
    loaded = load_text(_write(tmp_path, (PK_TEXT + ACCENTED_TEXT).encode(codec)))
    assert loaded.text == PK_TEXT + ACCENTED_TEXT
    assert _is_utf16(loaded.encoding)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_ascii_only(tmp_path: Path, codec: str) -> None:
    loaded = load_text(_write(tmp_path, PK_TEXT.encode(codec)))
    assert loaded.text == PK_TEXT
    assert _is_utf16(loaded.encoding)


def test_cp1252_en_dash_and_accented_letter(tmp_path: Path) -> None:
    data = b"RPJMD 2021 \x96 2026\nNama : JOS\xc9 RAM\xd3N\nCaf\xe9 \x93Sejahtera\x94\n"
    loaded = load_text(_write(tmp_path, data))
    assert loaded.text == "RPJMD 2021 – 2026\nNama : JOSÉ RAMÓN\nCafé “Sejahtera”\n"


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path: Path) -> None:
    # 0x81, 0x8D, 0x8F, 0x90 and 0x9D have no character in cp1252; the file must still load,
    # one character per byte, with the Latin-1 letters right.
    data = b"Nama : JOS\xc9\x81\nTarget 95%\x8d\x8f\x90\x9d\n"
    loaded = load_text(_write(tmp_path, data))
    assert loaded.text == "Nama : JOSÉ\x81\nTarget 95%\x8d\x8f\x90\x9d\n"
    assert loaded.encoding is not None
    assert loaded.encoding.lower().replace("_", "-") in ("latin-1", "iso-8859-1", "latin1")


# --- line ends --------------------------------------------------------------------------


def test_crlf_becomes_lf(tmp_path: Path) -> None:
    data = PK_TEXT.replace("\n", "\r\n").encode("utf-8")
    loaded = load_text(_write(tmp_path, data))
    assert "\r" not in loaded.text
    assert loaded.text == PK_TEXT


def test_crlf_in_utf16_becomes_lf(tmp_path: Path) -> None:
    data = b"\xff\xfe" + PK_TEXT.replace("\n", "\r\n").encode("utf-16-le")
    loaded = load_text(_write(tmp_path, data))
    assert loaded.text == PK_TEXT


def test_lone_cr_line_ends_become_lf(tmp_path: Path) -> None:
    loaded = load_text(_write(tmp_path, b"LAMPIRAN I\rTABEL KINERJA\rTAHUN 2025\r"))
    assert loaded.text == "LAMPIRAN I\nTABEL KINERJA\nTAHUN 2025\n"


def test_form_feeds_and_tabs_are_kept(tmp_path: Path) -> None:
    text = "No\tSasaran\tTarget\n1\tMeningkatnya investasi\t96%\n\fLAMPIRAN II\n"
    loaded = load_text(_write(tmp_path, text.encode("utf-8")))
    assert loaded.text == text


# --- provenance -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        PK_TEXT.replace("\n", "\r\n").encode("utf-8"),
        b"\xff\xfe" + PK_TEXT.encode("utf-16-le"),
        b"Caf\xe9 \x96 2025\r\n",
    ],
    ids=["utf8-crlf", "utf16", "cp1252"],
)
def test_sha256_and_size_are_of_the_file_bytes(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, data)
    loaded = load_text(path)
    assert loaded.sha256 == hashlib.sha256(data).hexdigest()
    assert loaded.size_bytes == len(data)
    assert loaded.path == path


# --- refused inputs ---------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b" \n\r\n\t  \n"], ids=["zero-bytes", "whitespace"])
def test_empty_file_is_refused(tmp_path: Path, data: bytes) -> None:
    assert _load_error(_write(tmp_path, data)).code == "empty"


@pytest.mark.parametrize(
    "data",
    [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\r\n  \r\n"],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf8-bom-blank-lines"],
)
def test_bom_only_file_is_empty(tmp_path: Path, data: bytes) -> None:
    assert _load_error(_write(tmp_path, data)).code == "empty"


def test_random_bytes_are_refused_as_binary(tmp_path: Path) -> None:
    data = random.Random(20250102).randbytes(8192)
    assert _load_error(_write(tmp_path, data)).code == "binary"


def test_elf_executable_is_refused_as_binary(tmp_path: Path) -> None:
    header = (
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00"
        b"\x60\x10\x40\x00\x00\x00\x00\x00\x40\x00\x00\x00\x00\x00\x00\x00"
    )
    body = bytes(range(256)) * 16 + b"\x00\x00\x00\x00GLIBC_2.2.5\x00" * 8
    assert _load_error(_write(tmp_path, header + body)).code == "binary"


def test_pdf_file_is_refused(tmp_path: Path) -> None:
    data = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    error = _load_error(_write(tmp_path, data, "pk.pdf"))
    assert "pdf" in error.code.lower()
    assert error.code not in ("binary", "empty")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    error = _load_error(str(tmp_path / "does-not-exist.txt"))
    assert error.code == "not_found"


def _guard_whole_reads(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    """Make any unbounded (or over-limit) read of an opened file fail the test."""

    class Guarded:
        def __init__(self, handle):
            self._handle = handle

        def read(self, size=-1):
            if size is None or size < 0 or size > limit:
                raise AssertionError(f"whole-file read (size={size}) of an oversized input")
            return self._handle.read(size)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self._handle.__exit__(*exc)

        def __getattr__(self, name):
            return getattr(self._handle, name)

    real_open, real_path_open = builtins.open, pathlib.Path.open
    monkeypatch.setattr(builtins, "open", lambda *a, **k: Guarded(real_open(*a, **k)))
    monkeypatch.setattr(pathlib.Path, "open", lambda *a, **k: Guarded(real_path_open(*a, **k)))


def test_file_over_max_bytes_is_refused_before_being_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: size on disk stays ~0
        handle.write(b"PERJANJIAN KINERJA TAHUN 2025\n")
        handle.truncate(10_000_000)
    _guard_whole_reads(monkeypatch, limit=4097)
    error = _load_error(str(path), max_bytes=4096)
    assert error.code == "too_large"


def test_file_of_exactly_max_bytes_is_accepted(tmp_path: Path) -> None:
    data = (PK_TEXT * 10).encode("utf-8")
    loaded = load_text(_write(tmp_path, data), max_bytes=len(data))
    assert loaded.size_bytes == len(data)


# --- stdin ------------------------------------------------------------------------------


class _FakeStdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


def test_read_bytes_dash_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = PK_TEXT.encode("utf-8")
    monkeypatch.setattr(sys, "stdin", _FakeStdin(data))
    assert read_bytes("-") == data


def test_stdin_over_max_bytes_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _FakeStdin(b"x" * 5000))
    with pytest.raises(LoadError) as caught:
        read_bytes("-", max_bytes=4096)
    assert caught.value.code == "too_large"


def test_load_text_from_stdin_decodes_and_records_provenance(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = b"\xff\xfe" + PK_TEXT.replace("\n", "\r\n").encode("utf-16-le")
    monkeypatch.setattr(sys, "stdin", _FakeStdin(data))
    loaded = load_text("-")
    assert loaded.text == PK_TEXT
    assert loaded.path == "-"
    assert loaded.sha256 == hashlib.sha256(data).hexdigest()
    assert loaded.size_bytes == len(data)


def test_empty_stdin_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _FakeStdin(b""))
    assert _load_error("-").code == "empty"


# --- the real sample ----------------------------------------------------------------------

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pk-dpmptsp-luwu-timur-2025.txt"


def test_real_sample_loads_as_utf8_text() -> None:
    data = SAMPLE.read_bytes()
    loaded = load_text(str(SAMPLE))
    assert loaded.size_bytes == len(data)
    assert loaded.sha256 == hashlib.sha256(data).hexdigest()
    assert loaded.text == data.decode("utf-8").replace("\r\n", "\n")
    assert "Malili, 02 Januari 2025" in loaded.text
    assert "2021 – 2026" in loaded.text  # the en dash survives decoding


# --- special files (issue 9) -------------------------------------------------------------


def test_issue_9_special_files_are_not_a_file_not_not_found(tmp_path: Path) -> None:
    """Only regular files are read: a folder or a device is ``not_a_file``, named."""
    for path, kind in ((str(tmp_path), "folder"), ("/dev/null", "character device")):
        error = _load_error(path)
        assert error.code == "not_a_file"
        assert error.message == f"{path}: not read: a {kind}; only regular files are read"


def test_issue_9_extract_of_a_fifo_says_not_a_file_without_blocking(tmp_path: Path) -> None:
    """The old code said ``not_found`` for a FIFO (and opening one for reading blocks until
    a writer comes): run in a child with a timeout so that a regression fails, not hangs."""
    fifo = tmp_path / "pk.txt"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=pathlib.Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 1, result.stderr
    error = json.loads(result.stdout)["errors"][0]
    assert error["code"] == "not_a_file"
    message = f"{fifo}: not read: a FIFO (named pipe); only regular files are read"
    assert result.stderr == f"extractor: {message}\n"
