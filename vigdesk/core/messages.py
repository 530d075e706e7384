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
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Message:
    """An English `template` (`str.format` fields) and the `fields` that fill it."""

    template: str
    fields: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        """The English sentence; a template without fields is taken as written (a plain
        string may hold braces)."""
        return self.template.format(**self.fields) if self.fields else self.template


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


def database_missing(home: Path) -> Message:
    return _m(
        "{home} has a vault header but its case database is missing. "
        "Restore case.db from a backup.",
        home=home,
    )


def passphrase_wrong() -> Message:
    return _m("That passphrase is not right.")


def passphrase_wrong_wait(seconds: int) -> Message:
    return _m(
        "That passphrase is not right. Wait {seconds} s before the next try.", seconds=seconds
    )


def current_passphrase_wrong() -> Message:
    return _m("The current passphrase is not right.")


def vault_exists(home: Path) -> Message:
    return _m("A vault already exists at {home}; vigdesk will not overwrite it.", home=home)


def database_empty(name: str) -> Message:
    return _m("{name} is empty: it does not belong to this vault.", name=name)


def database_of_another_vault(name: str) -> Message:
    return _m("{name} belongs to another vault.", name=name)


def vault_locked() -> Message:
    return _m("The vault is locked.")


def no_profile() -> Message:
    return _m("The vault has no practitioner profile.")


def header_missing(home: Path) -> Message:
    return _m(
        "{home} holds a case database but no vault.json. Restore vault.json from a "
        "backup; vigdesk will not overwrite the existing data.",
        home=home,
    )


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


# --- packages (core/packages.py, crypto/package.py) ---------------------------------------


def not_a_public_key() -> Message:
    return _m("That file is not a vigdesk public key file (.pub).")


def public_key_damaged() -> Message:
    return _m("That public key file is damaged: its fingerprint does not match.")


def not_a_private_key() -> Message:
    return _m("That file is not a vigdesk private key file.")


def key_passphrase_wrong() -> Message:
    return _m("The passphrase for this key file is wrong.")


def private_key_damaged() -> Message:
    return _m("That private key file is damaged.")


def package_too_new() -> Message:
    return _m("This package was made by a newer vigdesk: update to open it.")


def package_lock_unknown() -> Message:
    return _m("This package uses a kind of lock this vigdesk does not know.")


def not_a_package() -> Message:
    return _m("That file is not a vigdesk package.")


def package_truncated() -> Message:
    return _m("The package is truncated or damaged.")


def package_header_damaged() -> Message:
    return _m("The package's header is damaged.")


def package_needs_passphrase() -> Message:
    return _m("This package opens with a passphrase, not a key file.")


def package_passphrase_wrong() -> Message:
    return _m("That passphrase does not open this package.")


def package_needs_key_file() -> Message:
    return _m("This package opens with a key file, not a passphrase.")


def package_for_another_key() -> Message:
    return _m("This package was sealed to a different key.")


def package_tampered() -> Message:
    return _m(
        "This package failed its integrity check: it was changed or damaged after it was "
        "made. Ask the practitioner to send it again."
    )


def package_contents_malformed() -> Message:
    return _m("The package's list of contents is malformed.")


def package_layout_wrong() -> Message:
    return _m("The package's contents are not in the expected layout.")


def package_contents_unreadable() -> Message:
    return _m("The package's list of contents cannot be read.")


def package_item_damaged(item: str) -> Message:
    return _m("Item {item} in the package is damaged.", item=item)


def package_purpose_only() -> Message:
    return _m("Packages are made for supervision or training only.")


def expiry_after_today() -> Message:
    return _m("Choose an expiry date after today.")


def expiry_too_far(purpose: str, days: int, latest: date) -> Message:
    return _m(
        "A {purpose} package may be opened for at most {days} days: "
        "choose {latest:%d %b %Y} or earlier.",
        purpose=purpose,
        days=days,
        latest=latest,
    )


def package_expired(expires_on: date) -> Message:
    return _m(
        "This package expired on {expires_on:%d %b %Y} and can no longer be opened. "
        "Ask the practitioner who sent it for a new one if you still need it.",
        expires_on=expires_on,
    )


# --- moment markers (core/markers.py) -----------------------------------------------------


def not_a_marker_type(type_id: str, known: str) -> Message:
    return _m(
        "“{type_id}” is not a marker type. Use one of {known}, or a PAIG behaviour "
        "such as vig:receiving/eyes.",
        type_id=type_id,
        known=known,
    )


def marker_time_negative(at_s: float) -> Message:
    return _m("A marker time must be 0 s or more, not {at_s}.", at_s=at_s)


def marker_after_end(at_s: float, duration_s: float) -> Message:
    return _m(
        "The marker is at {at_s:.2f} s but the video is {duration_s:.2f} s long.",
        at_s=at_s,
        duration_s=duration_s,
    )


def no_markers_to_clip() -> Message:
    return _m("Choose at least one marker to clip.")


def negative_pads() -> Message:
    return _m("The pads before and after a clip cannot be negative.")


def not_initials(who: str, most: int) -> Message:
    return _m("“{who}” is not initials: use up to {most} letters.", who=who, most=most)


def unknown_initials(initials: str, known: str) -> Message:
    return _m(
        "Nobody in this family has the initials {initials} (known: {known}).",
        initials=initials,
        known=known,
    )


def marker_note_too_long(most: int) -> Message:
    return _m("A marker's note is at most {most} characters.", most=most)


# --- footage and clips (media/probe.py, services/media.py) --------------------------------


def media_empty(name: str) -> Message:
    return _m("{name} is empty: the recording or the copy did not finish.", name=name)


def media_damaged_because(name: str, problem: str, kind: str) -> Message:
    return _m(
        "{name} is truncated or damaged: {problem} ({kind}).", name=name, problem=problem, kind=kind
    )


def media_not_readable(name: str) -> Message:
    return _m(
        "{name} is not a video vigdesk can read (accepted: MP4, MOV, MTS/M2TS, MPEG, WebM).",
        name=name,
    )


def media_read_failed(name: str, reason: str) -> Message:
    return _m("{name} is damaged: reading it failed ({reason}).", name=name, reason=reason)


def media_no_picture(name: str, kind: str) -> Message:
    return _m("{name} has no video picture in it ({kind}).", name=name, kind=kind)


def media_codec_unknown(name: str) -> Message:
    return _m("{name} uses a video format vigdesk cannot decode.", name=name)


def media_truncated(name: str) -> Message:
    return _m("{name} is truncated: the file ends before the video its index describes.", name=name)


def media_first_picture_broken(name: str) -> Message:
    return _m("{name} is damaged: its first picture cannot be decoded.", name=name)


def media_no_decodable_picture(name: str) -> Message:
    return _m("{name} is truncated or damaged: no picture in it could be decoded.", name=name)


def cannot_open(name: str, reason: str) -> Message:
    return _m("Cannot open {name}: {reason}.", name=name, reason=reason)


def clip_after_end(end_s: float, duration_s: float) -> Message:
    return _m(
        "The clip ends at {end_s:.2f} s but the video is {duration_s:.2f} s long.",
        end_s=end_s,
        duration_s=duration_s,
    )


def still_not_video() -> Message:
    return _m("That item is a still, not a video.")


def already_imported(name: str, title: str, created: date) -> Message:
    return _m(
        "{name} is already imported as “{title}” on {created.day} {created:%b %Y}.",
        name=name,
        title=title,
        created=created,
    )
