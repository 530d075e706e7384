"""Screenshots of issue 24's screens on the demo vault (a script, not a test): the
accreditation log, the supervisor's comment pane in the viewer, and the comments back in
the practitioner's review workspace.

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python -m tests.ui.training_shots [OUT]
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from tests.ui.shots import Studio, run_isolated

PACKAGE_PASSPHRASE = "plum orchard seventeen"


def shoot(root: Path, out: Path) -> int:
    from PySide6.QtWidgets import QDialog

    from vigdesk.core.consent import Purpose
    from vigdesk.core.media import MediaKind
    from vigdesk.services.exports import ExportRequest
    from vigdesk.ui.review import ReviewFeature
    from vigdesk.ui.review.page import ReviewPage
    from vigdesk.ui.training.progress_dialog import TrainingFeature
    from vigdesk.ui.viewer.reply_dialog import ReplyDialog
    from vigdesk.ui.viewer.window import ViewerWindow

    studio = Studio(root, out, wait_for_tasks=False)
    s = studio.open_demo()
    window = studio.main_window(s, demo=True, size=(1280, 720))
    feature = window.findChild(TrainingFeature)
    assert feature is not None
    dialog = feature.open()
    studio.settle(lambda: dialog.snapshot is not None)
    studio.save(dialog, "training-log")
    dialog.close()

    # The practitioner exports a clip for supervision; the supervisor comments on it.
    case = next(
        c
        for c in s.cases.list_cases()
        if s.exports.consent_problem(c.id, Purpose.SUPERVISION) is None
        and any(m.kind is MediaKind.CLIP for m in s.media.list_media(c.id))
    )
    clip = next(m for m in s.media.list_media(case.id) if m.kind is MediaKind.CLIP)
    package = root / "package.vigpkg"
    today = s.ctx.today()
    s.exports.export(
        ExportRequest(
            (clip.id,), Purpose.SUPERVISION, "Dr Nia Okafor", today + timedelta(days=14),
            package, passphrase=PACKAGE_PASSPHRASE,
        )
    )  # fmt: skip
    viewer = ViewerWindow(package, runner=studio.runner, today=lambda: today)
    viewer.resize(1100, 700)
    viewer.show()
    studio.settle(lambda: "opens until" in viewer.open_panel.facts.text())
    viewer.open_panel.passphrase_edit.setText(PACKAGE_PASSPHRASE)
    viewer.open_panel.open_button.click()
    studio.settle(lambda: viewer.pages.currentWidget() is viewer.content)
    player = viewer.content.player
    player.play()
    studio.settle(lambda: player.media.position() > 1500)
    player.media.pause()
    pane = viewer.content.comments
    pane.add("Lovely wait here: you leave room for her initiative.", 1200)
    pane.add("Try naming what she is looking at, then wait again.", player.media.position())
    pane.edit.setText("Notice the turn back to you")
    studio.save(viewer, "viewer-comments")
    ReplyDialog.exec = lambda self: QDialog.DialogCode.Accepted  # type: ignore[method-assign]
    reply = root / "reply.vigreply"
    viewer.save_reply(reply)
    studio.save(viewer, "viewer-reply-saved")
    pane.saved = True
    viewer.close()

    s.replies.import_reply(reply)  # as Training › Import supervisor's reply… does
    review = window.findChild(ReviewFeature)
    assert review is not None
    window.ctx.events.review_requested.emit(case.id)
    studio.settle(lambda: review.current_page() is not None and review.current_page().loaded)  # type: ignore[union-attr]
    page = review.current_page()
    assert isinstance(page, ReviewPage)
    page.library.select(clip.id)
    page.show_details(clip.id)
    page.tabs.setCurrentWidget(page.comments)
    studio.settle(lambda: page.comments.texts() != [])
    studio.save(window, "workspace-supervisor-comments")

    # The demo's filmed review meeting: its clip takes guider skills, not only principles.
    filmed = next(c for c in s.cases.list_cases() if s.reviews_filmed.for_case(c.id))
    recording = next(iter(s.reviews_filmed.for_case(filmed.id)))
    review_clip = next(m for m in s.media.list_media(filmed.id) if m.source_media_id == recording)
    window.ctx.events.review_requested.emit(filmed.id)
    studio.settle(lambda: review.current_page() is not None and review.current_page().loaded)  # type: ignore[union-attr]
    page = review.current_page()
    assert isinstance(page, ReviewPage)
    page.show_details_tab()
    page.library.select(recording)
    page.show_details(recording)
    studio.save(window, "workspace-review-recording")
    page.library.select(review_clip.id)
    page.show_details(review_clip.id)
    studio.settle(lambda: page.details.skills_row.isVisible())
    studio.save(window, "workspace-guider-skills")
    return 0


if __name__ == "__main__":
    sys.exit(run_isolated(sys.argv, "shots/training", shoot))
