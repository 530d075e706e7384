"""The consent rule as a table: consent follows who is filmed (issue 19, DESIGN §7)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigdesk.core.cases import Person, PersonKind
from vigdesk.core.consent import (
    ConsentRecord,
    Method,
    Purpose,
    default_appearing,
    entitled,
    gaps,
    require,
    usual_appearing,
)
from vigdesk.core.errors import ConsentRequired, InvalidInput

TODAY = date(2026, 10, 1)
HOLD = (Purpose.FILM, Purpose.KEEP)


def adult(pid: str, initials: str, *, pr: bool = False, authority: str = "") -> Person:
    return Person(
        pid, "case", PersonKind.ADULT, initials, initials, None, pr, "", authority_role=authority
    )


def child(pid: str, initials: str, **extra: object) -> Person:
    person = Person(pid, "case", PersonKind.CHILD, initials, initials, date(2014, 1, 1), False, "")
    return replace(person, **extra)  # type: ignore[arg-type]


_n = iter(range(10**6))


def said(
    giver: Person,
    about: Person,
    purposes: tuple[Purpose, ...] = HOLD,
    *,
    yes: bool = True,
    withdrawn: date | None = None,
) -> list[ConsentRecord]:
    return [
        ConsentRecord(
            id=f"r{next(_n)}",
            case_id="case",
            giver_id=giver.id,
            child_id=about.id,
            purpose=p,
            granted=yes,
            form_version="2026.2",
            given_on=date(2026, 9, 1),
            method=Method.SCANNED_PAPER,
            evidence_blob_id=None,
            review_due=None,
            child_view="",
            withdrawn_on=withdrawn,
            withdrawn_reason="",
        )
        for p in purposes
    ]


MUM = adult("mum", "MW", pr=True)
DAD = adult("dad", "DF", pr=True)
PARTNER = adult("partner", "PQ")
CARER = adult("carer", "FC")
SOCIAL_WORKER = adult("sw", "SW", authority="Social worker, Children in Care team")
BABY = child("baby", "PW")
SIBLING = child("sib", "TW")
FOSTERED = child("fostered", "LK", looked_after=True)
TEEN = child(
    "teen",
    "JR",
    date_of_birth=date(2012, 5, 1),  # 14 on TODAY
    competent_on=date(2026, 9, 1),
    competent_by="AP (practitioner)",
)

# (name, people, records, who appears, expected: list of gap sentences, or [] to allow)
CASES = [
    ("birth family", [MUM, BABY], said(MUM, BABY), ["mum", "baby"], []),
    (
        "separated parents, one refusing",
        [MUM, DAD, BABY],
        said(MUM, BABY) + said(DAD, BABY, (Purpose.FILM,), yes=False) + said(DAD, DAD),
        ["mum", "baby"],
        ["DF has withdrawn or refused consent to filming for PW"],
    ),
    (
        "foster carer with the local authority's consent",
        [CARER, SOCIAL_WORKER, FOSTERED],
        said(CARER, CARER) + said(SOCIAL_WORKER, FOSTERED),
        ["carer", "fostered"],
        [],
    ),
    (
        "foster carer cannot consent for the looked-after child",
        [CARER, SOCIAL_WORKER, FOSTERED],
        said(CARER, CARER) + said(CARER, FOSTERED),
        ["carer", "fostered"],
        [
            "the local authority has not consented to filming for LK",
            "the local authority has not consented to keeping video during the intervention for LK",
        ],
    ),
    (
        "partner without PR appears and has not consented",
        [MUM, PARTNER, BABY],
        said(MUM, BABY),
        ["mum", "partner", "baby"],
        [
            "PQ appears and has not consented to filming",
            "PQ appears and has not consented to keeping video during the intervention",
        ],
    ),
    (
        "partner without PR gives their own consent",
        [MUM, PARTNER, BABY],
        said(MUM, BABY) + said(PARTNER, PARTNER),
        ["mum", "partner", "baby"],
        [],
    ),
    (
        "a sibling not appearing does not block",
        [MUM, DAD, BABY, SIBLING],
        said(MUM, BABY) + said(DAD, SIBLING, yes=False),
        ["mum", "baby"],
        [],
    ),
    (
        "a competent 14-year-old refusing",
        [MUM, TEEN],
        said(MUM, TEEN) + said(TEEN, TEEN, (Purpose.FILM,), yes=False),
        ["mum", "teen"],
        ["JR has withdrawn or refused consent to filming"],
    ),
    (
        "a competent child's own consent covers them",
        [CARER, TEEN],
        said(CARER, CARER) + said(TEEN, TEEN),
        ["carer", "teen"],
        [],
    ),
    (
        "withdrawal by the mother",
        [MUM, PARTNER, BABY],
        said(MUM, BABY, (Purpose.FILM,))
        + said(MUM, BABY, (Purpose.KEEP,), withdrawn=TODAY)
        + said(PARTNER, PARTNER),
        ["mum", "partner", "baby"],
        [
            "MW has withdrawn or refused consent to keeping video during the intervention",
            "MW has withdrawn or refused consent to keeping video during the intervention for PW",
        ],
    ),
    (
        "withdrawal by the partner",
        [MUM, PARTNER, BABY],
        said(MUM, BABY) + said(PARTNER, PARTNER, (Purpose.FILM,), withdrawn=TODAY),
        ["mum", "partner", "baby"],
        [
            "PQ has withdrawn or refused consent to filming",
            "PQ appears and has not consented to keeping video during the intervention",
        ],
    ),
    (
        "withdrawal by the local authority",
        [CARER, SOCIAL_WORKER, FOSTERED],
        said(CARER, CARER) + said(SOCIAL_WORKER, FOSTERED, withdrawn=TODAY),
        ["carer", "fostered"],
        [
            "SW has withdrawn or refused consent to filming for LK",
            "SW has withdrawn or refused consent to keeping video during the intervention for LK",
        ],
    ),
    (
        "withdrawal by the foster carer, for herself",
        [CARER, SOCIAL_WORKER, FOSTERED],
        said(CARER, CARER, (Purpose.FILM,))
        + said(CARER, CARER, (Purpose.KEEP,), withdrawn=TODAY)
        + said(SOCIAL_WORKER, FOSTERED),
        ["carer", "fostered"],
        ["FC has withdrawn or refused consent to keeping video during the intervention"],
    ),
    (
        "separated parents: the father refusing to be filmed himself, footage without him",
        [MUM, DAD, BABY],
        said(MUM, BABY) + said(DAD, DAD, yes=False),
        ["mum", "baby"],
        [],
    ),
    (
        "withdrawal by the competent child",
        [MUM, TEEN],
        said(MUM, TEEN) + said(TEEN, TEEN, (Purpose.KEEP,), withdrawn=TODAY),
        ["mum", "teen"],
        ["JR has withdrawn or refused consent to keeping video during the intervention"],
    ),
]


@pytest.mark.parametrize(
    ("people", "records", "appearing", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_consent_follows_who_is_filmed(
    people: list[Person], records: list[ConsentRecord], appearing: list[str], expected: list[str]
) -> None:
    found = [g.sentence() for g in gaps(people, records, HOLD, TODAY, appearing)]
    assert sorted(found) == sorted(expected)


def test_the_competent_child_in_the_table_is_fourteen() -> None:
    born = TEEN.date_of_birth
    assert born is not None
    assert TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day)) == 14
    assert TEEN.competent(TODAY)


def test_a_family_copy_refused_by_a_partner_who_appears_names_him() -> None:
    records = said(MUM, BABY, (*HOLD, Purpose.FAMILY_COPY)) + said(
        PARTNER, PARTNER, (Purpose.FAMILY_COPY,), yes=False
    )
    with pytest.raises(ConsentRequired) as refused:
        require(
            "give the family a copy",
            [MUM, PARTNER, BABY],
            records,
            [Purpose.FAMILY_COPY],
            TODAY,
            ["mum", "partner", "baby"],
        )
    assert str(refused.value) == (
        "Cannot give the family a copy: PQ has withdrawn or refused consent to a family copy "
        "of the clips."
    )
    assert gaps([MUM, PARTNER, BABY], records, [Purpose.FAMILY_COPY], TODAY, ["mum", "baby"]) == []


def test_the_refusal_names_who_lacks_what() -> None:
    with pytest.raises(ConsentRequired) as refused:
        require("import footage", [MUM, PARTNER, BABY], said(MUM, BABY), HOLD, TODAY)
    assert str(refused.value).startswith("Cannot import footage: PQ appears and has not")


def test_a_looked_after_child_may_also_be_covered_by_birth_parents_when_agreed() -> None:
    shared = replace(FOSTERED, parents_consent_too=True)
    people = [MUM, SOCIAL_WORKER, shared]
    assert [p.id for p in entitled(shared, people, TODAY)] == ["sw", "mum"]
    assert [p.id for p in entitled(FOSTERED, people, TODAY)] == ["sw"]
    assert gaps(people, said(MUM, shared), HOLD, TODAY, ["mum", "fostered"]) == []


def test_competence_judged_later_does_not_count_yet() -> None:
    later = replace(TEEN, competent_on=date(2026, 12, 1))
    assert entitled(later, [MUM, later], TODAY) == [MUM]


def test_someone_outside_the_case_cannot_appear() -> None:
    with pytest.raises(InvalidInput):
        gaps([MUM], [], HOLD, TODAY, ["stranger"])


def test_the_default_and_the_usual_appearing() -> None:
    people = [MUM, PARTNER, SOCIAL_WORKER, BABY]
    assert default_appearing(people) == ["mum", "partner", "baby"]
    assert usual_appearing(people) == ["mum", "baby"]


FAMILY = [MUM, DAD, PARTNER, CARER, SOCIAL_WORKER, BABY, SIBLING, FOSTERED, TEEN]


@st.composite
def records_for(draw: st.DrawFn) -> list[ConsentRecord]:
    found: list[ConsentRecord] = []
    for _ in range(draw(st.integers(0, 12))):
        giver = draw(st.sampled_from(FAMILY))
        about = draw(st.sampled_from(FAMILY))
        purpose = draw(st.sampled_from(list(Purpose)))
        yes = draw(st.booleans())
        gone = draw(st.sampled_from([None, TODAY, date(2027, 1, 1)]))
        found += said(giver, about, (purpose,), yes=yes, withdrawn=gone)
    return found


@given(
    records_for(),
    st.lists(st.sampled_from([p.id for p in FAMILY]), min_size=1, unique=True),
    st.sampled_from(list(Purpose)),
)
def test_properties_of_the_rule(
    records: list[ConsentRecord], appearing: list[str], purpose: Purpose
) -> None:
    found = gaps(FAMILY, records, [purpose], TODAY, appearing)
    # Only people who appear are ever named as lacking consent.
    assert {g.subject.id for g in found} <= set(appearing)
    # Whoever blocks is entitled to consent for the person they block.
    for g in found:
        assert g.blocked_by is None or g.blocked_by in entitled(g.subject, FAMILY, TODAY)
    # Someone who does not appear never changes the answer for those who do.
    fewer = appearing[:-1]
    if fewer:
        assert gaps(FAMILY, records, [purpose], TODAY, fewer) == [
            g for g in found if g.subject.id in fewer
        ]
    # A refusal by anyone entitled, added for someone who appears, always blocks.
    subject = next(p for p in FAMILY if p.id == appearing[0])
    giver = entitled(subject, FAMILY, TODAY)[0]
    refused = records + said(giver, subject, (purpose,), yes=False)
    assert subject.id in {g.subject.id for g in gaps(FAMILY, refused, [purpose], TODAY, appearing)}
