"""The one SQLCipher connection factory: keys the database and applies the pragmas.

Nothing else opens case.db. The connection is shared by threads but every use is
serialised by one re-entrant lock, so writes never interleave (STYLE: one writer).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlcipher3

from vigdesk.core.errors import NotEncrypted, VaultMismatch, storage_error

_PRAGMAS = (
    "cipher_memory_security = ON",
    "cipher_log_level = NONE",
    "secure_delete = ON",
    "temp_store = MEMORY",
    "foreign_keys = ON",
    "journal_mode = WAL",
    "synchronous = FULL",
)
_READ_ONLY_SKIPS = ("journal_mode = WAL", "synchronous = FULL")  # settings of a writer

Row = tuple[Any, ...]
DbError = sqlcipher3.DatabaseError


class Database:
    """A keyed SQLCipher connection with a lock and a rollback-on-error transaction."""

    def __init__(self, path: Path, raw_key: bytes, *, read_only: bool = False) -> None:
        """`read_only` (health checks) writes nothing, not even a -wal/-shm pair: SQLite's
        immutable mode when no -wal file exists (nothing has the database open), else
        mode=ro beside the writer. Writes then raise DbError."""
        self.path = path
        self.read_only = read_only
        self._lock = threading.RLock()
        target = _read_only_uri(path) if read_only else str(path)
        try:
            self._conn = sqlcipher3.connect(
                target, uri=read_only, isolation_level=None, check_same_thread=False
            )
        except sqlcipher3.OperationalError as exc:
            raise storage_error(OSError(13, str(exc)), "open the case database") from exc
        try:
            self._conn.execute(f"PRAGMA key = \"x'{raw_key.hex()}'\"")
            version = self._conn.execute("PRAGMA cipher_version").fetchone()
            if not version or not version[0]:
                raise NotEncrypted(
                    "This SQLite library has no encryption (SQLCipher missing): "
                    "vigdesk refuses to store anything. Reinstall vigdesk."
                )
            try:
                self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlcipher3.DatabaseError as exc:
                raise VaultMismatch(
                    f"{path.name} does not belong to this vault or is damaged: "
                    "it cannot be opened with this vault's key."
                ) from exc
            for pragma in _PRAGMAS:
                if read_only and pragma in _READ_ONLY_SKIPS:
                    continue
                self._conn.execute(f"PRAGMA {pragma}").fetchall()
        except BaseException:
            self._conn.close()
            raise
        self._depth = 0

    # -- queries -------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._lock:
            rows: list[Row] = self._conn.execute(sql, params).fetchall()
            return rows

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        with self._lock:
            row: Row | None = self._conn.execute(sql, params).fetchone()
            return row

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._lock:
            self._conn.executemany(sql, rows)

    def executescript_in_tx(self, script: str) -> None:
        """Run a multi-statement script inside the current transaction.

        (`sqlite3.executescript` would COMMIT first and break atomic migrations.)
        """
        with self._lock:
            statement = ""
            for line in script.splitlines(keepends=True):
                statement += line
                if sqlcipher3.complete_statement(statement):
                    self._conn.execute(statement)
                    statement = ""
            if statement.strip():
                self._conn.execute(statement)

    @property
    def in_transaction(self) -> bool:
        """Whether a transact() block is open (on any thread; waits for none)."""
        return self._depth > 0

    @contextmanager
    def transact(self) -> Iterator[Database]:
        """BEGIN IMMEDIATE … COMMIT; any exception rolls back and re-raises.

        Nested use joins the outer transaction (a savepoint keeps inner failures local).
        """
        with self._lock:
            if self._depth:
                name = f"sp{self._depth}"
                self._conn.execute(f"SAVEPOINT {name}")
                self._depth += 1
                try:
                    yield self
                except BaseException:
                    if self._conn.in_transaction:  # SQLite may already have rolled back
                        self._conn.execute(f"ROLLBACK TO {name}")
                        self._conn.execute(f"RELEASE {name}")
                    raise
                else:
                    self._conn.execute(f"RELEASE {name}")
                finally:
                    self._depth -= 1
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self
            except BaseException:
                if self._conn.in_transaction:  # a full disk makes SQLite roll back itself
                    self._conn.execute("ROLLBACK")
                raise
            else:
                try:
                    self._conn.execute("COMMIT")
                except sqlcipher3.OperationalError as exc:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    if "full" in str(exc):
                        raise storage_error(OSError(28, str(exc)), "save the change") from exc
                    raise
            finally:
                self._depth = 0

    def checkpoint(self) -> None:
        """Fold the WAL into the main file and truncate it (used after shredding)."""
        with self._lock:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def close(self) -> None:
        with self._lock:
            if not self.read_only:
                with suppress(sqlcipher3.DatabaseError):
                    self.checkpoint()
            self._conn.close()


def _read_only_uri(path: Path) -> str:
    wal = path.with_name(path.name + "-wal")
    return path.resolve().as_uri() + ("?mode=ro" if wal.exists() else "?mode=ro&immutable=1")
