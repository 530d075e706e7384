"""Typed errors. Every message is one clear sentence a practitioner can act on.

Services raise these; the CLI prints `str(error)` on one line and the ui shows it
in a dialog. Nothing here may contain personal data beyond what the user typed.
"""

from __future__ import annotations

from vigdesk.core import messages
from vigdesk.core.messages import Message


class VigdeskError(Exception):
    """Base of every error vigdesk expects and explains.

    `message` is a `core.messages.Message` (a plain string is taken as a template with
    no fields while sentences move into the catalogue); `str(error)` is the English
    sentence, and the ui shows `message` translated."""

    exit_code = 1

    def __init__(self, message: str | Message = "", *args: object) -> None:
        self.message = message if isinstance(message, Message) else Message(str(message))
        super().__init__(str(self.message) if isinstance(message, Message) else message, *args)


# --- vault and unlock -------------------------------------------------------


class VaultNotFound(VigdeskError):
    """No vault.json at the chosen location."""


class VaultExists(VigdeskError):
    """`init` refuses to overwrite a vault."""


class VaultCorrupt(VigdeskError):
    """vault.json or case.db cannot be read as a vigdesk vault."""


class VaultMismatch(VigdeskError):
    """case.db belongs to another vault (or was replaced)."""


class WrongPassphrase(VigdeskError):
    """The passphrase did not unwrap the master key; `retry_after` seconds until the next try."""

    exit_code = 3

    def __init__(self, message: str | Message, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UnlockBackoff(VigdeskError):
    """Too many failed unlocks: the caller must wait `seconds` before trying again."""

    exit_code = 3

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(messages.unlock_backoff(max(1, round(seconds))))


class WeakPassphrase(VigdeskError):
    """A new passphrase fails the strength rule."""


class NotEncrypted(VigdeskError):
    """The SQLite library is not SQLCipher: refuse to store anything."""


class Locked(VigdeskError):
    """The vault is locked; the operation needs it unlocked."""


# --- storage ----------------------------------------------------------------


class StorageFull(VigdeskError):
    """The disk filled up; the operation was rolled back."""


class StorageReadOnly(VigdeskError):
    """The data folder cannot be written."""


class NotFound(VigdeskError):
    """A case, person or media item with that id or code does not exist."""


class InvalidInput(VigdeskError):
    """A value the user gave breaks a rule (dates, codes, answers)."""


class AuditBroken(VigdeskError):
    """The audit chain failed verification."""

    exit_code = 4


class IntegrityError(VigdeskError):
    """A sealed blob or file failed authentication: tampered, truncated or wrong key."""


# --- media --------------------------------------------------------------------


class MediaError(VigdeskError):
    """A video or image could not be read or processed."""


class UnsupportedMedia(MediaError):
    """The file is not a video format vigdesk accepts."""


class CorruptMedia(MediaError):
    """The file is truncated or damaged."""


# --- rules ----------------------------------------------------------------------


class ConsentRequired(VigdeskError):
    """An action lacks the consent it needs; the message names who and which purpose."""

    exit_code = 5


class Cancelled(VigdeskError):
    """The user cancelled a long operation; everything was rolled back."""


# --- site and sync ----------------------------------------------------------------


class SiteUnavailable(VigdeskError):
    """The site folder cannot be reached (off the council network, unplugged, renamed)."""

    exit_code = 6


class SiteRefused(VigdeskError):
    """The folder is reachable but is not the trusted site: forged, stale, copied or foreign."""

    exit_code = 7


class NotEnrolled(VigdeskError):
    """This vault has no site yet, or its enrolment is not approved (or was revoked)."""

    exit_code = 8


class SyncBusy(VigdeskError):
    """Another sync of this vault is running."""


# --- packages ---------------------------------------------------------------------


class NotAPackage(VigdeskError):
    """The file is not a vigdesk package (or a newer version of the format)."""


class WrongPackageSecret(VigdeskError):
    """The passphrase or key does not open this package (or key file)."""

    exit_code = 3


class PackageTampered(IntegrityError):
    """The package failed authentication: changed after it was made, or truncated."""


class PackageExpired(VigdeskError):
    """The package's expiry date has passed; the viewer refuses to open it."""

    exit_code = 6


def storage_error(exc: OSError, doing: str) -> VigdeskError:
    """Translate an OS write failure into the error a user can act on.

    `doing` completes the sentence "Could not ...", e.g. "save the vault header".
    """
    import errno

    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return StorageFull(messages.disk_full(doing))
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StorageReadOnly(messages.folder_read_only(doing, exc.strerror or str(exc)))
    return VigdeskError(messages.could_not(doing, exc.strerror or str(exc)))
