"""Migration 0018 (issue 19) on a vault made by the schema before it: people gain who
may consent for them, and footage from before "who appears" was asked shows the case's
adults with parental responsibility and its children until the practitioner says more."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, add_family
from tests.schema_rollback import put_back
from vigdesk.core.cases import PersonKind
from vigdesk.core.errors import ConsentRequired
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services
from vigdesk.storage import migrations


def test_a_vault_from_schema_17_keeps_playing_its_footage(vault_home: Path, footage: Path) -> None:
    vault = unlock_vault(vault_home, PASSPHRASE)
    s = Services.for_vault(vault)
    fam = add_family(s)
    item = s.media.import_footage(fam.case.id, footage).item
    put_back(vault.db, 17)
    vault.lock()

    # Upgraded to this build (not only to 18: today's code reads columns that later
    # migrations added to the tables 0018 touched, e.g. the consents' lawful basis).
    vault = unlock_vault(vault_home, PASSPHRASE)
    assert vault.db.scalar("PRAGMA user_version") == migrations.latest()
    s = Services.for_vault(vault)
    old = s.media.get(item.id)
    assert old.appears is None
    people = s.cases.people(fam.case.id)
    assert not any(p.looked_after or p.authority_role or p.competent_on for p in people)
    s.media.open_for_playback(item.id).close()  # the mother's old form answers for both
    partner = s.cases.add_person(fam.case.id, PersonKind.ADULT, "Piers Quayle")
    s.media.open_for_playback(item.id).close()  # old footage is not taken to show him
    s.media.set_appearing(item.id, [fam.mother.id, fam.child.id, partner.id])
    with pytest.raises(ConsentRequired, match="PQ appears and has not consented to keeping"):
        s.media.open_for_playback(item.id)
    vault.lock()
