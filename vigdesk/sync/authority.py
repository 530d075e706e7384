"""Who may do what with another laptop's changes: the one table sync acts on.

A signature on a journal file says *who* wrote a change, not that they were allowed to.
Every change read from the share passes here before it touches the vault:

| change                                   | accepted from                                   |
| ---------------------------------------- | ----------------------------------------------- |
| shred a case (retention, erasure)        | a BSO, or a member on the case's team           |
| delete a row (a blob, a person, …)       | a BSO, or a member on the case's team           |
| assign or unassign (`case_members`)      | a BSO, or a member on the case's team; for a    |
|                                          | case with no team here yet, its first writer    |
|                                          | (the creator, who joins it)                     |
| a case key wrap, to a practitioner       | a BSO, or the recipient's own device            |
| a case key wrap, to a BSO                | any current member (the creator's upload path)  |
| a site data key wrap                     | a BSO                                           |

"The case's team" is as this laptop knows it at that point of the batch: changes are
taken in clock order, so an assignment accepted earlier in a batch counts for later
changes; only a change that adds someone to the team (sealed under the case key) can
found a case whose team is new here. A deletion or team change for a case this laptop
does not hold yet waits until the case arrives, then is decided. A shred of a case this
laptop does not hold is ignored unless a BSO sent it (there is nothing here to shred,
and a non-BSO cannot show it was allowed), or the case was taken off this laptop and
the sender was on its team then (`sync_withdrawn.team`): its old change files of the
case may then go. Anything refused is kept out of the
database; the caller reports and audits it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from vigdesk.storage.db import Database
from vigdesk.sync.changes import RowChange


@dataclass(frozen=True)
class Refusal:
    """One change kept out, with what a person needs to know about it."""

    device_id: str
    member_id: str
    case_id: str
    what: str  # "delete the whole of", "delete a video or document in", …


_NOUNS = {
    "people": "a person's record",
    "blobs": "a video or document",
    "media": "a video",
    "consents": "a consent record",
    "sessions": "a session",
    "session_media": "a video's link to a session",
    "helping_questions": "a helping question",
    "helping_ratings": "a helping-question rating",
    "questionnaire_administrations": "a questionnaire",
    "questionnaire_answers": "a questionnaire answer",
    "questionnaire_scores": "a questionnaire score",
    "legal_holds": "a legal hold",
    "conflict_settlements": "a settled conflict",
}


def describe(change: RowChange) -> str:
    """What the refused change tried to do, in words for the refusal message."""
    if change.table == "case_members":
        return "change the team of"
    noun = _NOUNS.get(change.table, "a record")
    if change.alive is not None and change.alive[0] == 0:
        return f"delete {noun} in"
    return f"change {noun} in"


def needs_authority(change: RowChange) -> bool:
    """Deletions and team changes; other edits need only the case key."""
    deleting = change.alive is not None and change.alive[0] == 0
    return deleting or change.table == "case_members"


class Authority:
    """The authority table over one apply batch. Runs inside the apply transaction."""

    def __init__(self, db: Database, bsos: frozenset[str]) -> None:
        self._db = db
        self._bsos = bsos
        self._teams: dict[str, set[str]] = {}
        self._founders: dict[str, str] = {}

    def _team(self, case_id: str) -> set[str]:
        if case_id not in self._teams:
            self._teams[case_id] = {
                str(r[0])
                for r in self._db.execute(
                    "SELECT member_id FROM case_members WHERE case_id = ?", (case_id,)
                )
            }
            if not self._teams[case_id]:
                self._founders.setdefault(case_id, "")  # new here: the first writer founds it
        return self._teams[case_id]

    def _on_team(self, author: str, case_id: str, *, founding: bool) -> bool:
        """`founding`: the change adds someone to the team. Only such a change (which
        travels sealed under the case key) can found a case new here; a deletion,
        which anyone can sign in the site-wide section, never can."""
        team = self._team(case_id)
        if founding and self._founders.get(case_id) == "":
            self._founders[case_id] = author
        return author in team or self._founders.get(case_id) == author

    def held(self, case_id: str) -> bool:
        return (
            self._db.one(
                "SELECT 1 FROM cases WHERE id = ? UNION ALL SELECT 1 FROM case_keys"
                " WHERE case_id = ? UNION ALL SELECT 1 FROM sync_case_keys WHERE case_id = ?",
                (case_id, case_id, case_id),
            )
            is not None
        )

    def undecided(self, author: str, change: RowChange) -> bool:
        """True when the change needs authority over a case this laptop does not hold
        yet: its team is unknown here, so the change waits (`sync_held_back`)."""
        return (
            needs_authority(change) and author not in self._bsos and not self.held(change.case_id)
        )

    def may_shred(self, author: str, case_id: str) -> bool:
        if author in self._bsos or (self.held(case_id) and author in self._team(case_id)):
            return True
        team = self._db.scalar("SELECT team FROM sync_withdrawn WHERE case_id = ?", (case_id,))
        return team is not None and author in json.loads(team)

    def may_apply(self, author: str, change: RowChange) -> bool:
        """Deletions and team changes need authority; other edits need the case key,
        which only its team and the BSOs hold. Accepted team changes update the team."""
        if not needs_authority(change):
            return True
        founding = (
            change.table == "case_members" and change.alive is not None and bool(change.alive[0])
        )
        if author not in self._bsos and not self._on_team(
            author, change.case_id, founding=founding
        ):
            return False
        if change.table == "case_members" and change.alive is not None:
            member = str(json.loads(change.pk)[1])
            team = self._team(change.case_id)
            (team.add if change.alive[0] else team.discard)(member)
        return True
