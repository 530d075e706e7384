"""The retention sweep: preview what is due, then shred it, one item at a time.

Each item is deleted in its own transaction (rows, wrapped keys and its audit
entry together); its sealed files are unlinked after the commit. A sweep killed
at any point leaves whole items: the next sweep finds the rest still due, and
files whose rows are gone are collected at the next unlock. After deleting,
the WAL is checkpointed and truncated so no old key bytes linger in it.

The policy is the site's (the council's single source of truth, in the newest verified
site.json) once the vault is enrolled, else this build's default. It is read afresh for
every preview and sweep, so a policy the BSO changes applies from the next sync on.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from vigdesk.core.clock import iso
from vigdesk.core.errors import InvalidInput, NotFound
from vigdesk.core.ids import CaseId
from vigdesk.core.retention import Due, Hold, Inactive, Policy, SweepRun, add_months
from vigdesk.core.retention_schedule import due, due_from, inactive
from vigdesk.core.retention_schedule import schedule as case_schedule
from vigdesk.core.retention_timeline import Milestone, timeline
from vigdesk.paths import resources_dir
from vigdesk.services.context import Context
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.migrations import backups
from vigdesk.storage.retention import RetentionRepo

Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]


def default_policy() -> Policy:
    return Policy.load(resources_dir() / "retention" / "policy.json")


@dataclass(frozen=True)
class PolicyInForce:
    """The retention policy that decides what is due now, and where it comes from."""

    policy: Policy
    source: str  # "site" (site.json), "default" (this build's) or "given" (by the caller)
    site_name: str = ""

    @property
    def label(self) -> str:
        """E.g. "the site's policy (VIG Service, version 2026.2)"."""
        version = f"version {self.policy.version or '?'}"
        if self.source == "site":
            return f"the site's policy ({self.site_name}, {version})"
        if self.source == "default":
            return f"this laptop's default policy ({version})"
        return f"a custom policy ({version})"


SitePolicy = Callable[[], PolicyInForce | None]
"""Reads the enrolled site's policy now; None when there is none (not enrolled)."""


@dataclass(frozen=True)
class SweepResult:
    deleted: list[Due] = field(default_factory=list)
    held: list[Due] = field(default_factory=list)
    failed: list[tuple[Due, str]] = field(default_factory=list)
    dry_run: bool = False
    needs_summary: list[Due] = field(default_factory=list)
    """Due, but linked to a review with no written summary: kept until it is written
    or a reason to delete without one is given."""


@dataclass(frozen=True)
class Dashboard:
    overdue: list[Due]
    due_this_week: list[Due]
    due_this_month: list[Due]
    holds: list[Hold]
    last_run: SweepRun | None
    policy: PolicyInForce | None = None
    inactive: list[Inactive] = field(default_factory=list)
    no_birth_date: list[str] = field(default_factory=list)
    """Codes of cases with no child's date of birth: their record counts from closure."""
    schedule: list[Due] = field(default_factory=list)
    """Every item's due date and why it is kept until then (see `RetentionService.schedule`)."""
    timelines: dict[str, list[Milestone]] = field(default_factory=dict)
    """Per case id: its anchor events and what falls due when (`core.retention_timeline`)."""
    today: date | None = None


@dataclass(frozen=True)
class SiteFigures:
    """Site-wide retention figures over every case this vault holds (a BSO's holds every
    case shared with the site). Counts only: no codes, no names."""

    as_of: date
    cases: int
    due_this_month: int
    """Items (not on hold) whose date falls on or before the month's last day."""
    overdue: int  # of which already past their date
    inactive: int  # open cases gone quiet whose reason to stay open is missing or due
    summaries_missing: int  # review sessions with video but no written summary
    waiting_items: int  # video items those reviews keep past or towards their date
    on_hold: int  # cases on legal hold


