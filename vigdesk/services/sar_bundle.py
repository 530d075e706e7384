"""Everything held about one person, gathered for a subject access answer (issue 23).

`COVERED` names every table that links to a case or a person and the section of the
answer that shows it; `EXCLUDED` names the rest with the reason they are left out. A
test reads the schema and fails when a person- or case-linked table is in neither, so
a new table cannot be forgotten. Rows are read here with plain SQL so that this one
module shows what the answer takes from each table.

`sar_gather.gather` fills a `Bundle` (reads only, any thread); this module holds only
the data and the table map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from vigdesk.core.cases import Case, Person
from vigdesk.media.redact import Redaction

COVERED = {
    "letters": "letters",
    "letter_texts": "letters",
    "cases": "about",
    "people": "about",
    "sessions": "sessions",
    "session_media": "sessions",
    "helping_questions": "helping",
    "helping_ratings": "helping",
    "questionnaire_administrations": "questionnaires",
    "questionnaire_answers": "questionnaires",
    "questionnaire_scores": "questionnaires",
    "consents": "consents",
    "media": "video",
    "markers": "markers",
    "exports": "shared",
    "export_media": "shared",
    "legal_holds": "kept",
    "case_open_reasons": "kept",
    "case_members": "team",
    "subject_requests": "requests",
    "clip_comments": "supervision",
    "review_recordings": "recordings",
    "audit": "audit",
}
EXCLUDED = {
    "blobs": "encrypted file bookkeeping (keys, sizes, hashes); the video and forms they "
    "hold are listed under their own sections",
    "sync_blobs": "sync bookkeeping: which encrypted files reached the site",
    "training_clients": "a trainee's anonymous token for the family: nothing about anyone",
    "training_cycle_reviews": "links a review meeting (given above) to a trainee's "
    "anonymous accreditation cycle, which holds two dates",
    "supervision_replies": "bookkeeping of imported supervisor replies (a MAC and ids); "
    "their comments are given",
    "case_keys": "the case's wrapped encryption key: no information about anyone",
    "letter_envelopes": "a letter's sealed copy on its way to the BSO; its words are given",
    "erasures": "the register of people already erased (initials, counts, dates): the "
    "service's record that an erasure was carried out, about someone no longer held",
    "conflict_settlements": "sync bookkeeping: which of two edits was kept",
    "search_index": "a search copy of text already given (names, notes, summaries)",
    "search_rows": "which search entry belongs to which record (ids only)",
    **dict.fromkeys(
        (
            "sync_case_epochs",
            "sync_case_keys",
            "sync_case_teams",
            "sync_changes",
            "sync_conflicts",
            "sync_epoch_wraps",
            "sync_handovers",
            "sync_held_back",
            "sync_outbox",
            "sync_rows",
            "sync_shredded",
            "sync_withdrawn",
            "sync_wraps",
        ),
        "sync bookkeeping: encrypted copies or keys of the rows given in the other sections",
    ),
}


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


@dataclass(frozen=True)
class Bundle:
    person: Person
    case: Case
    produced_at: str
    sections: list[Section]
    sources: dict[str, int] = field(default_factory=dict)  # table → rows taken from it
    video_ids: list[str] = field(default_factory=list)  # video and stills showing them

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def to_json(self) -> dict[str, Any]:
        return {
            "produced_at": self.produced_at,
            "person": {"initials": self.person.initials, "case": self.case.code},
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "items": [dict(zip(s.columns, row, strict=True)) for row in s.rows],
                }
                for s in self.sections
            ],
            "sources": self.sources,
        }


def with_redactions(bundle: Bundle, redactions: Mapping[str, Redaction]) -> Bundle:
    """`bundle` with a part listing what was masked in each copy, after the video part
    (replacing one already there, so applying it twice gives the same answer)."""
    sections = [s for s in bundle.sections if s.key != "masked"]
    if not redactions:
        return replace(bundle, sections=sections)
    video = next((s for s in sections if s.key == "video"), None)
    titles: dict[str, str] = {}
    if video is not None:
        at = video.columns.index("Reference"), video.columns.index("Title")
        titles = {row[at[0]]: row[at[1]] for row in video.rows}
    rows = [
        (titles.get(media_id, "—"), line)
        for media_id, redaction in redactions.items()
        for line in redaction.describe()
    ]
    masked = Section(
        "masked",
        "Other people masked in your copies",
        "Other people in the video are blurred or covered, and some sound muted, in the "
        "copies we give you.",
        ("Video", "What was masked"),
        rows,
    )
    place = next((n + 1 for n, s in enumerate(sections) if s.key == "video"), len(sections))
    return replace(bundle, sections=[*sections[:place], masked, *sections[place:]])
