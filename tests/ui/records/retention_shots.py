"""Grab PNGs of issue 18's retention screens on the demo vault (a script, not a test).

    xvfb-run -a python tests/ui/records/retention_shots.py OUTDIR

Adds three invented cases: one open and idle since February 2025 (inactive), one
closed in September 2026 whose clip was shown at a review with no written summary, and
one still open whose two clips wait for their reviews' summaries (the close-case list).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/retention", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from PySide6.QtWidgets import QScrollArea

    from vigdesk.core.cases import PersonKind
    from vigdesk.core.consent import Method, Purpose
    from vigdesk.core.sessions import SessionKind
    from vigdesk.media.synth import make_video
    from vigdesk.ui.cases.dialogs.close_case import CloseCaseDialog
    from vigdesk.ui.records.feature import RecordsFeature

    studio = Studio(root, out)
    settle, save = studio.settle, studio.save
    services = studio.open_demo()

    idle = services.cases.add_case("TK", date(2025, 1, 10), referral_source="school nurse")
    services.sessions.add_session(idle.id, SessionKind.INITIAL_MEETING, date(2025, 2, 3))

    case = services.cases.add_case("LP", date(2026, 9, 1), referral_source="health visitor")
    mum = services.cases.add_person(
        case.id, PersonKind.ADULT, "Lena Pemberton", parental_responsibility=True
    )
    child = services.cases.add_person(
        case.id, PersonKind.CHILD, "Ollie Pemberton", date_of_birth=date(2024, 6, 1)
    )
    services.consent.record(
        case.id,
        mum.id,
        [child.id],
        dict.fromkeys(Purpose, True),
        form_version="2026.2",
        given_on=date(2026, 9, 2),
        method=Method.SIGNED_ON_SCREEN,
        evidence=b"\x89PNG signature",
    )
    video = root / "visit.mp4"
    make_video(video, seconds=4.0, fps=25, size=(320, 240), gop=25, label="VIG")
    source = services.media.import_footage(case.id, video).item
    clip = services.media.make_clip(source.id, 1.0, 2.0, title="Turn-taking at lunch")
    services.sessions.add_session(
        case.id, SessionKind.SHARED_REVIEW, date(2026, 9, 15), media_ids=[clip.id]
    )
    services.cases.close_case(case.id, date(2026, 9, 20), "goals met")

    still_open = services.cases.add_case("RA", date(2026, 10, 1), referral_source="GP")
    dad = services.cases.add_person(
        still_open.id, PersonKind.ADULT, "Ravi Anand", parental_responsibility=True
    )
    baby = services.cases.add_person(
        still_open.id, PersonKind.CHILD, "Mira Anand", date_of_birth=date(2025, 2, 1)
    )
    services.consent.record(
        still_open.id,
        dad.id,
        [baby.id],
        dict.fromkeys(Purpose, True),
        form_version="2026.2",
        given_on=date(2026, 10, 2),
        method=Method.SIGNED_ON_SCREEN,
        evidence=b"\x89PNG signature",
    )
    filmed = services.media.import_footage(still_open.id, video).item
    for n, (start, day_of) in enumerate(((0.5, 12), (2.0, 26))):
        shown = services.media.make_clip(
            filmed.id, start, start + 1.0, title=f"Following her lead {n + 1}"
        )
        services.sessions.add_session(
            still_open.id, SessionKind.SHARED_REVIEW, date(2026, 11, day_of), media_ids=[shown.id]
        )

    main_window = studio.main_window(services, demo=True)
    feature = main_window.findChild(RecordsFeature)
    assert feature is not None
    settle(lambda: feature.preview_dialog is not None)
    preview = feature.preview_dialog
    assert preview is not None
    preview.resize(900, 760)
    save(preview, "sweep-summary-step")
    preview.write_summary(preview.summary_step.items[0])
    settle(lambda: preview.write_dialog is not None and preview.write_dialog.isVisible())
    session = preview.write_dialog
    assert session is not None
    session.summary_edit.setPlainText("Lena noticed how Ollie looks back to check she is there.")
    save(session, "sweep-write-summary-session")
    session.reject()
    settle()
    ask = preview.delete_without_summary(preview.summary_step.items[0])
    ask.text_edit.setPlainText("The practitioner left the service before writing it.")
    save(ask, "delete-without-summary")
    ask.action_button.click()
    save(preview, "sweep-after-reason")
    preview.later_button.click()
    settle()

    dashboard = feature.open_dashboard()
    settle(lambda: dashboard.snapshot is not None)
    save(dashboard, "dashboard-inactive")
    dashboard.focus_case(case.id)
    settle()
    save(dashboard, "dashboard-why-kept")
    scroller = dashboard.timeline_card.parentWidget()
    while scroller is not None and not isinstance(scroller, QScrollArea):
        scroller = scroller.parentWidget()
    if scroller is not None:
        scroller.ensureWidgetVisible(dashboard.timeline_card, 0, 0)
    settle()
    save(dashboard, "dashboard-timeline")
    dashboard.focus_case(idle.id)
    settle()
    keep = dashboard.keep_open()
    assert keep is not None
    keep.reason_edit.setPlainText("Family asked to pause until the new baby arrives.")
    save(keep, "keep-open-dialog")
    keep.reject()
    dashboard.reject()
    settle()

    cases = services.cases
    closing = CloseCaseDialog(
        services, studio.runner, cases.find(still_open.id), date(2026, 12, 4), main_window
    )
    closing.open()
    settle(lambda: closing.loaded)
    save(closing, "close-case-summaries")
    reason = closing.without_summary(closing.summaries.items[0])
    reason.text_edit.setPlainText("The family moved away before the review was written up.")
    save(reason, "close-case-without-summary")
    reason.reject()
    closing.reject()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
