"""Grab PNGs of issue 23's subject access screens on the demo vault (a script, not a test).

    xvfb-run -a -s "-screen 0 1280x720x24" python tests/ui/records/sar_shots.py OUTDIR

Records two requests (one due within a week), then shoots the register, the subject
access dialog and the redaction editor with a keyframed mask, previewed.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/subject-access", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from vigdesk.core.cases import PersonKind
    from vigdesk.core.media import MediaKind
    from vigdesk.services.subject_requests import SubjectRequestService
    from vigdesk.ui.records.feature import RecordsFeature
    from vigdesk.ui.records.redaction_editor import RedactionEditor

    studio = Studio(root, out)
    settle, save = studio.settle, studio.save
    services = studio.open_demo()
    today = services.ctx.today()
    cases = services.cases.list_cases()
    register = SubjectRequestService(services.ctx)
    first = next(c for c in cases if c.initials == "RA")
    adult = next(p for p in services.cases.people(first.id) if p.kind is PersonKind.ADULT)
    soon = register.add(
        adult.id, today - timedelta(days=27), identity_check="photo ID at the office"
    )
    other = next(c for c in cases if c.id != first.id)
    parent = next(p for p in services.cases.people(other.id) if p.kind is PersonKind.ADULT)
    register.add(parent.id, today - timedelta(days=2), requester="Solicitor, with signed authority")

    window = studio.main_window(services, demo=True)
    feature = window.findChild(RecordsFeature)
    assert feature is not None
    settle(lambda: feature.preview_dialog is not None or True)
    if feature.preview_dialog is not None:
        feature.preview_dialog.reject()
    requests = feature.open_requests()
    settle(lambda: requests.register is not None)
    requests.select(soon.id)
    save(requests, "register")

    copy = requests.prepare_copy()
    assert copy is not None
    settle(lambda: copy.people is not None)  # type: ignore[attr-defined]
    save(copy, "subject-access-copy")
    footage = next(
        m
        for m in services.media.list_media(first.id)
        if m.kind is MediaKind.FOOTAGE and services.markers.list_markers(m.id)
    )
    editor = RedactionEditor(window.ctx, footage.id, None, copy)
    editor.open()
    settle(lambda: editor.canvas.image is not None)
    editor.canvas.drawn.emit(0.55, 0.2, 0.3, 0.5)
    editor.slider.setValue(6000)
    settle(lambda: editor.canvas.at_s == 6.0)
    editor.canvas.moved.emit(0.35, 0.25, 0.3, 0.5)
    editor.mode.setCurrentIndex(1)
    editor.mode.activated.emit(1)
    editor.slider.setValue(2000)
    settle(lambda: editor.canvas.at_s == 2.0)
    editor.toggle_mute()
    editor.slider.setValue(3000)
    settle(lambda: editor.canvas.at_s == 3.0)
    editor.toggle_mute()
    save(editor, "redaction-editor")
    editor.preview_box.setChecked(True)
    save(editor, "redaction-editor-preview")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
