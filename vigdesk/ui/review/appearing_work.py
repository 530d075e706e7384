"""Change who appears in a video, clip or still already held (issue 19): the details
panel asks, the "who appears" question opens ticked as recorded, and a serial task
saves the answer (`MediaService.set_appearing`, audited). Consent follows the new
list at once; the panel says when playback is now refused, and why. GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from vigdesk.core.changes import Changed
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import ConsentRequired
from vigdesk.core.ids import MediaId, PersonId
from vigdesk.services.consent import appearing_in
from vigdesk.services.session import Services
from vigdesk.ui.failures import Failure
from vigdesk.ui.review.who_appears import WhoAppearsDialog

if TYPE_CHECKING:
    from vigdesk.ui.review.page import ReviewPage


class AppearingWork(QObject):
    """`dialog` is the open question (None when closed)."""

    def __init__(self, page: ReviewPage) -> None:
        super().__init__(page)
        self.page = page
        self.dialog: WhoAppearsDialog | None = None
        page.details.appearing_requested.connect(self.ask)
        page.ctx.events.vault_locked.connect(self.close)

    def ask(self, media_id: MediaId) -> None:
        page = self.page
        item = page.item(media_id)
        if item is None or page.media is None or self.dialog is not None:
            return
        people = page.media.people
        dialog = WhoAppearsDialog(
            people,
            1,
            page.ctx.services.ctx.today(),
            page.window(),
            shown=appearing_in(item, people),
            title=item.title,
        )
        dialog.accepted.connect(lambda: self._save(media_id, dialog.chosen()))
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def close(self) -> None:
        """The vault is locking: the question shows full names."""
        if self.dialog is not None:
            self.dialog.reject()

    def _save(self, media_id: MediaId, chosen: list[PersonId]) -> None:
        services = self.page.ctx.services
        self.page.run(
            lambda _: save_appearing(services, media_id, chosen),
            lambda refusal: self._saved(media_id, refusal),
            lambda failure: self._failed(media_id, failure),
            serial=True,
            changes=frozenset({Changed.MEDIA}),
        )

    def _saved(self, media_id: MediaId, refusal: str) -> None:
        details = self.page.details
        if details.item is None or details.item.id != media_id:
            return
        if refusal:
            details.message.show_error(self.tr("Saved who appears. %1").replace("%1", refusal))
        else:
            details.message.show_notice(self.tr("Saved who appears."))

    def _failed(self, media_id: MediaId, failure: Failure) -> None:
        details = self.page.details
        if details.item is not None and details.item.id == media_id:
            details.message.show_error(failure.message)
        else:
            self.page.activity.message.show_error(failure.message)


def save_appearing(services: Services, media_id: MediaId, person_ids: list[PersonId]) -> str:
    """Worker thread: store who appears; return why playback is now refused ("" if not)."""
    item = services.media.set_appearing(media_id, person_ids)
    try:
        services.consent.require_for([item], (Purpose.KEEP,), "play it")
    except ConsentRequired as refusal:
        return str(refusal)
    return ""
