"""Look for a person's name anywhere in a vault folder, as a forensic examiner would.

Every file is searched as raw bytes. Every file that opens as SQLCipher with the vault's
database key (case.db, backups, copies) is also dumped table by table as text, and each
of its pages, free pages and WAL frames included, is decrypted and searched.
"""

from __future__ import annotations

import shutil
import struct
import tempfile
from pathlib import Path

import sqlcipher3
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from tests.sqlcipher_pages import PAGE, RESERVE, decrypted_pages

WAL_HEADER = 32
FRAME_HEADER = 24


def _decrypt(page: bytes, raw_key: bytes, first: bool) -> bytes:
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(raw_key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[16 if first else 0 : PAGE - RESERVE]) + decryptor.finalize()


def wal_pages(path: Path, raw_key: bytes) -> list[bytes]:
    """Decrypt every frame of an SQLCipher WAL file (checkpointed frames too)."""
    data = path.read_bytes()
    pages = []
    frame = FRAME_HEADER + PAGE
    for offset in range(WAL_HEADER, len(data) - frame + 1, frame):
        (number,) = struct.unpack(">I", data[offset : offset + 4])
        page = data[offset + FRAME_HEADER : offset + frame]
        pages.append(_decrypt(page, raw_key, first=number == 1))
    return pages


def table_dump(path: Path, raw_key: bytes) -> str | None:
    """Every row of every table (shadow tables included) as text; None if `path` is not
    an SQLCipher database under this key. Reads a copy, so nothing is written beside it."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.db"
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(tmp) / "copy.db-wal")
        conn = sqlcipher3.connect(str(copy))
        try:
            conn.execute(f"PRAGMA key = \"x'{raw_key.hex()}'\"")
            try:
                tables = [
                    r[0]
                    for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                ]
            except sqlcipher3.DatabaseError:
                return None
            lines = []
            for table in tables:
                try:
                    rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
                except sqlcipher3.DatabaseError:  # a virtual table's own module refuses
                    continue
                lines += [f"{table}: {row!r}" for row in rows]
            return "\n".join(lines)
        finally:
            conn.close()


def hits(folder: Path, raw_key: bytes, needles: list[str]) -> list[str]:
    """Where any needle occurs (case-insensitive), as "file: how it was found" lines."""
    found = []
    lowered = [n.lower() for n in needles]
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = str(path.relative_to(folder))
        raw = path.read_bytes().lower()
        for needle in lowered:
            if needle.encode() in raw or needle.encode("utf-16-le") in raw:
                found.append(f"{name}: raw bytes hold {needle!r}")
        if path.name.endswith("-wal"):
            pages = wal_pages(path, raw_key)
        elif path.name.endswith("-shm"):
            continue
        else:
            dump = table_dump(path, raw_key)
            if dump is None:
                continue
            found += [
                f"{name}: table {line.split(':', 1)[0]} holds {n!r}"
                for line in dump.lower().splitlines()
                for n in lowered
                if n in line
            ]
            pages = decrypted_pages(path, raw_key)
        text = b"".join(pages).lower()
        found += [f"{name}: decrypted pages hold {n!r}" for n in lowered if n.encode() in text]
    return found
