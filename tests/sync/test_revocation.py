"""Revocation rotates: a member taken off a family, or off the site, who kept every key
they ever had cannot read what the team writes about that family afterwards."""

from __future__ import annotations

import os
from datetime import date

import pytest

from tests.conftest import PASSPHRASE, add_family
from tests.sync.office import Office
from vigdesk.core.consent import Method, Purpose
from vigdesk.core.errors import IntegrityError
from vigdesk.core.sessions import SessionKind
from vigdesk.storage.sync_state import SyncState
from vigdesk.sync import journal
from vigdesk.sync.layout import JOURNAL_RE, SiteLayout, numbered
from vigdesk.sync.manifest import SiteManifest


def _state(office: Office, name: str) -> SyncState:
    s = office[name]
    return SyncState(s.vault.db, s.vault.master_key)


def _sections_since(office: Office, name: str, after: int, case_id: str) -> list[tuple]:  # type: ignore[type-arg]
    """(parsed file, scope id) of every section of `case_id` in `name`'s files > after."""
    layout = SiteLayout(office.share)
    device = office[name].vault.header.vault_id
    site = SiteManifest.from_bytes(layout.manifest.read_bytes())
    member = site.by_device(device)
    assert member is not None
    found = []
    for seq in numbered(layout.journal_dir(device), JOURNAL_RE):
        if seq <= after:
            continue
        parsed = journal.parse(layout.journal(device, seq).read_bytes(), member.sign_key)
        for scope, scope_id in parsed.sealed:
            if scope == "case" and journal.split_tag(scope_id)[0] == case_id:
                found.append((parsed, scope_id))
    return found


def _last_seq(office: Office, name: str) -> int:
    layout = SiteLayout(office.share)
    return max(numbered(layout.journal_dir(office[name].vault.header.vault_id), JOURNAL_RE))


@pytest.mark.parametrize("how", ["unassigned", "removed from the site"])
def test_a_revoked_member_cannot_read_what_is_written_afterwards(office: Office, how: str) -> None:
    fam = add_family(office["a"])
    office.settle(("a", "bso"))
    office["bso"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b", "a"))
    assert fam.case.id in {c.id for c in office["b"].cases.list_cases()}
    kept = _state(office, "b").case_key(fam.case.id)  # everything Ben ever held
    kept_epochs = {
        e: _state(office, "b").epoch_key(fam.case.id, e)
        for e in _state(office, "b").case_epochs(fam.case.id)
    }
    assert kept is not None

    if how == "unassigned":
        office["bso"].sync.unassign(fam.case.id, office.member_id("b"))
        office.settle(("bso", "a", "b"))
    else:
        office["bso"].sync.site.remove_member(office.member_id("b"), PASSPHRASE)
        office.close("b")
        office.settle(("bso", "a"))
    assert _state(office, "bso").newest_epoch(fam.case.id) == 2
    assert _state(office, "a").newest_epoch(fam.case.id) == 2
    assert any(
        e.action == "case.key_rotated" and e.object_id == fam.case.id
        for e in office["bso"].vault.audit.entries()
    )

    before = _last_seq(office, "a")
    office["a"].sessions.add_session(
        fam.case.id, SessionKind.SHARED_REVIEW, date(2026, 11, 9), notes="After Ben left"
    )
    office["a"].consent.record(
        fam.case.id,
        fam.mother.id,
        [fam.child.id],
        {Purpose.FILM: True},
        form_version="2026.1",
        given_on=date(2026, 11, 9),
        method=Method.SCANNED_PAPER,
        evidence=os.urandom(4096),
    )
    office.sync("a")
    sections = _sections_since(office, "a", before, fam.case.id)
    assert sections and all(tag == f"{fam.case.id}.2" for _, tag in sections)
    for parsed, tag in sections:
        for old in [kept, *kept_epochs.values()]:
            assert old is not None
            with pytest.raises(IntegrityError):
                journal.open_section(parsed, "case", tag, old)
        current = _state(office, "a").epoch_key(fam.case.id, 2)
        assert current is not None
        assert journal.open_section(parsed, "case", tag, current)  # the team still reads it
    # The new evidence file's key travelled only inside those sections.
    opened = [
        e
        for parsed, tag in sections
        for e in journal.open_section(
            parsed, "case", tag, _state(office, "a").epoch_key(fam.case.id, 2) or b""
        )
    ]
    assert any(e.get("t") == "blobs" for e in opened)
    # The BSO and Ann still converge on the case, Ben's laptop holds none of it.
    office.settle(("a", "bso"))
    notes = [s.notes for s in office["bso"].sessions.list_sessions(fam.case.id)]
    assert "After Ben left" in notes
    if how == "unassigned":
        assert office["b"].cases.list_cases() == []
        assert (
            not SiteLayout(office.share)
            .case_epoch_key(fam.case.id, 2, office.member_id("b"))
            .exists()
        )


def test_a_colleague_added_after_a_rotation_reads_the_whole_history(office: Office) -> None:
    fam = add_family(office["a"])
    office.settle(("a", "bso"))
    office["bso"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b", "a"))
    office["a"].sessions.add_session(
        fam.case.id, SessionKind.FILMING, date(2026, 10, 2), notes="before"
    )
    office.settle(("a", "bso"))
    office["bso"].sync.unassign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "a", "b"))
    office["a"].sessions.add_session(
        fam.case.id, SessionKind.SHARED_REVIEW, date(2026, 10, 9), notes="after"
    )
    office.settle(("a", "bso"))
    office["bso"].sync.assign(fam.case.id, office.member_id("c"))
    office.settle(("bso", "c", "a"))
    notes = sorted(s.notes for s in office["c"].sessions.list_sessions(fam.case.id))
    assert notes == ["after", "before"]
    assert _state(office, "c").case_epochs(fam.case.id) == {2}
