"""The export dialog: shows the consent check per purpose and makes a package."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import add_family, fast_kdf
from tests.ui.viewer.conftest import SECRET
from vigdesk.core.consent import Purpose
from vigdesk.services import exports as exports_module
from vigdesk.services.exports import open_package_file
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.viewer.export_dialog import ExportDialog

WAIT_MS = 30_000  # a failure deadline only; waits end when their condition holds


def test_consent_result_per_purpose_then_export(
    qtbot: QtBot,
    main_window: MainWindow,
    footage: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exports_module, "calibrate", fast_kdf)
    s = main_window.ctx.services
    family = add_family(s, consent=(Purpose.FILM, Purpose.KEEP, Purpose.SUPERVISION))
    source = s.media.import_footage(family.case.id, footage).item
    clip = s.media.make_clip(source.id, 0.5, 1.5, title="Peregrine waves")
    dialog = ExportDialog(main_window.ctx, family.case, [clip], main_window)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.consent_checked, timeout=WAIT_MS):
        dialog.open()
    assert dialog.consent.kind == "notice" and "supervision" in dialog.consent.text()
    with qtbot.waitSignal(dialog.consent_checked, timeout=WAIT_MS):
        dialog.form.training.setChecked(True)
    assert dialog.consent.kind == "error"
    assert "consented to use at training events for PW" in dialog.consent.text()
    dialog.form.recipient.setText("Dr Ada Supervisor")
    dialog.form.passphrase.new_edit.setText(SECRET)
    dialog.form.passphrase.confirm_edit.setText(SECRET)
    assert not dialog.make_button.isEnabled()  # no training consent
    with qtbot.waitSignal(dialog.consent_checked, timeout=WAIT_MS):
        dialog.form.supervision.setChecked(True)
    out = tmp_path / "out.vigpkg"
    dialog.form.out_edit.setText(str(out))
    assert dialog.make_button.isEnabled()
    # Mask someone in the clip: a box from the keyboard, filled, for the whole clip.
    editor = dialog.open_editor()
    assert editor is not None
    qtbot.waitUntil(lambda: editor.canvas.image is not None, timeout=WAIT_MS)
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.use_button, Qt.MouseButton.LeftButton)
    assert dialog.masked_label.text() == "1 of 1 masked."
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS) as made:
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    assert made.args is not None and made.args[0].path == out
    assert dialog.message.kind == "notice" and "by phone" in dialog.message.text()
    opened = open_package_file(out, today=s.ctx.today(), passphrase=SECRET)
    assert [i.title for i in opened.manifest.items] == ["PW waves"]
    (entry,) = [e for e in s.ctx.audit.entries() if e.action == "export.created"]
    assert entry.details["redacted"] == 1
