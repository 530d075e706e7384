"""A subject access answer holds everything: every person- or case-linked table of the
schema is either gathered or excluded with a reason, and a demo parent's answer has an
item from every gathered table, in plain words."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest

from tests.conftest import fast_kdf
from vigdesk.core.clock import iso
from vigdesk.core.consent import Purpose
from vigdesk.core.media import MediaKind
from vigdesk.core.reflections import reflections_block
from vigdesk.core.replies import Comment
from vigdesk.core.sessions import SessionKind
from vigdesk.services.access import unlock_vault
from vigdesk.services.demo import DEMO_PASSPHRASE, ensure_demo_vault
from vigdesk.services.exports import ExportRequest, create_recipient_key, open_package_file
from vigdesk.services.sar_bundle import COVERED, EXCLUDED, Bundle
from vigdesk.services.sar_gather import gather
from vigdesk.services.session import Services
from vigdesk.services.subject_requests import SubjectRequestService
from vigdesk.storage.db import Database
from vigdesk.storage.exports import write_reply

KEY_SECRET = "supervisor key passphrase here"
LINK_COLUMNS = {"case_id", "person_id", "object_id"}


def linked_tables(db: Database) -> set[str]:
    """Tables naming a case or a person, directly or through a linked table's id."""
    tables = [str(r[0]) for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    columns = {t: [str(r[1]) for r in db.execute(f"PRAGMA table_info('{t}')")] for t in tables}
    refs = {t: {str(r[2]) for r in db.execute(f"PRAGMA foreign_key_list('{t}')")} for t in tables}
    linked = {t for t in tables if LINK_COLUMNS & set(columns[t]) or refs[t] & {"people"}}
    linked.add("cases")
    grew = True
    while grew:
        grew = False
        for t in tables:
            if t in linked:
                continue
            named = {c.removesuffix("_id") for c in columns[t] if c.endswith("_id")}
            plural = {n + "s" for n in named} | {n + "es" for n in named}
            if refs[t] & linked or (named | plural) & linked:
                linked.add(t)
                grew = True
    return linked


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, Bundle]]:
    tmp = tmp_path_factory
    home = tmp_path_factory.mktemp("demo") / "vault"
    ensure_demo_vault(home)
    vault = unlock_vault(home, DEMO_PASSPHRASE)
    s = Services.for_vault(vault)
    case = next(c for c in s.cases.list_cases() if c.initials == "RA")
    adult = next(p for p in s.cases.people(case.id) if p.kind.value == "adult")
    media = s.media.list_media(case.id)
    footage = next(m for m in media if m.kind is MediaKind.FOOTAGE and m.source_media_id is None)
    clip = next(m for m in media if m.kind is MediaKind.CLIP)
    s.media.annotate(clip.id, title=clip.title, labels=("vig:receiving",), note="Calm moment")
    still = s.media.make_still(footage.id, 3.0, caption="Eye contact")
    # Shared for supervision to a supervisor's key; their reply comments on the clip.
    key_file = tmp.mktemp("key") / "supervisor.key"
    public = create_recipient_key("Dr A. Supervisor", KEY_SECRET, key_file, kdf=fast_kdf())
    out = tmp.mktemp("pkg") / "p.vigpkg"
    s.exports.export(
        ExportRequest(
            media_ids=(clip.id, still.id),
            purpose=Purpose.SUPERVISION,
            recipient="Dr A. Supervisor",
            expires_on=s.ctx.today() + timedelta(days=30),
            out=out,
            recipient_key=public,
        )
    )
    opened = open_package_file(out, today=s.ctx.today(), passphrase=KEY_SECRET, key_file=key_file)
    reply = out.with_suffix(".vigreply")
    comment = Comment("clip-01.mp4", 0.5, "RA waits for him here: lovely")
    write_reply(reply, opened.manifest, "Dr A. Supervisor", 45, [comment], s.ctx.today())
    s.replies.import_reply(reply)
    # A review meeting where the parent spoke, filmed for supervision.
    review = s.sessions.add_session(
        case.id,
        SessionKind.SHARED_REVIEW,
        s.ctx.today(),
        notes=reflections_block([("clip “Sharing a look”", "He was so proud")]),
        summary="We watched the clip together.",
    )
    s.reviews_filmed.mark(footage.id, review.id)
    s.retention.set_hold(case.id, "court proceedings")
    s.retention.record_why_open(case.id, "waiting for the final review")
    # An assignment arrives from the BSO by sync; written as sync would write it.
    s.ctx.db.execute(
        "INSERT INTO case_members VALUES (?, ?, ?, ?)",
        (case.id, "member-of-the-team", "bso", iso(s.ctx.vault.clock())),
    )
    SubjectRequestService(s.ctx).add(adult.id, s.ctx.today() - timedelta(days=2))
    s.letters.draft(case.id, "end_of_intervention")  # addressed to the family by name
    policy = s.retention.policy_in_force()
    yield s, gather(s.ctx, adult.id, policy)
    vault.lock()