class RetentionService:
    def __init__(
        self, ctx: Context, policy: Policy | None = None, *, site: SitePolicy | None = None
    ) -> None:
        """`policy` fixes the policy (tests); otherwise `site`'s, or the default."""
        self._ctx = ctx
        self._repo = RetentionRepo(ctx.db)
        self._given = policy
        self._site = site
        self._default: Policy | None = None

    def policy_in_force(self) -> PolicyInForce:
        """Read now: raises InvalidInput if the site's policy cannot be read (no sweep
        should then guess with another schedule)."""
        if self._given is not None:
            return PolicyInForce(self._given, "given")
        site = self._site() if self._site is not None else None
        if site is not None:
            return site
        if self._default is None:
            self._default = default_policy()
        return PolicyInForce(self._default, "default")

    @property
    def policy(self) -> Policy:
        return self.policy_in_force().policy

    def preview(self, on: date | None = None, policy: Policy | None = None) -> list[Due]:
        """What is due on `on` (default today) under `policy` (default: the one in force),
        holds included and marked."""
        return due(self._repo.facts(), policy or self.policy, on or self._ctx.today())

    def schedule(self, policy: Policy | None = None) -> list[Due]:
        """Every footage, clip, still (and closed case record) with its due date and the
        rule and anchor that set it: why each item is kept, and until when."""
        policy = policy or self.policy
        items = [d for case in self._repo.facts() for d in case_schedule(case, policy)]
        return sorted(items, key=lambda d: (d.due_on, d.case_code, d.kind))

    def summaries_missing(self, case_id: str, closing_on: date | None = None) -> list[Due]:
        """The case's video linked to a review whose written summary is missing, with
        the date it falls due: counted from `closing_on` when given (what closing the
        case on that day would mean), else as the case stands. The sweep keeps these
        until the summary is written or `without_summary` gives a reason."""
        policy = self.policy
        items = []
        for case in self._repo.facts():
            if case.id != case_id:
                continue
            if closing_on is not None and case.closed_on is None:
                case = replace(case, closed_on=closing_on)
            items = [d for d in case_schedule(case, policy) if d.needs_summary]
        return sorted(items, key=lambda d: (d.due_on, d.kind, d.object_id))

    def without_summary(self, session_ids: Sequence[str], reason: str) -> None:
        """Let these reviews' video go on its schedule without a written summary. The
        reason is appended to each review's notes (it stays in the case record and may
        name people, so it is not in the audit entry, which is). Raises InvalidInput for
        an empty reason or an id that is not a review session."""
        why = reason.strip()
        if not why:
            raise InvalidInput("Give the reason for going without a written summary.")
        cases = {sid: self._repo.review_case(sid) for sid in session_ids}
        for sid, case_id in cases.items():
            if case_id is None:
                raise InvalidInput(f"{sid} is not a review session.")
        today, now = self._ctx.today(), iso(self._ctx.vault.clock())
        line = (
            f"{today:%d %b %Y}: no written summary will be recorded for this review; the "
            f"video shown at it may be deleted on the retention schedule without one. "
            f"Reason given: {why}"
        )
        with self._ctx.db.transact():
            for sid, case_id in cases.items():
                self._repo.waive_summary(sid, line, today, now)
                self._ctx.audit.append(
                    "retention.summary_waived", "session", sid, {"case": case_id}
                )

    def sweep(
        self,
        *,
        dry_run: bool = False,
        only: Collection[str] | None = None,
        without_summary: Mapping[str, str] | None = None,
        progress: Progress | None = None,
        cancelled: IsCancelled | None = None,
    ) -> SweepResult:
        """Delete everything due and not held; `dry_run` changes nothing but the audit.

        `only` limits the sweep to the object ids a person confirmed in a preview: each
        is still re-checked as due and not held, and nothing else is touched. An item
        linked to a review without a written summary is kept (`needs_summary`) unless
        `without_summary` gives the reason to delete it anyway: the reason is written
        into each such review's notes and the deletion is audited as without summary.
        Raises InvalidInput for an empty reason.
        """
        reasons = {oid: why.strip() for oid, why in (without_summary or {}).items()}
        if not all(reasons.values()):
            raise InvalidInput("Give the reason for deleting video without a written summary.")
        in_force = self.policy_in_force()
        items = self.preview(policy=in_force.policy)
        applied = {"policy": in_force.source, "version": in_force.policy.version}
        if only is not None:
            items = [d for d in items if d.object_id in only]
        held = [d for d in items if d.held]
        waiting = [
            d for d in items if not d.held and d.needs_summary and d.object_id not in reasons
        ]
        todo = [d for d in items if not d.held and d not in waiting]
        counts = {"held": len(held), "needs_summary": len(waiting)}
        if dry_run:
            self._ctx.audit.append(
                "retention.previewed", "vault", "", {"due": len(todo), **counts, **applied}
            )
            return SweepResult([], held, [], dry_run=True, needs_summary=waiting)
        # An upgrade's database copy would keep what the sweep deletes: it goes first.
        backups.discard(self._ctx.db.path)
        run = self._repo.start_run(iso(self._ctx.vault.clock()), dry_run=False)
        deleted: list[Due] = []
        failed: list[tuple[Due, str]] = []
        for n, item in enumerate(todo):
            if cancelled is not None and cancelled():
                break
            try:
                self._shred(item, reasons.get(item.object_id, ""))
                deleted.append(item)
            except (OSError, NotFound) as exc:
                failed.append((item, str(exc)))
            if progress is not None:
                progress((n + 1) / len(todo))
        message = (
            f"deleted {len(deleted)}, held {len(held)}, failed {len(failed)}, "
            f"waiting for a summary {len(waiting)}"
        )
        self._repo.finish_run(
            run, iso(self._ctx.vault.clock()), len(deleted), len(held), len(failed), message
        )
        self._ctx.audit.append(
            "retention.swept",
            "vault",
            "",
            {"deleted": len(deleted), "failed": len(failed), **counts, **applied},
        )
        # Last: fold the WAL into the file (secure_delete zeroed the freed cells) and
        # truncate it, so no old page with a key survives in either.
        self._ctx.db.checkpoint()
        return SweepResult(deleted, held, failed, needs_summary=waiting)

    def _shred(self, item: Due, reason: str) -> None:
        now = iso(self._ctx.vault.clock())
        with self._ctx.db.transact():
            if item.kind == "case_record":
                blob_ids = self._repo.delete_case(item.object_id)
            else:
                blob_ids = self._repo.delete_media(item.object_id)
            details: dict[str, object] = {
                "case": item.case_id,
                "rule": item.rule,
                "due_on": item.due_on.isoformat(),
                "blobs": len(blob_ids),
            }
            if item.needs_summary:
                line = (
                    f"{self._ctx.today():%d %b %Y}: a {item.kind} shown at this review was "
                    f"deleted by the retention schedule ({item.reason}) before a written "
                    f"summary was recorded. Reason given: {reason}"
                )
                for session_id in item.reviews_without_summary:
                    self._repo.note_deleted_without_summary(session_id, line, now)
                details |= {
                    "without_summary": True,
                    "sessions": list(item.reviews_without_summary),
                }
            self._ctx.audit.append("retention.deleted", item.kind, item.object_id, details)
        for blob_id in blob_ids:  # keys are gone: these files are noise now
            self._ctx.blobs.path(blob_id).unlink(missing_ok=True)

    # -- holds -----------------------------------------------------------------------------

    def set_hold(self, case_id: CaseId, reason: str) -> None:
        if not reason.strip():
            raise InvalidInput("Give the reason for the legal hold.")
        with self._ctx.db.transact():
            self._repo.set_hold(
                case_id, reason.strip(), self._ctx.audit.actor, iso(self._ctx.vault.clock())
            )
            self._ctx.audit.append("retention.hold_set", "case", case_id)

    def release_hold(self, case_id: CaseId) -> None:
        with self._ctx.db.transact():
            if self._repo.release_hold(case_id):
                self._ctx.audit.append("retention.hold_released", "case", case_id)

    def training_limit(self, case_id: CaseId) -> date | None:
        """The latest expiry a training package of the case may have: the training
        consent's policy maximum (None when no training consent is in force)."""
        given = self._repo.training_given_on(case_id)
        return None if given is None else self.policy.training_limit(given)

    # -- inactive cases ----------------------------------------------------------------------

    def inactive(self, on: date | None = None) -> list[Inactive]:
        """Open cases with no session for the policy's months whose reason to stay open
        is missing or due to be asked again. Their video is due regardless (see `preview`)."""
        return inactive(self._repo.facts(), self.policy, on or self._ctx.today())

    def record_why_open(self, case_id: CaseId, reason: str) -> date:
        """Record why an inactive case stays open; returns when it will be asked again
        (the policy's inactivity months from today). Raises InvalidInput without a
        reason. The reason is not in the audit entry (it may name people)."""
        if not reason.strip():
            raise InvalidInput("Say why the case stays open.")
        CaseRepo(self._ctx.db).get(case_id)  # NotFound
        again = add_months(self._ctx.today(), self.policy.inactive_after_months)
        with self._ctx.db.transact():
            self._repo.set_open_reason(
                case_id, reason.strip(), self._ctx.audit.actor, iso(self._ctx.vault.clock()), again
            )
            self._ctx.audit.append(
                "retention.kept_open", "case", case_id, {"ask_again_on": again.isoformat()}
            )
        return again

    def holds(self) -> list[Hold]:
        return self._repo.holds()

    def site_figures(self, on: date | None = None) -> SiteFigures:
        """The BSO console's figures: due this month, inactive cases, summaries missing."""
        today = on or self._ctx.today()
        policy = self.policy
        facts = self._repo.facts()
        items = [d for case in facts for d in case_schedule(case, policy)]
        month_end = add_months(today.replace(day=1), 1) - timedelta(days=1)
        this_month = [d for d in items if not d.held and d.due_on <= month_end]
        waiting = [d for d in items if d.needs_summary]
        return SiteFigures(
            as_of=today,
            cases=len(facts),
            due_this_month=len(this_month),
            overdue=sum(1 for d in this_month if d.due_on <= today),
            inactive=len(inactive(facts, policy, today)),
            summaries_missing=len({s for d in waiting for s in d.reviews_without_summary}),
            waiting_items=len(waiting),
            on_hold=sum(1 for c in facts if c.on_hold),
        )

    def dashboard(self) -> Dashboard:
        today = self._ctx.today()
        in_force = self.policy_in_force()
        policy = in_force.policy
        facts = self._repo.facts()  # one read and one schedule per case for everything shown
        planned = {c.id: case_schedule(c, policy) for c in facts}
        now = [d for d in due_from(planned.values(), today) if not d.held]
        month = [d for d in due_from(planned.values(), today + timedelta(days=31)) if not d.held]
        week_ids = {d.object_id for d in due_from(planned.values(), today + timedelta(days=7))}
        now_ids = {d.object_id for d in now}
        items = sorted(
            (d for case in planned.values() for d in case),
            key=lambda d: (d.due_on, d.case_code, d.kind),
        )
        return Dashboard(
            overdue=now,
            due_this_week=[d for d in month if d.object_id in week_ids - now_ids],
            due_this_month=[d for d in month if d.object_id not in week_ids | now_ids],
            holds=self.holds(),
            last_run=self._repo.last_run(),
            policy=in_force,
            inactive=inactive(facts, policy, today),
            schedule=items,
            no_birth_date=sorted(c.code for c in facts if not c.children_born),
            timelines={c.id: timeline(c, policy, planned[c.id]) for c in facts},
            today=today,
        )
