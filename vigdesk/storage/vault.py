"""Create, unlock, re-key and lock the local vault (DESIGN §3).

The master key never touches disk unwrapped. `vault.json` is the commit point:
init writes it last and passwd replaces it atomically, so a killed process
leaves a vault that opens with the old or the new passphrase.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from vigdesk.core import messages
from vigdesk.core.clock import Clock, iso, utc_now
from vigdesk.core.errors import (
    IntegrityError,
    Locked,
    StorageFull,
    StorageReadOnly,
    UnlockBackoff,
    VaultCorrupt,
    VaultExists,
    VaultMismatch,
    WeakPassphrase,
    WrongPassphrase,
    storage_error,
)
from vigdesk.core.ids import new_id
from vigdesk.core.passphrase import passphrase_problem
from vigdesk.crypto import keys
from vigdesk.crypto.kdf import SALT_LEN, KdfParams, calibrate, derive_kek
from vigdesk.paths import make_private_dir
from vigdesk.storage import audit_head, migrations, unlock_state
from vigdesk.storage.audit import AuditLog
from vigdesk.storage.db import Database, DbError
from vigdesk.storage.header import HEADER_NAME, VaultHeader, read_header, write_header

DB_NAME = "case.db"
PENDING_MARKER = "init.pending"
ROLES = ("practitioner", "trainee", "bso")


@dataclass(frozen=True)
class Profile:
    member_id: str
    display_name: str
    role: str
    agreement_version: str
    agreement_accepted_at: str


def unwrap_master_key(
    home: Path, passphrase: str, clock: Clock
) -> tuple[VaultHeader, unlock_state.UnlockState, bytes]:
    """(header, failed-unlock state, master key), honouring and counting the backoff:
    the one way in for every opener, so no opener is a faster way to guess. Raises
    VaultNotFound, VaultCorrupt, UnlockBackoff or WrongPassphrase."""
    header = read_header(home)
    if not (home / DB_NAME).exists():
        raise VaultCorrupt(messages.database_missing(home))
    state = unlock_state.load(home)
    wait = state.wait_remaining(clock())
    if wait > 0:
        raise UnlockBackoff(wait)
    try:
        kek = derive_kek(passphrase, header.kdf)
        master = keys.unwrap(kek, header.wrapped_master_key, keys.master_aad(header.vault_id))
    except IntegrityError:
        state = unlock_state.record_failure(home, state, clock())
        raise WrongPassphrase(
            messages.passphrase_wrong_wait(round(state.delay()))
            if state.delay()
            else messages.passphrase_wrong(),
            retry_after=state.delay(),
        ) from None
    return header, state, master


class Vault:
    """An unlocked vault: the open database, its audit log and the master key.

    Methods may be called from any thread (the Database serialises them).
    After `lock()` every method raises `Locked`.
    """

    def __init__(
        self, home: Path, header: VaultHeader, master_key: bytes, db: Database, clock: Clock
    ) -> None:
        self.home = home
        self.header = header
        self.clock = clock
        self._master_key: bytes | None = master_key
        self._db: Database | None = db
        self._unlock_failures = 0
        profile = self.profile
        self.audit = AuditLog(
            db, actor=profile.member_id, clock=clock, on_committed=self._keep_head
        )

    # -- creation ----------------------------------------------------------------

    @classmethod
    def create(
        cls,
        home: Path,
        passphrase: str,
        *,
        display_name: str,
        role: str,
        agreement_version: str,
        kdf: KdfParams | None = None,
        clock: Clock = utc_now,
    ) -> Vault:
        """Make a new vault in `home` and return it unlocked.

        Raises VaultExists, WeakPassphrase, StorageFull/StorageReadOnly (after
        removing every partial file), VaultCorrupt for leftovers it must not touch.
        """
        problem = passphrase_problem(passphrase)
        if problem:
            raise WeakPassphrase(problem)
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        if (home / HEADER_NAME).exists():
            raise VaultExists(messages.vault_exists(home))
        _prepare_home(home)
        marker = home / PENDING_MARKER
        try:
            marker.touch()
            params = kdf or calibrate()
            vault_id = new_id()
            master = keys.new_key()
            wrapped = keys.wrap(derive_kek(passphrase, params), master, keys.master_aad(vault_id))
            header = VaultHeader(vault_id, iso(clock()), params, wrapped)
            db = Database(home / DB_NAME, keys.hkdf(master, keys.DB_KEY_INFO))
            try:
                migrations.migrate(db)
                member_id = new_id()
                with db.transact():
                    db.execute("INSERT INTO meta (key, value) VALUES ('vault_id', ?)", (vault_id,))
                    db.execute(
                        "INSERT INTO profile VALUES (1, ?, ?, ?, ?, ?)",
                        (member_id, display_name, role, agreement_version, iso(clock())),
                    )
                    log = AuditLog(db, member_id, clock)
                    log.append("vault.created", "vault", vault_id)
                    log.append(
                        "agreement.accepted", "member", member_id, {"version": agreement_version}
                    )
                db.checkpoint()
                seq, digest = AuditLog(db, member_id, clock).head()
                audit_head.write(home, master, audit_head.HeadRecord(vault_id, seq, digest, 0))
            except BaseException:
                db.close()
                raise
            write_header(home, header)
        except OSError as exc:
            _remove_partial(home)
            raise storage_error(exc, "create the vault") from exc
        except DbError as exc:
            _remove_partial(home)
            errno_ = 28 if "full" in str(exc) else 5
            raise storage_error(OSError(errno_, str(exc)), "create the vault") from exc
        except BaseException:
            _remove_partial(home)
            raise
        with contextlib.suppress(OSError):
            marker.unlink()
        return cls(home, header, master, db, clock)

    # -- unlock ------------------------------------------------------------------

    @classmethod
    def unlock(cls, home: Path, passphrase: str, *, clock: Clock = utc_now) -> Vault:
        """Open the vault. Raises VaultNotFound, VaultCorrupt, VaultMismatch,
        UnlockBackoff (too many recent failures) or WrongPassphrase.

        Before appending anything it checks the audit chain against the head kept
        beside the vault and the failed-unlock counter against the total kept there;
        what it finds is audited (`audit.rollback_detected`, `unlock.counter_reset`)
        and never stops the unlock."""
        header, state, master = unwrap_master_key(home, passphrase, clock)
        db_path = home / DB_NAME
        db = Database(db_path, keys.hkdf(master, keys.DB_KEY_INFO))
        try:
            if int(db.scalar("PRAGMA user_version")) == 0:
                raise VaultMismatch(messages.database_empty(db_path.name))
            stored = db.scalar("SELECT value FROM meta WHERE key = 'vault_id'")
            if stored != header.vault_id:
                raise VaultMismatch(messages.database_of_another_vault(db_path.name))
            migrations.migrate(db)
            vault = cls(home, header, master, db, clock)
            found = vault._check_head(state)
            with db.transact():
                for finding in found:
                    vault.audit.append(finding.action, "vault", header.vault_id, finding.details)
                for stamp in state.unaudited:
                    vault.audit.append("unlock.failed", "vault", header.vault_id, ts=stamp)
                vault.audit.append("unlock", "vault", header.vault_id)
            vault.audit.tell_head(*vault.audit.head())
        except BaseException:
            db.close()
            raise
        if state.failures or state.unaudited or state.total != vault._unlock_failures:
            unlock_state.save(home, unlock_state.UnlockState(total=vault._unlock_failures))
        (home / PENDING_MARKER).unlink(missing_ok=True)
        return vault

    def _check_head(self, state: unlock_state.UnlockState) -> list[audit_head.Finding]:
        """Compare the chain and the counter with the MAC'd head (before any append)."""
        try:
            record = audit_head.read(self.home, self.master_key, self.header.vault_id)
        except IntegrityError:
            self._unlock_failures = state.total
            return [audit_head.altered()]
        in_file = state.total if (self.home / unlock_state.STATE_NAME).exists() else None
        self._unlock_failures = max(state.total, record.unlock_failures if record else 0)
        return audit_head.findings(record, self.db, in_file)

    def _keep_head(self, seq: int, digest: str) -> None:
        """AuditLog's commit hook: replace the MAC'd head beside the vault. A full or
        read-only disk leaves the older head, which the chain still extends."""
        master = self._master_key
        if master is None:
            return
        record = audit_head.HeadRecord(self.header.vault_id, seq, digest, self._unlock_failures)
        with contextlib.suppress(StorageFull, StorageReadOnly):
            audit_head.write(self.home, master, record)

    # -- while unlocked ------------------------------------------------------------

    @property
    def db(self) -> Database:
        if self._db is None:
            raise Locked(messages.vault_locked())
        return self._db

    @property
    def master_key(self) -> bytes:
        if self._master_key is None:
            raise Locked(messages.vault_locked())
        return self._master_key

    @property
    def is_locked(self) -> bool:
        return self._db is None

    @property
    def profile(self) -> Profile:
        row = self.db.one(
            "SELECT member_id, display_name, role, agreement_version, agreement_accepted_at"
            " FROM profile WHERE id = 1"
        )
        if row is None:
            raise VaultCorrupt(messages.no_profile())
        return Profile(*row)

    def change_passphrase(self, old: str, new: str, kdf: KdfParams | None = None) -> None:
        """Re-wrap only the master key; data and the database key are unchanged."""
        problem = passphrase_problem(new)
        if problem:
            raise WeakPassphrase(problem)
        try:
            keys.unwrap(
                derive_kek(old, self.header.kdf),
                self.header.wrapped_master_key,
                keys.master_aad(self.header.vault_id),
            )
        except IntegrityError:
            raise WrongPassphrase(messages.current_passphrase_wrong()) from None
        params = kdf or KdfParams(
            salt=os.urandom(SALT_LEN),
            memory_kib=self.header.kdf.memory_kib,
            iterations=self.header.kdf.iterations,
            lanes=self.header.kdf.lanes,
        )
        wrapped = keys.wrap(
            derive_kek(new, params), self.master_key, keys.master_aad(self.header.vault_id)
        )
        new_header = self.header.with_wrap(params, wrapped)
        write_header(self.home, new_header)
        self.header = new_header
        self.audit.append("passphrase.changed", "vault", self.header.vault_id)

    def lock(self) -> None:
        """Audit, close the database and drop the key references. Idempotent."""
        if self._db is None:
            return
        with contextlib.suppress(Exception):
            self.audit.append("lock", "vault", self.header.vault_id)
        self._db.close()
        self._db = None
        self._master_key = None


def _prepare_home(home: Path) -> None:
    """Create the folder (0700); clear leftovers of an interrupted init, refuse anything else."""
    try:
        make_private_dir(home)
    except OSError as exc:
        raise storage_error(exc, f"create the folder {home}") from exc
    leftovers = [p for p in home.iterdir() if p.name.startswith(DB_NAME) or p.name == "blobs"]
    if leftovers and not (home / PENDING_MARKER).exists():
        raise VaultCorrupt(messages.header_missing(home))
    _remove_partial(home)


def _remove_partial(home: Path) -> None:
    for path in home.glob(DB_NAME + "*"):
        with contextlib.suppress(OSError):
            path.unlink()
    with contextlib.suppress(OSError):
        shutil.rmtree(home / "blobs")
    for name in (HEADER_NAME + ".tmp", PENDING_MARKER, audit_head.HEAD_NAME):
        with contextlib.suppress(OSError):
            (home / name).unlink()
