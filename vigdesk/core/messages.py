"""Every sentence the services show a person, built in one place so it can be translated.

A `Message` is an English template with named fields and their values. Errors carry
one (`VigdeskError(messages.not_a_folder(path))`); `str()` gives the English sentence
(the CLI, logs); the ui translates the template in the "messages" context and then
fills the fields (`ui/failures.describe`), so a translator sees `{folder} is not a
folder…` once, whatever the folder. Each function here is one sentence: its template
names exactly its parameters (tests/ui/test_messages.py). Modules move their sentences
here one by one; plain strings still work meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Message:
    """An English `template` (`str.format` fields) and the `fields` that fill it."""

    template: str
    fields: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template.format(**self.fields)


def _m(template: str, **fields: Any) -> Message:
    return Message(template, fields)


# --- vault and storage --------------------------------------------------------------------


def unlock_backoff(seconds: int) -> Message:
    return _m("Too many wrong passphrases: wait {seconds} s before trying again.", seconds=seconds)


def disk_full(doing: str) -> Message:
    return _m(
        "Could not {doing}: the disk is full. Free some space and try again; nothing was lost.",
        doing=doing,
    )


def folder_read_only(doing: str, reason: str) -> Message:
    return _m(
        "Could not {doing}: the folder cannot be written ({reason}). "
        "Check the drive is not read-only.",
        doing=doing,
        reason=reason,
    )


def could_not(doing: str, reason: str) -> Message:
    return _m("Could not {doing}: {reason}.", doing=doing, reason=reason)


# --- the site (services/site.py, sync/share.py) --------------------------------------------


def not_enrolled() -> Message:
    return _m("This vault is not enrolled in a site: run 'vigdesk enrol PATH'.")


def site_needs_bso() -> Message:
    return _m("Only the BSO's vault (role 'bso') can set up a site.")


def site_needs_name() -> Message:
    return _m("Give the site a name, e.g. the service's name.")


def not_a_folder(folder: Path) -> Message:
    return _m("{folder} is not a folder: create it (or connect the share) first.", folder=folder)


def folder_holds_a_site(folder: Path) -> Message:
    return _m("{folder} already holds a vigdesk site.", folder=folder)


def vault_has_a_site() -> Message:
    return _m("This vault already belongs to a site.")


def vault_in_another_site() -> Message:
    return _m("This vault is already enrolled in another site.")


def site_key_does_not_sign() -> Message:
    return _m("This vault's site key does not sign this site.")


def no_such_request(request: str) -> Message:
    return _m("No single pending enrolment request matches {request!r}.", request=request)


def no_such_member(member: str) -> Message:
    return _m("No member {member!r} in the site.", member=member)


def bso_cannot_remove_self() -> Message:
    return _m("The BSO cannot remove their own vault from the site.")


def wrong_site_fingerprint(fingerprint: str) -> Message:
    return _m(
        "The site key fingerprint is {fingerprint}, not the one you were given: this is "
        "not the council's site (or it was tampered with). Nothing was saved.",
        fingerprint=fingerprint,
    )


def site_went_away(share: Path, doing: str) -> Message:
    return _m(
        "The site folder {share} went away while {doing} (network lost, drive "
        "unplugged or folder moved). Nothing was half-saved: sync again once it is back.",
        share=share,
        doing=doing,
    )


def site_access_refused(share: Path, doing: str) -> Message:
    return _m(
        "The site folder {share} refused access while {doing}: ask the BSO "
        "to check your permissions on the folder.",
        share=share,
        doing=doing,
    )


def site_full(share: Path) -> Message:
    return _m("The site folder {share} is full: tell the BSO. Nothing was lost.", share=share)


def site_unusable(doing: str, reason: str) -> Message:
    return _m("Could not use the site folder while {doing}: {reason}.", doing=doing, reason=reason)