def test_every_linked_table_is_gathered_or_excluded_with_a_reason(
    demo: tuple[Services, Bundle],
) -> None:
    s, _ = demo
    linked = linked_tables(s.ctx.db)
    assert not set(COVERED) & set(EXCLUDED)
    forgotten = linked - set(COVERED) - set(EXCLUDED)
    assert not forgotten, f"neither in the subject access answer nor excluded: {forgotten}"
    assert all(reason.strip() for reason in EXCLUDED.values())
    assert set(COVERED) <= linked


def test_a_demo_parent_has_an_item_from_every_gathered_table(
    demo: tuple[Services, Bundle],
) -> None:
    _, bundle = demo
    empty = [t for t in COVERED if not bundle.sources.get(t)]
    assert not empty, f"nothing taken from {empty}"
    for key in set(COVERED.values()):
        assert bundle.section(key).rows, f"section {key} is empty"


def test_the_answer_is_in_plain_words(demo: tuple[Services, Bundle]) -> None:
    _, bundle = demo
    text = json.dumps(bundle.to_json())
    for internal in ('"film"', '"keep"', '"given"', "0.0 s", '"footage"', "shared_review"):
        assert internal not in text
    assert "A single picture" in text and "Watching the video together" in text
    assert "Keeping the video while we work with you" in text
    privacy = dict(bundle.section("privacy").rows)
    assert {"Why we hold it", "Lawful basis", "Who sees it", "Where it came from"} <= set(privacy)
    # The promised video period is the policy's, as the sweep reads it.
    kept = dict(bundle.section("retention").rows)
    assert kept["Video recordings of your sessions"].startswith("Two months after")
    assert all("-" not in row[0] for row in bundle.section("sessions").rows)  # no ISO dates


def test_the_json_beside_the_pdf_is_machine_readable(demo: tuple[Services, Bundle]) -> None:
    _, bundle = demo
    data = json.loads(json.dumps(bundle.to_json()))
    keys = [s["key"] for s in data["sections"]]
    assert keys[:2] == ["about", "privacy"] and "audit" in keys


def test_a_new_table_naming_a_person_would_be_caught(demo: tuple[Services, Bundle]) -> None:
    s, _ = demo
    db = s.ctx.db
    with pytest.raises(RuntimeError, match="notes_to_family"), db.transact():
        db.execute("CREATE TABLE notes_to_family (id TEXT, person_id TEXT, body TEXT)")
        db.execute("CREATE TABLE letter_copies (letter_id TEXT, sent_to TEXT)")
        missing = linked_tables(db) - set(COVERED) - set(EXCLUDED)
        assert missing == {"notes_to_family", "letter_copies"}
        raise RuntimeError("notes_to_family: rolled back")
    assert "notes_to_family" not in linked_tables(db)
