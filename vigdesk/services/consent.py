"""Recording, withdrawing and enforcing consent. Other services call `require` (before
a video exists) or `require_for` (on a video, for the people who appear in it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date

from vigdesk.core import consent as rules
from vigdesk.core.cases import Person, PersonKind, initials_of
from vigdesk.core.clock import iso
from vigdesk.core.consent import ConsentRecord, Method, Purpose
from vigdesk.core.errors import ConsentRequired, InvalidInput
from vigdesk.core.ids import CaseId, MediaId, PersonId, new_id
from vigdesk.core.media import MediaItem
from vigdesk.services.context import Context
from vigdesk.services.documents import lawful_basis as default_basis
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.consents import ConsentRepo
from vigdesk.storage.media import MediaRepo

FAMILY_COPY = (Purpose.KEEP, Purpose.FAMILY_COPY)
"""What a copy of a family's videos for the family needs from everyone who appears."""


class ConsentService:
    def __init__(self, ctx: Context, basis: Callable[[], str] | None = None) -> None:
        """`basis` reads the lawful basis of the policy in force (default: this build's)."""
        self._ctx = ctx
        self._basis = basis or default_basis
        self._repo = ConsentRepo(ctx.db)
        self._cases = CaseRepo(ctx.db)
        self._media = MediaRepo(ctx.db)

    def record(
        self,
        case_id: CaseId,
        giver_id: PersonId,
        child_ids: Iterable[PersonId],
        purposes: dict[Purpose, bool],
        *,
        form_version: str,
        given_on: date,
        method: Method,
        evidence: bytes | None = None,
        evidence_kind: str = "consent-evidence",
        review_due: date | None = None,
        child_view: str = "",
        lawful_basis: str | None = None,
        interpreter: str = "",
        accessible_version: str = "",
    ) -> list[ConsentRecord]:
        """One record per person and purpose (granted or refused), with sealed evidence.

        `child_ids` names whom the consent is about: children the giver may consent for,
        and the giver themselves (an adult, or a child judged competent). Raises
        InvalidInput when the giver is not entitled to consent for one of them.
        `lawful_basis` is the one shown to the family (default: the policy's in force);
        `interpreter` and `accessible_version` say how the form was made accessible.
        """
        everyone = self._cases.people(case_id)
        people = {p.id: p for p in everyone}
        giver = people.get(giver_id)
        if giver is None:
            raise InvalidInput("Consent must be given by someone in this case.")
        subjects = [people.get(c) for c in child_ids]
        if not subjects or any(c is None for c in subjects):
            raise InvalidInput("Choose whom this consent is for, among this family.")
        today = self._ctx.today()
        for subject in subjects:
            assert subject is not None
            if giver not in rules.entitled(subject, everyone, today):
                raise InvalidInput(_not_entitled(giver, subject))
        if given_on > today:
            raise InvalidInput("Consent cannot be dated in the future.")
        if review_due is not None and review_due < given_on:
            raise InvalidInput("The review date must come after the consent date.")
        basis = (lawful_basis or "").strip() or self._basis()
        sealed = self._ctx.blobs.seal_bytes(case_id, evidence_kind, evidence) if evidence else None
        made: list[ConsentRecord] = []
        try:
            with self._ctx.db.transact():
                if sealed is not None:
                    self._ctx.blobs.record(sealed)
                for child in subjects:
                    assert child is not None
                    for purpose, granted in purposes.items():
                        rec = ConsentRecord(
                            id=PersonId(new_id()),
                            case_id=case_id,
                            giver_id=giver_id,
                            child_id=child.id,
                            purpose=purpose,
                            granted=granted,
                            form_version=form_version,
                            given_on=given_on,
                            method=method,
                            evidence_blob_id=sealed.id if sealed else None,
                            review_due=review_due,
                            child_view=child_view,
                            withdrawn_on=None,
                            withdrawn_reason="",
                            lawful_basis=basis,
                            interpreter=interpreter.strip(),
                            accessible_version=accessible_version.strip(),
                        )
                        self._repo.insert(rec, iso(self._ctx.vault.clock()))
                        made.append(rec)
                self._ctx.audit.append(
                    "consent.recorded",
                    "case",
                    case_id,
                    {
                        "records": len(made),
                        "purposes": sorted(p.value for p in purposes),
                        "method": method.value,
                    },
                )
        except BaseException:
            if sealed is not None:
                self._ctx.blobs.discard(sealed)
            raise
        return made

    def withdraw(
        self, consent_ids: Iterable[str], reason: str = "", on: date | None = None
    ) -> list[ConsentRecord]:
        """Withdrawal takes effect today (immediately blocking what needs it)."""
        when = on or self._ctx.today()
        done = []
        with self._ctx.db.transact():
            for cid in consent_ids:
                rec = self._repo.get(cid)
                if rec.withdrawn_on is not None:
                    continue
                self._repo.withdraw(cid, when, reason.strip())
                self._ctx.audit.append(
                    "consent.withdrawn",
                    "consent",
                    cid,
                    {"case": rec.case_id, "purpose": rec.purpose.value},
                )
                done.append(self._repo.get(cid))
        return done

    def for_case(self, case_id: CaseId) -> list[ConsentRecord]:
        records = self._repo.for_case(case_id)
        self._ctx.audit.append("consent.read", "case", case_id, {"records": len(records)})
        return records

    def register(self) -> list[ConsentRecord]:
        records = self._repo.all()
        self._ctx.audit.append("consent.register_read", "vault", "", {"records": len(records)})
        return records

    def require(
        self,
        case_id: CaseId,
        purposes: Iterable[Purpose],
        action: str,
        appearing: Sequence[PersonId] | None = None,
    ) -> None:
        """Raise ConsentRequired (naming who lacks which consent) unless everyone who
        appears (default: the whole family, see `rules.default_appearing`) is covered.
        Raises InvalidInput if `appearing` names someone outside the case."""
        people = self._cases.people(case_id)
        ids = rules.default_appearing(people) if appearing is None else list(appearing)
        rules.require(
            action, people, self._repo.for_case(case_id), list(purposes), self._ctx.today(), ids
        )

    def require_for(
        self, items: Sequence[MediaItem], purposes: Iterable[Purpose], action: str
    ) -> None:
        """`require` for everyone who appears in any of `items` (all of one case)."""
        if not items:
            raise InvalidInput("Choose at least one video.")
        case_id = items[0].case_id
        people = self._cases.people(case_id)
        ids: list[PersonId] = []
        for item in items:
            ids += appearing_in(item, people)
        self.require(case_id, purposes, action, list(dict.fromkeys(ids)))

    # -- gates other services call -----------------------------------------------------

    def family_copy_problem(self, media_ids: Sequence[MediaId]) -> str | None:
        """The refusal `require_family_copy` would give, or None (for dialogs)."""
        try:
            self.require_family_copy(media_ids)
        except ConsentRequired as refusal:
            return str(refusal)
        return None

    def require_family_copy(self, media_ids: Sequence[MediaId]) -> None:
        """Before giving a family a copy of videos or clips: everyone who appears in any
        of `media_ids` (one case) must be covered for `keep` and `family_copy`. Raises
        ConsentRequired naming who lacks what (initials only), InvalidInput for no
        videos or videos of several cases, NotFound for an unknown id."""
        items = [self._media.get(m) for m in media_ids]
        if len({i.case_id for i in items}) > 1:
            raise InvalidInput("A family copy holds videos of one family only.")
        self.require_for(items, FAMILY_COPY, "give the family a copy")

    def review_filming_problem(
        self, case_id: CaseId, attending: Sequence[PersonId] | None = None
    ) -> str | None:
        """The refusal `require_review_filming` would give, or None (for dialogs)."""
        try:
            self.require_review_filming(case_id, attending)
        except ConsentRequired as refusal:
            return str(refusal)
        return None

    def require_review_filming(
        self, case_id: CaseId, attending: Sequence[PersonId] | None = None
    ) -> None:
        """Before filming a review meeting: everyone attending (default: the family's
        adults, see `rules.review_attending`) must be covered for `review_filming`.
        Raises ConsentRequired naming who lacks it, InvalidInput for someone outside
        the case."""
        people = self._cases.people(case_id)
        ids = rules.review_attending(people) if attending is None else list(attending)
        self.require(case_id, (Purpose.REVIEW_FILMING,), "film this review", ids)

    def check_appearing(
        self, case_id: CaseId, person_ids: Sequence[PersonId]
    ) -> tuple[PersonId, ...]:
        """The ids, each once, in order; InvalidInput if empty or outside the case."""
        known = {p.id for p in self._cases.people(case_id)}
        ids = tuple(dict.fromkeys(person_ids))
        if not ids:
            raise InvalidInput("Say who appears in the video: at least one person.")
        if any(i not in known for i in ids):
            raise InvalidInput("Someone listed as appearing is not in this case.")
        return ids

    # -- who may consent ------------------------------------------------------------

    def add_authority(self, case_id: CaseId, full_name: str, role: str, note: str = "") -> Person:
        """Record the local authority's representative (e.g. the child's social worker),
        who consents for the case's looked-after children; they are not filmed."""
        if not role.strip():
            raise InvalidInput("Give the representative's role and team.")
        person = Person(
            id=PersonId(new_id()),
            case_id=self._cases.get(case_id).id,
            kind=PersonKind.ADULT,
            full_name=full_name.strip(),
            initials=initials_of(full_name),
            date_of_birth=None,
            parental_responsibility=False,
            relationship="local authority",
            authority_role=role.strip(),
            authority_note=note.strip(),
        )
        with self._ctx.db.transact():
            self._cases.insert_person(person, iso(self._ctx.vault.clock()))
            self._ctx.audit.append(
                "person.added", "person", person.id, {"case": case_id, "kind": "authority"}
            )
        return person

    def set_looked_after(
        self, child_id: PersonId, looked_after: bool, *, parents_consent_too: bool = False
    ) -> Person:
        """Mark a child as in the local authority's care (or not any more)."""
        child = self._child(child_id)
        changed = replace(
            child,
            looked_after=looked_after,
            parents_consent_too=looked_after and parents_consent_too,
        )
        self._store_standing(changed, {"looked_after": looked_after})
        return changed

    def judge_competent(self, child_id: PersonId, on: date, by: str, note: str = "") -> Person:
        """Record that a child was judged able to decide for themselves (Gillick): from
        `on`, their own consent counts and their refusal blocks."""
        child = self._child(child_id)
        if on > self._ctx.today():
            raise InvalidInput("The judgement cannot be dated in the future.")
        if not by.strip():
            raise InvalidInput("Say who judged the child able to decide.")
        changed = replace(child, competent_on=on, competent_by=by.strip(), competence_note=note)
        self._store_standing(changed, {"competent": True})
        return changed

    def _child(self, child_id: PersonId) -> Person:
        child = self._cases.person(child_id)
        if child.kind is not PersonKind.CHILD:
            raise InvalidInput(f"{child.initials} is not a child of this family.")
        return child

    def _store_standing(self, person: Person, detail: dict[str, object]) -> None:
        with self._ctx.db.transact():
            self._cases.set_consent_standing(person)
            self._ctx.audit.append("person.consent_standing", "person", person.id, detail)


def appearing_in(item: MediaItem, people: Sequence[Person]) -> list[PersonId]:
    """Who `item` shows: as recorded (people since erased left out), or for video from
    before "who appears" was asked, the case's PR adults and its children."""
    if item.appears is None:
        return rules.usual_appearing(people)
    known = {p.id for p in people}
    return [i for i in item.appears if i in known]


def _not_entitled(giver: Person, subject: Person) -> str:
    if giver.kind is PersonKind.CHILD:
        if giver.id != subject.id:
            return f"{giver.initials} can only consent for themselves."
        return f"{giver.initials} has not been judged able to decide for themselves yet."
    if subject.kind is PersonKind.ADULT:
        return (
            f"{giver.initials} cannot consent for {subject.initials}: adults answer for themselves."
        )
    if subject.looked_after:
        return (
            f"{giver.initials} cannot consent for {subject.initials}: {subject.initials} is "
            "looked after, so the local authority's representative consents."
        )
    return f"{giver.initials} does not hold parental responsibility for {subject.initials}."
