"""The consent wizard end to end: real services, a drawn signature, the sealed PDF."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWizard
from pytestqt.qtbot import QtBot

from tests.conftest import CHILD, MOTHER, add_family
from tests.ui.conftest import WAIT_MS
from tests.ui.consent.drawing import draw_signature
from vigdesk.core.cases import PersonKind
from vigdesk.core.consent import Method, Purpose
from vigdesk.services.consent_record import RECORD_KIND, ConsentRecordService, RecordedConsent
from vigdesk.services.documents import current_consent_text
from vigdesk.ui.consent.feature import ConsentFeature
from vigdesk.ui.consent.wizard import ConsentWizard
from vigdesk.ui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton


def feature_of(window: MainWindow) -> ConsentFeature:
    feature = window.findChild(ConsentFeature)
    assert feature is not None
    return feature


def open_wizard(qtbot: QtBot, window: MainWindow, case_id: str) -> ConsentWizard:
    feature = feature_of(window)
    window.ctx.events.consent_requested.emit(case_id)
    qtbot.waitUntil(lambda: feature.wizard is not None, timeout=WAIT_MS)
    assert feature.wizard is not None
    return feature.wizard


def click_next(qtbot: QtBot, wizard: ConsentWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT)


def test_the_wizard_records_consent_with_a_drawn_signature(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path
) -> None:
    services = main_window.ctx.services
    fam = add_family(services, consent=())
    wizard = open_wizard(qtbot, main_window, fam.case.id)
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    # 1. Who: the only adult with parental responsibility is chosen, the child ticked.
    assert wizard.who.adult_buttons[fam.mother.id].isChecked()
    assert wizard.who.child_boxes[fam.child.id].isChecked()
    click_next(qtbot, wizard)

    # 2. The explanation, from the versioned form, must be confirmed as read together.
    form = current_consent_text()
    assert form.version in wizard.explain.version_label.text()
    assert "agreeing to be filmed" in wizard.explain.text.toPlainText()
    assert not next_button.isEnabled()
    wizard.explain.read_box.click()
    click_next(qtbot, wizard)

    # 3. Every purpose needs an explicit answer; a refusal is an answer.
    for purpose in Purpose:
        assert not next_button.isEnabled()
        buttons = wizard.purposes.no if purpose is Purpose.TRAINING else wizard.purposes.yes
        qtbot.mouseClick(buttons[purpose], LEFT)
    qtbot.keyClicks(wizard.purposes.view_edits[fam.child.id], "Waved at the camera")
    click_next(qtbot, wizard)

    # 4. A signature drawn with the mouse.
    assert not next_button.isEnabled()
    draw_signature(wizard.method.pad)
    assert not wizard.method.pad.is_empty()
    click_next(qtbot, wizard)

    # 5. The summary is the record itself; Record consent saves it.
    assert "Consent record" in wizard.summary.preview.toPlainText()
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    with qtbot.waitSignal(wizard.recorded, timeout=WAIT_MS) as saved:
        qtbot.mouseClick(commit, LEFT)
    result = saved.args[0]
    assert isinstance(result, RecordedConsent)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=WAIT_MS)
    assert "Not agreed: training" in wizard.done_page.summary.text()

    records = {r.purpose: r for r in services.consent.for_case(fam.case.id)}
    assert {p: r.granted for p, r in records.items()} == {
        Purpose.FILM: True,
        Purpose.KEEP: True,
        Purpose.SUPERVISION: True,
        Purpose.TRAINING: False,
        Purpose.REVIEW_FILMING: True,
        Purpose.FAMILY_COPY: True,
    }
    first = records[Purpose.FILM]
    assert first.method is Method.SIGNED_ON_SCREEN and first.form_version == form.version
    assert first.child_view == "Waved at the camera"
    assert first.review_due is not None and first.review_due > first.given_on
    assert first.evidence_blob_id is not None
    evidence = services.ctx.blobs.read_bytes(first.evidence_blob_id)
    assert evidence.startswith(b"\x89PNG\r\n\x1a\n")
    assert evidence == wizard.method.pad.to_png()
    services.consent.require(fam.case.id, [Purpose.FILM, Purpose.KEEP], "film")

    # The PDF sealed with the records is the one shown, and says what was agreed.
    record_service = ConsentRecordService(services.ctx, services.consent)
    pdf = record_service.original_pdf(result.record_blob_id)
    assert pdf.startswith(b"%PDF") and pdf == wizard.summary.pdf
    kind = services.ctx.db.scalar("SELECT kind FROM blobs WHERE id = ?", (result.record_blob_id,))
    assert kind == RECORD_KIND
    html = wizard.summary.html
    assert f"version {form.version}" in html and "data:image/png;base64," in html
    if shutil.which("pdftotext"):
        copy = tmp_path / "record.pdf"
        copy.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", "-layout", str(copy), "-"], check=True, capture_output=True, text=True
        ).stdout
        copy.unlink()
        for words in (
            "Consent record",
            f"version {form.version}",
            "Filming",
            "Keeping the",
            "Supervision",
            "Training",
            "Yes",
            "No",
            "Waved at the camera",
        ):
            assert words in text, words
        for name in (*MOTHER.split(), *CHILD.split()):
            assert name not in text
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(finish, LEFT)
    qtbot.waitUntil(lambda: feature_of(main_window).wizard is None, timeout=WAIT_MS)


def test_a_scanned_paper_form_is_read_in_a_task_and_its_folder_forgotten(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path
) -> None:
    services = main_window.ctx.services
    fam = add_family(services, consent=())
    wizard = open_wizard(qtbot, main_window, fam.case.id)
    wizard.next()
    wizard.explain.read_box.setChecked(True)
    wizard.next()
    for purpose in Purpose:
        wizard.purposes.answer(purpose, True)
    wizard.next()
    page = wizard.method
    page.on_paper.click()
    assert page.stack.currentIndex() == 1
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    folder = tmp_path / "Wolstenholme scans"
    folder.mkdir()
    scan = folder / "consent.png"
    scan.write_bytes(_png())
    dialog = page.choose_paper()
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.selectFile(str(scan))
    dialog.accept()
    qtbot.waitUntil(lambda: wizard.draft.paper != b"", timeout=WAIT_MS)
    assert "consent.png" in page.paper_label.text()
    assert page.paper_preview.pixmap() is not None
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not _qt_remembers(folder), timeout=WAIT_MS)
    click_next(qtbot, wizard)
    with qtbot.waitSignal(wizard.recorded, timeout=WAIT_MS):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), LEFT)
    record = services.consent.for_case(fam.case.id)[0]
    assert record.method is Method.SCANNED_PAPER
    assert record.evidence_blob_id is not None
    assert services.ctx.blobs.read_bytes(record.evidence_blob_id) == scan.read_bytes()
    wizard.close()


def _png() -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(data.data())


def _qt_remembers(folder: Path) -> bool:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    stored = " ".join(str(settings.value(k, "")) for k in settings.allKeys())
    return folder.name.replace(" ", "%20") in stored or folder.name in stored


def test_an_adult_without_parental_responsibility_consents_for_themselves_only(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    services = main_window.ctx.services
    case = services.cases.add_case("QQ", date(2026, 9, 1))
    neighbour = services.cases.add_person(
        case.id, PersonKind.ADULT, "Odo Neighbour", relationship="neighbour"
    )
    child = services.cases.add_person(
        case.id, PersonKind.CHILD, "Ivo Child", date_of_birth=date(2024, 1, 1)
    )
    wizard = open_wizard(qtbot, main_window, case.id)
    assert wizard.who.message.kind == "error"
    assert "Nobody here may consent for Ivo Child" in wizard.who.message.text()
    assert wizard.who.adult_buttons[neighbour.id].isChecked()
    assert list(wizard.who.child_boxes) == [neighbour.id]  # not the child
    assert child.id not in wizard.who.child_boxes
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.close()


def test_locking_drops_the_signature_and_closes_the_wizard(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    fam = add_family(main_window.ctx.services, consent=())
    wizard = open_wizard(qtbot, main_window, fam.case.id)
    wizard.show()
    wizard.next()
    wizard.explain.read_box.setChecked(True)
    wizard.next()
    for purpose in Purpose:
        wizard.purposes.answer(purpose, True)
    wizard.next()
    draw_signature(wizard.method.pad)
    assert wizard.draft.signature_png
    draft = wizard.draft
    main_window.ctx.events.vault_locked.emit()
    assert draft.signature_png == b"" and wizard.method.pad.is_empty()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
