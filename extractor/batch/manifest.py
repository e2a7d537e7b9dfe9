"""The batch manifest: one SQLite row per input key (``OUT_DIR/manifest.sqlite``, WAL mode).

Each finished input is committed in its own transaction, after its record file and its JSON
Lines entry were written, so a committed row always has its outputs on disk.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

MANIFEST_NAME = "manifest.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS inputs (
    key TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    member TEXT,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    status TEXT NOT NULL,
    error_code TEXT,
    error_message TEXT,
    pages INTEGER NOT NULL DEFAULT 0,
    agreements INTEGER NOT NULL DEFAULT 0,
    discrepancies INTEGER NOT NULL DEFAULT 0,
    discrepancy_codes TEXT NOT NULL DEFAULT '{}',
    notes INTEGER NOT NULL DEFAULT 0,
    note_codes TEXT NOT NULL DEFAULT '{}',
    seconds REAL NOT NULL DEFAULT 0,
    extractor_version TEXT NOT NULL,
    output_path TEXT,
    same_as TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS inputs_sha ON inputs (sha256, extractor_version, status);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

STATUSES = ("ok", "error", "skipped")
#: Columns added after the first release: ``ALTER TABLE`` adds them to an older manifest.
_ADDED_COLUMNS = {
    "notes": "INTEGER NOT NULL DEFAULT 0",
    "note_codes": "TEXT NOT NULL DEFAULT '{}'",
}


@dataclass(slots=True)
class Row:
    key: str
    path: str
    member: str | None
    sha256: str
    size: int
    status: str  # ok (extracted: ok or partial) | error | skipped
    error_code: str | None
    error_message: str | None
    extractor_version: str
    pages: int = 0
    agreements: int = 0
    discrepancies: int = 0
    discrepancy_codes: dict[str, int] = field(default_factory=dict)
    notes: int = 0  # extraction notes (about the reading)
    note_codes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    output_path: str | None = None
    same_as: str | None = None
    updated_at: str = ""


class Manifest:
    """The manifest of one output directory."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.path = out_dir / MANIFEST_NAME
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        have = {found[1] for found in self.db.execute("PRAGMA table_info(inputs)")}
        for name, kind in _ADDED_COLUMNS.items():
            if name not in have:
                self.db.execute(f"ALTER TABLE inputs ADD COLUMN {name} {kind}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def commit(self, row: Row) -> None:
        """Insert or replace the row of ``row.key`` in its own transaction."""
        values = asdict(row)
        values["discrepancy_codes"] = json.dumps(row.discrepancy_codes, sort_keys=True)
        values["note_codes"] = json.dumps(row.note_codes, sort_keys=True)
        values["updated_at"] = row.updated_at or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        names = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        with self._transaction():
            self.db.execute(f"INSERT OR REPLACE INTO inputs ({names}) VALUES ({marks})", values)

    def forget(self, key: str) -> None:
        """Drop a row before its input is processed again (its old outputs become stale)."""
        with self._transaction():
            self.db.execute("DELETE FROM inputs WHERE key = ?", (key,))

    def get(self, key: str) -> Row | None:
        cursor = self.db.execute(f"SELECT {_COLUMNS} FROM inputs WHERE key = ?", (key,))
        found = cursor.fetchone()
        return _row(found) if found else None

    def done(self, sha256: str, version: str) -> bool:
        """Whether an ok row with this content and extractor version exists."""
        return self.ok_key(sha256, version) is not None

    def ok_key(self, sha256: str, version: str) -> str | None:
        """The key of an ok row (extracted, not a copy, if any) with this content and version."""
        found = self.db.execute(
            "SELECT key FROM inputs WHERE sha256 = ? AND extractor_version = ? AND status = 'ok'"
            " AND output_path IS NOT NULL ORDER BY same_as IS NOT NULL, key LIMIT 1",
            (sha256, version),
        ).fetchone()
        return found[0] if found else None

    def rows(self) -> Iterator[Row]:
        for found in self.db.execute(f"SELECT {_COLUMNS} FROM inputs ORDER BY rowid"):
            yield _row(found)

    def statuses(self) -> dict[str, tuple[str, str]]:
        """``{key: (status, sha256)}`` of every committed row."""
        cursor = self.db.execute("SELECT key, status, sha256 FROM inputs")
        return {key: (status, sha) for key, status, sha in cursor}

    def get_meta(self, name: str) -> str | None:
        found = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return found[0] if found else None

    def set_meta(self, name: str, value: str) -> None:
        with self._transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, value)
            )

    def totals(self) -> dict[str, dict[str, int]]:
        """Counts by status, by error code, by discrepancy code and by extraction note code
        (over all rows)."""
        by_status: dict[str, int] = {}
        by_error: dict[str, int] = {}
        by_code: dict[str, int] = {}
        by_note: dict[str, int] = {}
        query = (
            "SELECT status, error_code, discrepancy_codes, note_codes, pages, agreements"
            " FROM inputs"
        )
        pages = agreements = 0
        for status, error_code, codes, notes, n_pages, n_agreements in self.db.execute(query):
            by_status[status] = by_status.get(status, 0) + 1
            if error_code:
                by_error[error_code] = by_error.get(error_code, 0) + 1
            for code, count in json.loads(codes or "{}").items():
                by_code[code] = by_code.get(code, 0) + count
            for code, count in json.loads(notes or "{}").items():
                by_note[code] = by_note.get(code, 0) + count
            pages += n_pages
            agreements += n_agreements
        return {
            "status": by_status,
            "error_code": by_error,
            "discrepancy_code": by_code,
            "note_code": by_note,
            "totals": {"inputs": sum(by_status.values()), "pages": pages, "agreements": agreements},
        }

    def _transaction(self):
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, *exc: object) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")


_FIELDS = [
    "key",
    "path",
    "member",
    "sha256",
    "size",
    "status",
    "error_code",
    "error_message",
    "extractor_version",
    "pages",
    "agreements",
    "discrepancies",
    "discrepancy_codes",
    "notes",
    "note_codes",
    "seconds",
    "output_path",
    "same_as",
    "updated_at",
]
_COLUMNS = ", ".join(_FIELDS)


def _row(values: tuple) -> Row:
    data = dict(zip(_FIELDS, values, strict=True))
    data["discrepancy_codes"] = json.loads(data["discrepancy_codes"] or "{}")
    data["note_codes"] = json.loads(data["note_codes"] or "{}")
    return Row(**data)
