"""The services of one unlocked vault, built together (the ui and CLI receive this)."""

from __future__ import annotations

from dataclasses import dataclass

from vigdesk.services.cases import CaseService
from vigdesk.services.consent import ConsentService
from vigdesk.services.context import Context
from vigdesk.services.documents import lawful_basis
from vigdesk.services.exports import ExportService
from vigdesk.services.family_copy import FamilyCopyService
from vigdesk.services.letters import LetterService
from vigdesk.services.markers import MarkerService
from vigdesk.services.media import MediaService
from vigdesk.services.outcomes import OutcomeService
from vigdesk.services.questionnaires import QuestionnaireService
from vigdesk.services.reflections import ReflectionService
from vigdesk.services.replies import ReplyService
from vigdesk.services.retention import PolicyInForce, RetentionService, SitePolicy
from vigdesk.services.review_recordings import ReviewRecordingService
from vigdesk.services.sessions import HelpingService, SessionService
from vigdesk.services.sync import SyncService
from vigdesk.services.training import TrainingService
from vigdesk.storage.vault import Vault


def site_policy_of(sync: SyncService) -> SitePolicy:
    """The enrolled site's retention policy, read from the pinned site.json on each call
    (a sync may bring a new one while the vault is unlocked); None before enrolment."""

    def read() -> PolicyInForce | None:
        manifest, policy = sync.manifest(), sync.site_policy()
        if manifest is None or policy is None:
            return None
        return PolicyInForce(policy, "site", manifest.name)

    return read


@dataclass
class Services:
    ctx: Context
    cases: CaseService
    consent: ConsentService
    media: MediaService
    retention: RetentionService
    sessions: SessionService
    helping: HelpingService
    questionnaires: QuestionnaireService
    outcomes: OutcomeService
    exports: ExportService
    sync: SyncService
    markers: MarkerService
    letters: LetterService
    family_copy: FamilyCopyService
    reflections: ReflectionService
    training: TrainingService
    replies: ReplyService
    reviews_filmed: ReviewRecordingService

    @classmethod
    def for_vault(cls, vault: Vault) -> Services:
        ctx = Context.of(vault)
        sync = SyncService(ctx)
        retention = RetentionService(ctx, site=site_policy_of(sync))
        consent = ConsentService(ctx, basis=lambda: lawful_basis(retention.policy))
        media = MediaService(ctx, consent)
        training = TrainingService(ctx)
        replies = ReplyService(ctx, training)
        return cls(
            ctx,
            CaseService(ctx),
            consent,
            media,
            retention,
            sessions=SessionService(ctx),
            helping=HelpingService(ctx),
            questionnaires=QuestionnaireService(ctx),
            outcomes=OutcomeService(ctx),
            exports=ExportService(
                ctx, consent, training_limit=retention.training_limit, reply_to=replies.reply_to
            ),
            sync=sync,
            markers=MarkerService(ctx, consent, media),
            letters=LetterService(ctx, sync),
            family_copy=FamilyCopyService(ctx, consent),
            reflections=ReflectionService(ctx),
            training=training,
            replies=replies,
            reviews_filmed=ReviewRecordingService(ctx, consent, media),
        )

    @property
    def vault(self) -> Vault:
        return self.ctx.vault
