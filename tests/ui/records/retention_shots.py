"""Grab PNGs of issue 18's retention screens on the demo vault (a script, not a test).

    xvfb-run -a python tests/ui/records/retention_shots.py OUTDIR

Adds two invented cases: one open and idle since February 2025 (inactive), and one
closed in September 2026 whose clip was shown at a review with no written summary.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/retention", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from vigdesk.core.cases import PersonKind
    from vigdesk.core.consent import Method, Purpose
    from vigdesk.core.sessions import SessionKind
    from vigdesk.media.synth import make_video
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

    main_window = studio.main_window(services, demo=True)
    feature = main_window.findChild(RecordsFeature)
    assert feature is not None
    settle(lambda: feature.preview_dialog is not None)
    preview = feature.preview_dialog
    assert preview is not None
    preview.resize(900, 760)
    save(preview, "sweep-summary-step")
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
    dashboard.focus_case(idle.id)
    settle()
    keep = dashboard.keep_open()
    assert keep is not None
    keep.reason_edit.setPlainText("Family asked to pause until the new baby arrives.")
    save(keep, "keep-open-dialog")
    keep.reject()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
