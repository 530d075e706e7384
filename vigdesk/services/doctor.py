"""`vigdesk doctor`: a read-only health check of a vault and, optionally, its site.

For council IT and the BSO. Each check yields named findings with a severity and one
plain sentence; the worst severity decides the exit code (`Report.exit_code`: 0 all
fine, 1 warnings, 2 errors).

It changes nothing. The vault is opened read-only (`storage.vault_reader`): no schema
upgrade, no backup or stray-file clean-up, no audit entry, no new audit head. That is
also why it appends no `doctor.run` entry: the audit records reads of personal data,
and the checks read none (ids, counts, sizes, file modes and the audit chain, which
holds ids and counts only), nor does the report name any family: blob and device ids
are random, case codes (initials) are never printed; only staff names from site.json
appear, in the site half. Like the unlock screen, a wrong
passphrase is counted and the backoff honoured (unlock-state.json is the one file it
may write). Blocking file I/O; call off the GUI thread.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from vigdesk.core.clock import Clock, utc_now
from vigdesk.core.errors import VaultCorrupt, VaultMismatch, VaultNotFound
from vigdesk.services import doctor_site, doctor_vault
from vigdesk.services.doctor_findings import SHOWN, Finding, Report, Severity, agree, plural
from vigdesk.storage.migrations import backups
from vigdesk.storage.vault import DB_NAME, Vault
from vigdesk.storage.vault_reader import VaultReader, open_read_only
from vigdesk.sync.network import NetworkStatus


def examine(
    home: Path,
    passphrase: str,
    *,
    site: bool = False,
    share: Path | None = None,
    clock: Clock = utc_now,
    network: NetworkStatus | None = None,
) -> Report:
    """Check the vault in `home` (and with `site`, the site it is enrolled in, at `share`
    or at its pinned location). A vault that cannot be read is an error finding;
    raises WrongPassphrase / UnlockBackoff like an unlock."""
    found = [*stale_backups(home), *file_modes(home)]
    try:
        reader = open_read_only(home, passphrase, clock=clock)
    except (VaultNotFound, VaultCorrupt, VaultMismatch) as exc:
        found.append(Finding("vault.open", Severity.ERROR, str(exc)))
        return Report(tuple(found))
    try:
        found += doctor_vault.check(reader, clock)
        if site:
            found += doctor_site.check(reader, share, network, clock)
    finally:
        reader.close()
    return Report(tuple(found))


def stale_backups(home: Path) -> list[Finding]:
    """Upgrade copies of case.db: they hold what the vault held then, erased data too."""
    kept = backups.found(home / DB_NAME)
    if not kept:
        return [Finding("backups.stale", Severity.OK, "No copies of the database are left over.")]
    names = [p.name for p in kept]
    return [
        Finding(
            "backups.stale",
            Severity.WARNING,
            f"{plural(len(kept), 'copy', 'copies')} of the case database from before an "
            f"upgrade {agree(len(kept), 'remains', 'remain')} beside the vault, holding "
            "everything the vault held then, including anything erased since. Unlocking the "
            "vault removes them.",
            {"files": names[:SHOWN], "count": len(names)},
        )
    ]


def file_modes(home: Path) -> list[Finding]:
    """POSIX only: vault files 0600 and folders 0700 (no group or other access). The
    files are encrypted either way; loose modes let other accounts copy them."""
    if os.name != "posix":
        return []
    loose: list[str] = []
    if home.is_dir() and stat.S_IMODE(home.lstat().st_mode) & 0o077:
        loose.append(f". {stat.S_IMODE(home.lstat().st_mode):04o}")
    for root, folders, files in os.walk(home) if home.is_dir() else ():
        for name in [*folders, *files]:
            path = Path(root, name)
            mode = stat.S_IMODE(path.lstat().st_mode)
            if mode & 0o077:
                loose.append(f"{path.relative_to(home).as_posix()} {mode:04o}")
    if not loose:
        return [
            Finding("files.modes", Severity.OK, "Vault files and folders are private (0600/0700).")
        ]
    return [
        Finding(
            "files.modes",
            Severity.WARNING,
            f"{plural(len(loose), 'file or folder', 'files or folders')} in the vault can be "
            "read by other accounts on this computer (files should be 0600, folders 0700): "
            "run 'chmod -R go= <vault folder>'.",
            {"paths": loose[:SHOWN], "count": len(loose)},
        )
    ]


def examine_site_of(vault: Vault, network: NetworkStatus | None = None) -> Report:
    """The site half for a vault already unlocked (the BSO's console): the same checks
    as `vigdesk doctor --site`, reading the open database and writing nothing."""
    reader = VaultReader(vault.home, vault.header, vault.master_key, vault.db)
    return Report(tuple(doctor_site.check(reader, None, network, vault.clock)))
