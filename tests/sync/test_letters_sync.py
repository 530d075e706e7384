"""A letter from Ann's laptop through the site's outbox to the BSO, and no further."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import CHILD, MOTHER, add_family
from tests.sync.office import Office
from vigdesk.core.errors import IntegrityError, InvalidInput
from vigdesk.core.letters import DeliveryMethod, LetterStatus
from vigdesk.render.pdf import html_to_pdf
from vigdesk.sync.layout import SiteLayout
from vigdesk.sync.letters import open_letter, read_envelope

NAMES = (MOTHER, CHILD, *MOTHER.split(), *CHILD.split())


def _render(html: str, title: str) -> bytes:
    return html_to_pdf(html, title)


def test_a_letter_reaches_the_bso_opens_there_and_its_status_comes_back(
    office: Office, tmp_path: Path
) -> None:
    fam = add_family(office["a"])
    letter = office["a"].letters.draft(fam.case.id, "end_of_intervention")
    assert "Marigold" in office["a"].letters.text(letter.id)  # the family by name
    office["a"].letters.send(letter.id, _render)
    office.settle(("a", "bso", "b"))

    rows = office["bso"].letters.outbox()
    assert [(r.letter.id, r.case_code, r.letter.author_name) for r in rows] == [
        (letter.id, fam.case.code, "Ann Practitioner")
    ]
    assert rows[0].letter.status is LetterStatus.WITH_BSO
    content = office["bso"].letters.open_letter(letter.id)
    pdf = content.pdf
    assert pdf.startswith(b"%PDF") and "Dear Marigold" in content.html
    saved = office["bso"].letters.save_pdf(letter.id, tmp_path)
    assert saved.read_bytes() == pdf
    assert fam.case.code in saved.name and "MW" in saved.name
    office["bso"].letters.mark_sent(letter.id, DeliveryMethod.EMAIL, date(2026, 12, 4))
    office.settle(("bso", "a", "b"))

    back = office["a"].letters.get(letter.id)
    assert back.status is LetterStatus.SENT
    assert (back.delivered_on, back.delivered_method) == (date(2026, 12, 4), "email")
    actions = [
        r[0]
        for r in office["bso"].vault.db.execute(
            "SELECT action FROM audit WHERE object_id = ? ORDER BY seq", (letter.id,)
        )
    ]
    assert actions == ["letter.opened", "letter.opened", "letter.saved", "letter.marked_sent"]
    assert office["bso"].letters.for_case(fam.case.id)[0].status is LetterStatus.SENT
    with pytest.raises(Exception, match="author's laptop"):
        office["bso"].letters.text(letter.id)  # the words never synced


def test_bens_vault_cannot_open_the_letter_even_with_the_shares_files(office: Office) -> None:
    fam = add_family(office["a"])
    office["a"].sync.assign(fam.case.id, office.member_id("b"))  # on the team, even
    letter = office["a"].letters.draft(fam.case.id, "blank")
    office["a"].letters.send(letter.id, _render)
    office.settle(("a", "bso", "b"))

    ben = office["b"]
    site = ben.sync.site.verified()
    data = site.layout.letter(letter.id).read_bytes()
    device = ben.sync.site.device()
    me = site.manifest.member(device.member_id)
    assert me is not None
    with pytest.raises(IntegrityError, match="BSO only"):
        open_letter(data, letter.id, me, device.keys, site.manifest)
    with pytest.raises(InvalidInput, match="Only the BSO"):
        ben.letters.open_letter(letter.id)
    with pytest.raises(Exception, match="author's laptop"):
        ben.letters.text(letter.id)


def test_nothing_on_the_share_names_the_family(office: Office) -> None:
    fam = add_family(office["a"])
    for kind in ("end_of_intervention", "appointment", "blank"):
        office["a"].letters.send(office["a"].letters.draft(fam.case.id, kind).id, _render)
    office.settle(("a", "bso", "b"))
    layout = SiteLayout(office.share)
    letters = sorted(layout.outbox.iterdir())
    assert len(letters) == 3
    for path in office.share.rglob("*"):
        relative = str(path.relative_to(office.share)).lower()
        assert not [n for n in NAMES if n.lower() in relative], relative
        if path.is_file():
            data = path.read_bytes().lower()
            assert not [n for n in NAMES if n.lower().encode() in data], relative
    manifest = office["bso"].sync.site.verified().manifest
    for path in letters:
        envelope, _ = read_envelope(path.read_bytes(), manifest)
        assert (envelope.case_code, envelope.initials) == (fam.case.code, "MW")


def test_a_forged_or_moved_letter_is_refused(office: Office) -> None:
    fam = add_family(office["a"])
    first = office["a"].letters.draft(fam.case.id, "blank")
    second = office["a"].letters.draft(fam.case.id, "appointment")
    office["a"].letters.send(first.id, _render)
    office["a"].letters.send(second.id, _render)
    office.settle(("a", "bso"))
    layout = SiteLayout(office.share)
    shutil.copyfile(layout.letter(first.id), layout.letter(second.id))
    with pytest.raises(IntegrityError, match="moved"):
        office["bso"].letters.open_letter(second.id)
    raw = layout.letter(first.id).read_bytes().replace(b'"kind":"blank"', b'"kind":"other"')
    layout.letter(first.id).write_bytes(raw)
    with pytest.raises(IntegrityError, match="not signed"):
        office["bso"].letters.open_letter(first.id)


def test_an_erased_familys_letters_leave_the_outbox(office: Office) -> None:
    from vigdesk.services.subject_access import SubjectAccessService

    fam = add_family(office["a"])
    letter = office["a"].letters.draft(fam.case.id, "end_of_intervention")
    office["a"].letters.send(letter.id, _render)
    other = office["a"].letters.draft(fam.case.id, "blank")
    office["a"].letters.send(other.id, _render)
    unnamed = office["a"].letters.draft(fam.case.id, "blank")
    office["a"].letters.save_text(unnamed.id, "<p>Dear family, see you soon.</p>")
    office["a"].letters.send(unnamed.id, _render)
    office.settle(("a", "bso"))
    layout = SiteLayout(office.share)
    assert layout.letter(letter.id).exists() and layout.letter(other.id).exists()
    sar = SubjectAccessService(office["a"].ctx)
    sar.erase(fam.mother.id, "asked to be forgotten")  # two letters name her
    office.settle(("a", "bso"))
    assert not layout.letter(letter.id).exists() and not layout.letter(other.id).exists()
    assert [r.letter.id for r in office["bso"].letters.outbox()] == [unnamed.id]
    sar.erase(fam.child.id, "asked to be forgotten")  # the last person: the case goes
    office.settle(("a", "bso"))
    assert not layout.letter(unnamed.id).exists() and list(layout.outbox.iterdir()) == []
