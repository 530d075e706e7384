"""Gather everything held about one person into a `Bundle` (see `sar_bundle` for the
table map a test checks against the schema). Reads only, through the database lock;
any thread. Raises NotFound for an unknown person.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from vigdesk.core.cases import Person, PersonKind
from vigdesk.core.clock import iso
from vigdesk.core.dates import day_text
from vigdesk.core.ids import MediaId, PersonId
from vigdesk.core.packages import personal_leaks
from vigdesk.core.reflections import reflections_in
from vigdesk.core.sessions import REVIEW_KINDS
from vigdesk.core.subject_requests import due_date
from vigdesk.services import sar_words as words
from vigdesk.services.context import Context
from vigdesk.services.retention import PolicyInForce
from vigdesk.services.sar_bundle import Bundle, Section
from vigdesk.services.sar_privacy import privacy_rows, retention_rows
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.db import Database
from vigdesk.storage.letters import LetterRepo


def gather(ctx: Context, person_id: PersonId, policy: PolicyInForce) -> Bundle:
    """Raises NotFound for an unknown person."""
    return Gatherer(ctx, person_id, policy).bundle()


class Gatherer:
    def __init__(self, ctx: Context, person_id: PersonId, policy: PolicyInForce) -> None:
        cases = CaseRepo(ctx.db)
        self.ctx = ctx
        self.db: Database = ctx.db
        self.person = cases.person(person_id)
        self.case = cases.get(self.person.case_id)
        self.people = {p.id: p for p in cases.people(self.case.id)}
        self.policy = policy
        self.sources: dict[str, int] = {}

    def rows(self, table: str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        found = [tuple(r) for r in self.db.execute(sql, tuple(params))]
        self.sources[table] = self.sources.get(table, 0) + len(found)
        return found

    def bundle(self) -> Bundle:
        media = self._media()
        ids = [m[0] for m in media]
        sections = [
            self._about(),
            Section(
                "privacy",
                "How we use your information",
                "What the law asks us to tell you with your data.",
                ("Topic", "Answer"),
                privacy_rows(self.case, self.policy),
            ),
            Section(
                "retention",
                "How long we keep each kind of information",
                f"From {self.policy.label}, the schedule that deletes it.",
                ("Information", "How long"),
                retention_rows(self.policy.policy),
            ),
            self._sessions(),
            self._said(),
            self._helping(),
            self._questionnaires(),
            self._consents(),
            self._video(media),
            self._markers(ids),
            self._recordings(ids),
            self._supervision(ids),
            self._shared(ids),
            self._kept(),
            self._team(),
            self._requests(),
            self._letters(),
            self._audit(ids),
        ]
        return Bundle(
            self.person, self.case, iso(self.ctx.vault.clock()), sections, self.sources, ids
        )

    def name(self, person_id: PersonId) -> str:
        p = self.people.get(person_id)
        return p.full_name if p else "someone no longer on the record"

    def _about(self) -> Section:
        p, c = self.person, self.case
        self.rows("people", "SELECT id FROM people WHERE id = ?", (p.id,))
        self.rows("cases", "SELECT id FROM cases WHERE id = ?", (c.id,))
        facts = [
            ("Name", p.full_name),
            ("Initials", p.initials),
            ("Role in the family", p.relationship or words.PERSON_KIND[p.kind.value]),
            ("Date of birth", day_text(p.date_of_birth)),
            ("Parental responsibility", "Yes" if p.parental_responsibility else "No"),
            ("Family reference", c.code),
            ("Referred to us", day_text(c.referral_date)),
            ("Referred by", c.referral_source or "—"),
            ("Main difficulty at referral", c.primary_difficulty or "—"),
            ("Where our work stands", words.CASE_STATUS.get(c.status.value, c.status.value)),
            ("Work ended", day_text(c.closed_on)),
        ]
        return Section("about", "About you", "", ("Detail", "What we hold"), facts)

    def _sessions(self) -> Section:
        found = self.rows(
            "sessions",
            "SELECT id, kind, held_on, notes, summary FROM sessions"
            " WHERE case_id = ? ORDER BY held_on, id",
            (self.case.id,),
        )
        out = []
        for sid, kind, held_on, notes, summary in found:
            titles = self.rows(
                "session_media",
                "SELECT m.title FROM session_media s JOIN media m ON m.id = s.media_id"
                " WHERE s.session_id = ? ORDER BY m.created_at",
                (sid,),
            )
            out.append(
                (
                    _day(held_on),
                    words.SESSION_KIND.get(kind, kind),
                    notes or "—",
                    summary or "—",
                    ", ".join(t[0] for t in titles) or "—",
                )
            )
        return Section(
            "sessions",
            "Our meetings with your family",
            "The practitioner's notes and the written summary of each video review.",
            ("Date", "Meeting", "Notes", "Summary", "Video used"),
            out,
        )

    def _said(self) -> Section:
        """An adult's own words in shared reviews (kept in the review's notes)."""
        rows: list[tuple[str, ...]] = []
        if self.person.kind is PersonKind.ADULT:
            for held_on, notes in self.rows(
                "sessions",
                "SELECT held_on, notes FROM sessions WHERE case_id = ? AND kind IN (?, ?)"
                " ORDER BY held_on, id",
                (self.case.id, *sorted(k.value for k in REVIEW_KINDS)),
            ):
                rows += [(_day(held_on), line) for line in reflections_in(notes)]
        return Section(
            "said",
            "What you said in shared reviews",
            "Your words about moments of video, as the practitioner typed them.",
            ("Review", "You said"),
            rows,
        )

    def _recordings(self, media_ids: list[MediaId]) -> Section:
        rows = []
        for mid in media_ids:
            for title, held_on in self.rows(
                "review_recordings",
                "SELECT m.title, s.held_on FROM review_recordings r"
                " JOIN media m ON m.id = r.media_id LEFT JOIN sessions s ON s.id = r.session_id"
                " WHERE r.media_id = ?",
                (mid,),
            ):
                rows.append((title or "—", _day(held_on)))
        return Section(
            "recordings",
            "Recordings of review meetings",
            "Video of a meeting where we watched clips together, kept for supervision.",
            ("Video", "Review meeting"),
            rows,
        )

    def _supervision(self, media_ids: list[MediaId]) -> Section:
        rows = []
        for mid in media_ids:
            for title, at, author, text, made in self.rows(
                "clip_comments",
                "SELECT m.title, c.at_s, c.author, c.text, c.created_at FROM clip_comments c"
                " JOIN media m ON m.id = c.media_id WHERE c.media_id = ? ORDER BY c.at_s",
                (mid,),
            ):
                rows.append((title or "—", words.clock(at), author, text, _day(made)))
        return Section(
            "supervision",
            "A supervisor's comments on the video",
            "Comments a VIG supervisor sent back on clips shared for supervision.",
            ("Video", "At", "From", "Comment", "Received"),
            rows,
        )

    def _helping(self) -> Section:
        out = []
        for qid, text, agreed in self.rows(
            "helping_questions",
            "SELECT id, text, agreed_on FROM helping_questions WHERE case_id = ?"
            " ORDER BY agreed_on, id",
            (self.case.id,),
        ):
            ratings = self.rows(
                "helping_ratings",
                "SELECT rated_on, score, session_id FROM helping_ratings"
                " WHERE question_id = ? AND rated_by = ? ORDER BY rated_on",
                (qid, self.person.id),
            )
            given = "\n".join(
                f"{_day(on)}: {score} out of 10{'' if sess else ' (at the start)'}"
                for on, score, sess in ratings
            )
            out.append((text, _day(agreed), given or "—"))
        return Section(
            "helping",
            "Your family's helping questions",
            "The questions agreed with you, and how you rated progress on each.",
            ("Question", "Agreed", "Your ratings"),
            out,
        )

    def _questionnaires(self) -> Section:
        from vigdesk.services.questionnaires import installed_instruments

        names = {i.id: i for i in installed_instruments()}
        out = []
        for aid, inst, timepoint, done in self.rows(
            "questionnaire_administrations",
            "SELECT id, instrument_id, timepoint, completed_on FROM questionnaire_administrations"
            " WHERE respondent_id = ? ORDER BY completed_on, id",
            (self.person.id,),
        ):
            instrument = names.get(inst)
            items = {i.id: i for i in instrument.items} if instrument else {}
            answers = self.rows(
                "questionnaire_answers",
                "SELECT item_id, value FROM questionnaire_answers"
                " WHERE administration_id = ? ORDER BY position",
                (aid,),
            )
            scores = self.rows(
                "questionnaire_scores",
                "SELECT scale, value, band FROM questionnaire_scores"
                " WHERE administration_id = ? ORDER BY position",
                (aid,),
            )
            scales = {x.id: x.name for x in instrument.subscales} if instrument else {}
            said = "\n".join(
                f"{(items[i].text if i in items else i).rstrip('.')}: {_option(items.get(i), v)}"
                for i, v in answers
            )
            scored = "\n".join(
                f"{'Total' if sc == 'total' else scales.get(sc, sc)}: {_score(v)}"
                + (f" ({b})" if b else "")
                for sc, v, b in scores
            )
            out.append(
                (
                    instrument.name if instrument else inst,
                    words.TIMEPOINT.get(timepoint, timepoint),
                    _day(done),
                    said or "—",
                    scored or "—",
                )
            )
        return Section(
            "questionnaires",
            "Questionnaires you answered",
            "",
            ("Questionnaire", "When", "Date", "Your answers", "Scores"),
            out,
        )

    def _consents(self) -> Section:
        out = []
        for row in self.rows(
            "consents",
            "SELECT giver_id, child_id, purpose, granted, given_on, method, review_due,"
            " withdrawn_on, withdrawn_reason, evidence_blob_id FROM consents"
            " WHERE giver_id = ? OR child_id = ? ORDER BY given_on, purpose",
            (self.person.id, self.person.id),
        ):
            giver, child, purpose, granted, on, method, review, gone, why, evidence = row
            out.append(
                (
                    _day(on),
                    words.PURPOSE.get(purpose, purpose),
                    "Agreed" if granted else "Did not agree",
                    self.name(giver),
                    self.name(child),
                    words.METHOD.get(method, method) + (" (form kept)" if evidence else ""),
                    _day(review),
                    f"{_day(gone)}: {why}" if gone else "Not withdrawn",
                )
            )
        return Section(
            "consents",
            "Your consent",
            "What you agreed to (or not), and any consent you withdrew.",
            ("Date", "For", "Answer", "Given by", "For child", "How", "Review", "Withdrawn"),
            out,
        )

    def _media(self) -> list[tuple[Any, ...]]:
        found = self.rows(
            "media",
            "SELECT id, kind, title, duration_s, recorded_at, created_at, source_media_id,"
            " start_s, labels, note, appears FROM media WHERE case_id = ?"
            " ORDER BY created_at, id",
            (self.case.id,),
        )
        shown = [m for m in found if self.person.id in _appears(m[10], self.people)]
        self.sources["media"] = len(shown)
        return shown

    def _video(self, media: list[tuple[Any, ...]]) -> Section:
        from vigdesk.services.principles import load_principles

        principles = load_principles()
        titles = {m[0]: m[2] for m in media}
        out = []
        for mid, kind, title, length, recorded, created, source, start, labels, note, who in media:
            named = [principles.describe(x) or x for x in _labels(labels)]
            others = [
                self.people[i].initials
                for i in _appears(who, self.people)
                if i != self.person.id and i in self.people
            ]
            origin = (
                f"{titles.get(source, 'a recording')} at {words.clock(start or 0.0)}"
                if source
                else "—"
            )
            out.append(
                (
                    words.MEDIA_KIND.get(kind, kind),
                    title or "—",
                    _day(recorded or created),
                    words.length(kind, float(length)),
                    origin,
                    "; ".join(named) or "—",
                    note or "—",
                    ", ".join(others) or "Nobody else recorded",
                    mid,
                )
            )
        return Section(
            "video",
            "Video, clips and still pictures you appear in",
            "Other people in them are masked in the copies we give you, unless they agreed.",
            (
                "Kind",
                "Title",
                "Recorded",
                "Length",
                "Taken from",
                "Labels",
                "Note",
                "Others in it",
                "Reference",
            ),
            out,
        )

    def _markers(self, media_ids: list[MediaId]) -> Section:
        from vigdesk.services.markers import load_marker_types

        types = load_marker_types()
        out = []
        for mid in media_ids:
            for title, at, kind, who, note in self.rows(
                "markers",
                "SELECT m.title, k.at_s, k.type, k.who, k.note FROM markers k"
                " JOIN media m ON m.id = k.media_id WHERE k.media_id = ? ORDER BY k.at_s, k.id",
                (mid,),
            ):
                found = types.get(kind)
                out.append(
                    (title, words.clock(at), found.name if found else kind, who or "—", note or "—")
                )
        return Section(
            "markers",
            "Moments marked in the video",
            "Moments the practitioner marked for the video review.",
            ("Video", "At", "Moment", "Who", "Note"),
            out,
        )

    def _shared(self, media_ids: list[MediaId]) -> Section:
        mine = set(media_ids)
        out = []
        for eid, purpose, recipient, made, until, recalled, note in self.rows(
            "exports",
            "SELECT id, purpose, recipient, created_at, expires_on, recalled_on, recall_note"
            " FROM exports WHERE case_id = ? ORDER BY created_at",
            (self.case.id,),
        ):
            media = self.rows(
                "export_media", "SELECT media_id FROM export_media WHERE export_id = ?", (eid,)
            )
            count = sum(1 for (m,) in media if m in mine)
            if not count:
                continue
            out.append(
                (
                    _day(made),
                    words.PURPOSE_SHARED.get(purpose, purpose),
                    recipient,
                    str(count),
                    _day(until),
                    f"{_day(recalled)}: {note}" if recalled else "No",
                )
            )
        return Section(
            "shared",
            "Shared outside the service",
            "Clips showing you that were sent, encrypted and time-limited, to someone else.",
            ("Sent", "Why", "To", "Clips", "Usable until", "Recalled"),
            out,
        )

    def _kept(self) -> Section:
        holds = self.rows(
            "legal_holds",
            "SELECT reason, set_at FROM legal_holds WHERE case_id = ?",
            (self.case.id,),
        )
        opened = self.rows(
            "case_open_reasons",
            "SELECT reason, set_at FROM case_open_reasons WHERE case_id = ?",
            (self.case.id,),
        )
        rows = [("Kept beyond the usual period (legal hold)", r, _day(at)) for r, at in holds]
        rows += [("Your case kept open", r, _day(at)) for r, at in opened]
        return Section(
            "kept",
            "Why your record is kept longer",
            "",
            ("What", "Reason", "Since"),
            rows,
        )

    def _team(self) -> Section:
        rows = [
            ("A practitioner was assigned to your family", _day(at))
            for (at,) in self.rows(
                "case_members",
                "SELECT assigned_at FROM case_members WHERE case_id = ? ORDER BY assigned_at",
                (self.case.id,),
            )
        ]
        return Section("team", "Who works with your family", "", ("What", "Date"), rows)

    def _requests(self) -> Section:
        rows = []
        for received, ext, status, answered, how in self.rows(
            "subject_requests",
            "SELECT received_on, extension_months, status, answered_on, delivery"
            " FROM subject_requests WHERE person_id = ? ORDER BY received_on",
            (self.person.id,),
        ):
            due = due_date(date.fromisoformat(received), int(ext))
            rows.append(
                (
                    _day(received),
                    day_text(due),
                    words.REQUEST_STATUS.get(status, status),
                    _day(answered),
                    words.DELIVERY.get(how or "", "—"),
                )
            )
        return Section(
            "requests",
            "Your requests for your data",
            "",
            ("Received", "Due", "Where it stands", "Answered", "How"),
            rows,
        )

    def _letters(self) -> Section:
        """Letters to the family whose words name the person (their words are given in
        record.json as written; a letter whose words are on another laptop names nobody
        here)."""
        repo = LetterRepo(self.db)
        rows = []
        for letter in repo.for_case(self.case.id):
            self.rows("letters", "SELECT id FROM letters WHERE id = ?", (letter.id,))
            body = repo.body(letter.id)
            if body is None:
                continue
            self.rows(
                "letter_texts",
                "SELECT letter_id FROM letter_texts WHERE letter_id = ?",
                (letter.id,),
            )
            text = html.unescape(re.sub(r"<[^>]+>", " ", body))
            if personal_leaks(text, [self.person]):
                rows.append((_day(letter.created_at), letter.title, letter.status_text()))
        return Section(
            "letters",
            "Letters we wrote to your family",
            "Each letter's own words are in the machine-readable copy (record.json).",
            ("Written", "Letter", "Where it stands"),
            rows,
        )

    def _audit(self, media_ids: list[MediaId]) -> Section:
        objects = [self.person.id, self.case.id, *media_ids]
        marks = ",".join("?" * len(objects))
        found = self.rows(
            "audit",
            "SELECT action, count(*), min(ts), max(ts) FROM audit"
            f" WHERE object_id IN ({marks}) GROUP BY action ORDER BY min(ts)",
            objects,
        )
        rows = [(words.action(a), str(n), _day(first), _day(last)) for a, n, first, last in found]
        return Section(
            "audit",
            "Who looked at or changed your record",
            "Every opening, change and deletion is logged; here are the counts and dates.",
            ("What was done", "Times", "First", "Last"),
            rows,
        )


def _day(value: str | None) -> str:
    return day_text(date.fromisoformat(value[:10])) if value else "—"


def _appears(raw: str | None, people: dict[PersonId, Person]) -> list[PersonId]:
    """As the access rule reads "who appears": everyone in the case when not recorded."""

    if raw is None:
        return list(people)
    return [PersonId(str(i)) for i in json.loads(raw)]


def _labels(raw: str | None) -> list[str]:

    return [str(x) for x in json.loads(raw)] if raw else []


def _option(item: Any, value: int) -> str:
    if item is not None:
        for option in item.options:
            if option.value == value:
                return f"{option.label} ({value})"
    return str(value)


def _score(value: float | None) -> str:
    return "not scored (too many answers missing)" if value is None else f"{value:g}"
