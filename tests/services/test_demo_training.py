"""The demo shows issue 24 at work: a stage-2 trainee with supervision logged, and one
family's review meeting filmed, with a clip labelled with a guider skill."""

from __future__ import annotations

from pathlib import Path

from vigdesk.services.access import unlock_vault
from vigdesk.services.demo import DEMO_PASSPHRASE, ensure_demo_vault
from vigdesk.services.review_recordings import SKILL_PREFIX
from vigdesk.services.session import Services


def test_the_demo_trainee_and_filmed_review(tmp_path: Path) -> None:
    ensure_demo_vault(tmp_path / "demo")
    vault = unlock_vault(tmp_path / "demo", DEMO_PASSPHRASE)
    try:
        s = Services.for_vault(vault)
        progress = s.training.progress()
        assert progress.stage.number == 2 and progress.cycles > 0
        assert len(s.training.supervision()) == 3
        recordings = [r for c in s.cases.list_cases() for r in s.reviews_filmed.for_case(c.id)]
        assert len(recordings) == 1
        clips = [
            m
            for c in s.cases.list_cases()
            for m in s.media.list_media(c.id)
            if m.source_media_id == recordings[0]
        ]
        assert [label[: len(SKILL_PREFIX)] for label in clips[0].labels] == [SKILL_PREFIX]
    finally:
        vault.lock()
