"""On an enrolled laptop, an erasure leaves nothing of the person in sync's bookkeeping,
and still reaches the other laptops through the site."""

from __future__ import annotations

from tests.conftest import CHILD, MOTHER, add_family
from tests.sync.office import Office
from tests.vault_search import hits
from vigdesk.crypto import keys
from vigdesk.services import report_html
from vigdesk.services.session import Services
from vigdesk.services.subject_access import SubjectAccessService
from vigdesk.storage.sync_state import SyncState
from vigdesk.sync.capture import Capture

NEEDLES = [MOTHER, "Marigold"]


def found(s: Services) -> list[str]:
    return hits(s.vault.home, keys.hkdf(s.vault.master_key, keys.DB_KEY_INFO), NEEDLES)


def shared_family(office: Office) -> tuple[str, str]:
    """Ann's family, assigned to Ben too and synced everywhere: (case id, mother id)."""
    fam = add_family(office["a"])
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("a", "b", "bso"))
    assert MOTHER in [p.full_name for p in office["b"].cases.people(fam.case.id)]
    return fam.case.id, fam.mother.id


def names(s: Services, case_id: str) -> list[str]:
    return [p.full_name for p in s.cases.people(case_id)]


def test_erasure_leaves_no_value_in_sync_bookkeeping_and_reaches_ben(office: Office) -> None:
    case_id, mother_id = shared_family(office)
    a = office["a"]
    assert any("sync_rows" in hit for hit in found(a))  # the merge state held her name
    cert = SubjectAccessService(a.ctx).erase(mother_id, "she asked")
    assert found(a) == []
    assert cert.synced and cert.sync_records >= 1
    html = report_html.erasure_certificate(cert)
    assert "sync records" in html and "at its next sync" in html and MOTHER not in html
    office.sync("a")
    office.sync("b")
    assert MOTHER not in names(office["b"], case_id)
    assert names(office["b"], case_id) == names(a, case_id) != []  # the child stays
    assert found(office["b"]) == []


def test_erasure_clears_conflicts_that_hold_her_name(office: Office) -> None:
    case_id, mother_id = shared_family(office)
    for name, spelling in (("a", "Marigold Wolstenholme-Ray"), ("b", "Marigold Wolstenhome")):
        with office[name].vault.db.transact() as db:
            db.execute("UPDATE people SET full_name = ? WHERE id = ?", (spelling, mother_id))
    office.settle(("a", "bso", "b"))
    conflicts = office["a"].vault.db.scalar("SELECT count(*) FROM sync_conflicts")
    assert conflicts >= 1
    SubjectAccessService(office["a"].ctx).erase(mother_id, "she asked")
    assert found(office["a"]) == []
    office.sync("a")
    office.sync("b")
    assert [n for n in names(office["b"], case_id) if "Marigold" in n] == []
    assert found(office["b"]) == []


def test_changes_captured_but_not_yet_sent_lose_her_values(office: Office) -> None:
    case_id, mother_id = shared_family(office)
    a = office["a"]
    with a.vault.db.transact() as db:
        db.execute(
            "UPDATE people SET full_name = 'Marigold Wolstenholme-Ray' WHERE id = ?", (mother_id,)
        )
    identity = a.vault.db.one("SELECT device_id, member_id FROM sync_identity")
    assert identity is not None
    state = SyncState(a.vault.db, a.vault.master_key)
    Capture(a.vault.db, state, identity[0], identity[1], a.vault.clock()).run()
    assert any("sync_outbox" in hit for hit in found(a))  # her new name waits to be sent
    SubjectAccessService(a.ctx).erase(mother_id, "she asked")
    assert found(a) == []
    office.settle(("a", "bso", "b"))
    assert names(office["b"], case_id) == names(a, case_id) != []
    assert found(office["b"]) == []


def test_erasing_the_whole_family_leaves_nothing_here_or_on_ben(office: Office) -> None:
    case_id, _ = shared_family(office)
    a = office["a"]
    for person in a.cases.people(case_id):
        SubjectAccessService(a.ctx).erase(person.id, "the family asked")
    needles = [*NEEDLES, CHILD, "Wolstenholme"]
    key = keys.hkdf(a.vault.master_key, keys.DB_KEY_INFO)
    assert hits(a.vault.home, key, needles) == []
    office.sync("a")
    office.sync("b")
    b = office["b"]
    assert b.cases.list_cases() == []
    assert hits(b.vault.home, keys.hkdf(b.vault.master_key, keys.DB_KEY_INFO), needles) == []
