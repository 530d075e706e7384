"""What the workspace does on request: make a clip, take a still, save details, open
the contact sheet and shared review. Each change runs in a serial task (a database
write) and announces "media", so the list refreshes itself. GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from vigdesk.core.cases import Case
from vigdesk.core.changes import Changed
from vigdesk.core.ids import MediaId
from vigdesk.core.media import MediaItem
from vigdesk.ui.failures import Failure
from vigdesk.ui.review.media_jobs import annotate_job, clip_job, still_job
from vigdesk.ui.review.timecode import timecode
from vigdesk.ui.tasks import TaskHandle

if TYPE_CHECKING:
    from vigdesk.ui.review.page import ReviewPage

MEDIA = frozenset({Changed.MEDIA})


class PageWork(QObject):
    def __init__(self, page: ReviewPage) -> None:
        super().__init__(page)
        self.page = page
        self.clip_task: TaskHandle | None = None
        self.caption_dialog: QInputDialog | None = None
        self._windows: list[QWidget] = []
        panel = page.panel
        panel.clip_requested.connect(self.make_clip)
        panel.still_requested.connect(self.ask_caption)
        panel.trim.cancel.clicked.connect(self.cancel_clip)
        page.details.save_requested.connect(self.save_details)

    # -- clips ------------------------------------------------------------------------------

    def make_clip(self, start_s: float, end_s: float, title: str) -> None:
        item = self.page.panel.item
        if item is None or self.clip_task is not None:
            return
        services, media_id = self.page.ctx.services, item.id
        trim = self.page.panel.trim
        trim.start_work(self.tr("Making the clip…"))
        self.clip_task = self.page.run(
            lambda task: clip_job(services, media_id, start_s, end_s, title, task),
            self._clip_made,
            self._clip_failed,
            heavy=True,
            changes=MEDIA,
            progress=lambda fraction, _: trim.busy.progress(fraction),
        )

    def cancel_clip(self) -> None:
        if self.clip_task is not None:
            self.clip_task.cancel()
            self.page.panel.trim.cancel.setEnabled(False)

    def _clip_made(self, clip: MediaItem) -> None:
        self.clip_task = None
        panel = self.page.panel
        panel.trim.stop_work()
        panel.trim.name_edit.clear()
        panel.clear_marks()
        self.page.activity.message.show_notice(
            self.tr("Clip made: “%1”, %2 s. Label it under Details.")
            .replace("%1", clip.title)
            .replace("%2", f"{clip.duration_s:.2f}")
        )
        self.page._select_later(clip.id)
        self.page.show_details_tab()

    def _clip_failed(self, failure: Failure) -> None:
        self.clip_task = None
        self.page.panel.trim.stop_work()
        self.page.panel.trim.show_marks(self.page.panel.player.clock, *self.page.panel.marks)
        if failure.cancelled:
            self.page.activity.message.show_notice(self.tr("No clip was made."))
        else:
            self.page.activity.message.show_error(failure.message)

    # -- stills -----------------------------------------------------------------------------

    def ask_caption(self, at_s: float) -> None:
        item = self.page.panel.item
        if item is None:
            return
        dialog = QInputDialog(self.page.window())
        dialog.setWindowTitle(self.tr("Take a still"))
        dialog.setLabelText(
            self.tr("Caption for the still at %1 (optional):").replace("%1", timecode(at_s))
        )
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setOkButtonText(self.tr("Save still"))
        dialog.textValueSelected.connect(lambda text: self.take_still(item.id, at_s, text))
        dialog.finished.connect(lambda _: dialog.deleteLater())
        self.caption_dialog = dialog
        dialog.open()

    def take_still(self, media_id: MediaId, at_s: float, caption: str) -> None:
        self.caption_dialog = None
        services = self.page.ctx.services
        caption = caption.strip() or self.tr("Still at %1").replace("%1", timecode(at_s))
        self.page.activity.message.clear_message()
        self.page.run(
            lambda _: still_job(services, media_id, at_s, caption),
            self._still_taken,
            heavy=True,
            changes=MEDIA,
        )

    def _still_taken(self, still: MediaItem) -> None:
        self.page.activity.message.show_notice(
            self.tr("Still saved: “%1”.").replace("%1", still.title)
        )
        self.page._select_later(still.id)

    # -- details ----------------------------------------------------------------------------

    def save_details(self, media_id: MediaId, title: str, labels: object, note: str) -> None:
        services = self.page.ctx.services
        chosen = tuple(str(label) for label in labels)  # type: ignore[attr-defined]
        details = self.page.details
        self.page.run(
            lambda _: annotate_job(services, media_id, title, chosen, note),
            lambda _: details.saved(media_id),
            lambda failure: self._details_failed(media_id, failure),
            serial=True,
            changes=MEDIA,
        )

    def _details_failed(self, media_id: MediaId, failure: Failure) -> None:
        if not self.page.details.failed(media_id, failure.message):
            self.page.activity.message.show_error(failure.message)

    # -- other windows ----------------------------------------------------------------------

    def open_contact_sheet(self) -> QWidget | None:
        from vigdesk.ui.review.contact_sheet import ContactSheet

        media = self.page.media
        if media is None:
            return None
        sheet = ContactSheet(self.page.ctx, media, self.page.window())
        self._keep(sheet)
        sheet.open()
        return sheet

    def open_family_copy(self) -> QWidget | None:
        from vigdesk.ui.review.family_copy import FamilyCopyDialog

        media = self.page.media
        if media is None:
            return None
        dialog = FamilyCopyDialog(self.page.ctx, media, self.page.window())
        self._keep(dialog)
        dialog.open()
        return dialog

    def open_shared_review(self) -> QWidget | None:
        from vigdesk.ui.review.shared.chooser import ReviewChooser

        media = self.page.media
        if media is None:
            return None
        chooser = ReviewChooser(self.page.ctx, media, self._pixmaps(), self.page.window())
        self._keep(chooser)
        chooser.open()
        return chooser

    def open_export(self) -> QWidget | None:
        """Choose items, then the package dialog (which shows the consent check)."""
        from vigdesk.ui.review.export_choice import ExportChoice

        media = self.page.media
        if media is None:
            return None
        services, case_id = self.page.ctx.services, self.page.case_id
        choice = ExportChoice(media.items, self.page.window())

        def chosen(items: list[MediaItem]) -> None:
            def opened(case: Case) -> None:
                from vigdesk.ui.viewer.export_dialog import ExportDialog

                dialog = ExportDialog(self.page.ctx, case, items, parent=self.page.window())
                self._keep(dialog)
                dialog.open()

            self.page.ctx.runner.run(
                lambda _: services.cases.find(case_id), on_success=opened, owner=self.page
            )

        choice.chosen.connect(chosen)
        self._keep(choice)
        choice.open()
        return choice

    def _pixmaps(self) -> dict[str, object]:
        return dict(self.page._pixmaps)

    def _keep(self, widget: QWidget) -> None:
        self._windows = [w for w in self._windows if _alive(w)]
        self._windows.append(widget)

    def close_all(self) -> None:
        for widget in self._windows:
            if _alive(widget):
                widget.close()
        self._windows = []


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)
