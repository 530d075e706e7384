"""Letters to a family: templates, how they are filled from the case, and their states.

A letter addresses the family by name (it goes to them), so its words stay on the
author's laptop and reach the BSO only sealed to the BSOs' keys; everything said about
it elsewhere (the synced record, the site's outbox file names and headers) uses the
case code and initials. Pure functions, no I/O.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from string import Template

from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import CaseId

KIND_RULE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_TITLE = re.compile(r"\A<!--\s*title:\s*(.{1,80}?)\s*-->\s*\n")
MAX_HTML = 512 * 1024


class LetterStatus(StrEnum):
    DRAFT = "draft"
    WITH_BSO = "with_bso"  # sealed for the BSO; waiting to be sent to the family
    SENT = "sent"  # the BSO sent it (date and method recorded)


class DeliveryMethod(StrEnum):
    EMAIL = "email"  # secure e-mail (GCSX)
    POST = "post"
    BY_HAND = "by_hand"


STATUS_TEXT = {
    LetterStatus.DRAFT: "Draft",
    LetterStatus.WITH_BSO: "With the BSO",
    LetterStatus.SENT: "Sent",
}


@dataclass(frozen=True)
class LetterTemplate:
    kind: str
    title: str
    html: str


@dataclass(frozen=True)
class Letter:
    """A letter's record on the case (synced): no words of the letter, no names."""

    id: str
    case_id: CaseId
    template: str
    title: str
    author_id: str
    author_name: str
    created_at: str
    status: LetterStatus
    sent_to_bso_at: str | None = None
    delivered_on: date | None = None
    delivered_method: str = ""
    delivered_by: str = ""

    def status_text(self) -> str:
        text = STATUS_TEXT[self.status]
        if self.status is LetterStatus.SENT and self.delivered_on is not None:
            method = self.delivered_method.replace("_", " ")
            text += f" {self.delivered_on:%d %b %Y} by {method}"
        return text


@dataclass(frozen=True)
class HelpingLine:
    question: str
    rated_by: str  # the adult's first name
    baseline: int | None
    latest: int | None


@dataclass(frozen=True)
class ScoreLine:
    instrument: str
    scale: str
    respondent: str  # first name
    first: float | None
    latest: float | None


@dataclass(frozen=True)
class LetterFacts:
    """What a template may say, gathered from the case by the letter service."""

    on: date
    adults: tuple[str, ...]  # full names
    children: tuple[str, ...]  # full names
    practitioner: str
    helping: tuple[HelpingLine, ...] = ()
    scores: tuple[ScoreLine, ...] = ()
    reviews: tuple[tuple[date, str], ...] = ()


def parse_template(kind: str, text: str) -> LetterTemplate:
    """A template file's text; InvalidInput if its kind or title line is missing."""
    if not KIND_RULE.fullmatch(kind):
        raise InvalidInput(f"A letter template cannot be called {kind!r}.")
    match = _TITLE.match(text)
    if match is None:
        raise InvalidInput(f"The letter template {kind} has no title line.")
    return LetterTemplate(kind, match.group(1), text[match.end() :])


def _first(name: str) -> str:
    return name.split()[0] if name.split() else name


def _and(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _score(value: float | int | None) -> str:
    if value is None:
        return "not scored"
    return f"{value:g}"


def _list(lines: list[str], empty: str) -> str:
    if not lines:
        return f"<p><i>{html.escape(empty)}</i></p>"
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


def fill(template: LetterTemplate, facts: LetterFacts) -> str:
    """The template's HTML with every placeholder replaced by escaped case facts."""
    e = html.escape
    helping = [
        f"{e(h.question)} ({e(h.rated_by)}): {_score(h.baseline)} out of 10 at the start, "
        f"{_score(h.latest)} out of 10 most recently"
        for h in facts.helping
    ]
    scores = [
        f"{e(s.instrument)}, {e(s.scale)} ({e(s.respondent)}): {_score(s.first)} at first, "
        f"{_score(s.latest)} most recently"
        for s in facts.scores
    ]
    reviews = [f"{on:%d %B %Y}: {e(text)}" for on, text in facts.reviews]
    firsts = [_first(n) for n in facts.adults]
    values = {
        "date": f"{facts.on.day} {facts.on:%B %Y}",
        "family_names": e(_and(list(facts.adults))),
        "greeting": "Dear " + e(_and(firsts) or "parent"),
        "children": e(_and([_first(n) for n in facts.children]) or "your child"),
        "practitioner": e(facts.practitioner),
        "helping_questions": _list(helping, "No helping questions were rated."),
        "questionnaires": _list(scores, "No questionnaires were scored."),
        "reviews": _list(reviews, "No review summaries were written."),
    }
    return Template(template.html).safe_substitute(values)


def check_html(body: str) -> str:
    if len(body) > MAX_HTML:
        raise InvalidInput("The letter is too long to keep (at most 512 KB of text).")
    return body


def file_stem(case_code: str, case_initials: str, letter_id: str) -> str:
    """How a letter is named outside the vault: case code, initials, a short id."""
    initials = re.sub(r"[^A-Z]", "", case_initials.upper())[:8]
    return f"letter-{case_code}-{initials}-{letter_id[:8]}"
