"""The review workspace of one case: its footage, clips and stills on the left, the
player and trimmer on the right with the selected item's details below.

GUI thread only; everything that touches services runs in `ctx.runner` tasks built
from media_jobs.py. Dropping video files anywhere on the page imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QHideEvent, QImage, QPixmap
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from vigdesk.core.changes import Changed
from vigdesk.core.ids import CaseId, MediaId
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.services.consent import appearing_in
from vigdesk.services.principles import load_principles
from vigdesk.services.replies import ClipComment
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import set_role
from vigdesk.ui.review.appearing_work import AppearingWork
from vigdesk.ui.review.comments import SupervisorComments
from vigdesk.ui.review.details import DetailsPanel, ReviewChoice
from vigdesk.ui.review.import_flow import ActivityBar, ImportFlow
from vigdesk.ui.review.library import CaseMedia, load_case_media
from vigdesk.ui.review.marker_work import MarkerWork
from vigdesk.ui.review.media_jobs import Opened, open_job, strip_job
from vigdesk.ui.review.media_list import MediaList
from vigdesk.ui.review.page_header import PageHeader
from vigdesk.ui.review.page_work import PageWork
from vigdesk.ui.review.player_panel import PlayerPanel
from vigdesk.ui.review.shared.window import ReviewWindow
from vigdesk.ui.review.timecode import short_duration, timecode
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.wheel_guard import guard_wheel

WATCHED = frozenset(
    {Changed.MEDIA, Changed.HELPING, Changed.CONSENT, Changed.CASES, Changed.RETENTION}
)


class ReviewPage(QWidget):
    """`loaded` is True once the case's media list has arrived (tests wait on it)."""

    def __init__(self, ctx: MainContext, case_id: CaseId, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAcceptDrops(True)
        self.ctx = ctx
        self.case_id = case_id
        self.principles = load_principles()
        self.media: CaseMedia | None = None
        self.loaded = False
        self._pixmaps: dict[str, QPixmap] = {}
        self._select_after: MediaId | None = None
        self._open_after: str | None = None
        self._loading = False
        self._reload = False

        self.header = PageHeader()
        self.activity = ActivityBar()
        self.library = MediaList(self.principles)
        self.panel = PlayerPanel()
        self.details = DetailsPanel(self.principles)
        self.comments = SupervisorComments()
        self.comments.seek_requested.connect(self.panel.seek_to)
        self.details.review_of_requested.connect(self.set_review_of)
        self.importer = ImportFlow(ctx, case_id, self.activity, self)
        self.work = PageWork(self)
        self.marker_work = MarkerWork(self)
        self.appearing = AppearingWork(self)
        self._build()

        self.header.back.clicked.connect(lambda: ctx.events.case_open_requested.emit(case_id))
        self.header.import_button.clicked.connect(self.importer.choose)
        self.header.contact_sheet.clicked.connect(self.work.open_contact_sheet)
        self.header.family_copy.clicked.connect(self.work.open_family_copy)
        self.header.shared_review.clicked.connect(self.work.open_shared_review)
        self.header.export.clicked.connect(self.work.open_export)
        self.library.opened.connect(self.open_media)
        self.library.selected.connect(self.show_details)
        self.importer.imported.connect(self._play_when_listed)
        self.importer.check_progressed.connect(self.library.show_check)
        ctx.events.data_changed.connect(self._data_changed)
        self.refresh()

    def _build(self) -> None:
        player_card = set_role(QFrame(), "card")
        inner = QVBoxLayout(player_card)
        inner.setContentsMargins(14, 14, 14, 14)
        inner.addWidget(self.panel)
        details_body = QWidget()
        details_body.setObjectName("scrollBody")
        details_layout = QVBoxLayout(details_body)
        details_layout.setContentsMargins(12, 12, 12, 12)
        details_layout.addWidget(self.details)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(details_body)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        guard_wheel(details_body)
        library_body = QWidget()
        library_layout = QVBoxLayout(library_body)
        library_layout.setContentsMargins(8, 10, 8, 8)
        library_layout.addWidget(self.library)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setObjectName("reviewTabs")
        self.tabs.addTab(library_body, self.tr("Library"))
        self.tabs.addTab(scroll, self.tr("Details"))
        self.tabs.addTab(self.comments, self.tr("Supervisor"))
        left = set_role(QFrame(), "card")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 6, 0, 0)
        left_layout.addWidget(self.tabs)
        left.setMinimumWidth(250)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.setChildrenCollapsible(False)
        body.addWidget(left)
        body.addWidget(player_card)
        body.setStretchFactor(0, 0)
        body.setStretchFactor(1, 1)
        body.setSizes([320, 700])
        self.body = body
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(12)
        layout.addWidget(self.header)
        layout.addWidget(self.activity)
        layout.addWidget(body, 1)

    def show_details_tab(self) -> None:
        self.tabs.setCurrentIndex(1)

    # -- loading ---------------------------------------------------------------------------

    def run(
        self,
        job: Callable[[TaskContext], Any],
        done: Callable[[Any], None],
        failed: Callable[[Failure], None] | None = None,
        *,
        serial: bool = False,
        heavy: bool = False,
        changes: frozenset[Changed] = frozenset(),
        progress: Callable[[float | None, str], None] | None = None,
    ) -> Any:
        """Run `job` for this page; outcomes are dropped once the page is gone."""
        return self.ctx.runner.run(
            job,
            on_success=done,
            on_failure=failed or self._show_failure,
            on_progress=progress,
            serial=serial,
            heavy=heavy,
            changes=changes,
            owner=self,
        )

    def refresh(self) -> None:
        if self._loading:
            self._reload = True
            return
        self._loading = True
        services, case_id, known = self.ctx.services, self.case_id, set(self._pixmaps)
        self.run(
            lambda _: load_case_media(services, case_id, known), self._loaded, self._load_failed
        )

    def _loaded(self, media: CaseMedia) -> None:
        self._loading = False
        for thumb_id, data in media.thumbnails.items():
            pixmap = QPixmap()
            if pixmap.loadFromData(data):
                self._pixmaps[thumb_id] = pixmap
        self.media = media
        items = list(media.items)
        counts = tuple(sum(1 for m in items if m.kind is k) for k in MediaKind)
        self.header.show_case(media.code, media.initials, counts)  # type: ignore[arg-type]
        self.library.set_media(items, self._pixmaps, media.damage)
        if not items:
            self.panel.show_nothing(
                self.tr("No footage yet. Import footage, or drop video files on this page.")
            )
        selected = self._select_after or self.library.current_id()
        self._select_after = None
        if selected and self.item(selected) is not None:
            self.library.select(selected)
            self.show_details(selected)
            if selected == self._open_after:
                self._open_after = None
                self.open_media(selected)
        elif self.details.item is not None and self.item(self.details.item.id) is None:
            self.details.show_item(None, [])
        self.loaded = True
        if self._reload:
            self._reload = False
            self.refresh()

    def _load_failed(self, failure: Failure) -> None:
        self._loading = False
        self._show_failure(failure)

    def item(self, media_id: MediaId) -> MediaItem | None:
        if self.media is None:
            return None
        return next((m for m in self.media.items if m.id == media_id), None)

    def _select_later(self, media_id: MediaId | None) -> None:
        self._select_after = media_id

    def _play_when_listed(self, media_ids: list[MediaId]) -> None:
        """After an import: select the last new video and open it in the player."""
        if media_ids:
            self._select_after = self._open_after = media_ids[-1]

    def _data_changed(self, areas: frozenset[Changed]) -> None:
        if areas & WATCHED:
            self.refresh()

    # -- opening ---------------------------------------------------------------------------

    def open_media(self, media_id: MediaId) -> None:
        """Play a video or show a still (each open is audited by the service)."""
        services = self.ctx.services
        self.show_details(media_id)
        self.panel.show_nothing(self.tr("Opening…"))
        self.run(lambda _: open_job(services, media_id), self._opened, self._open_failed)

    def _opened(self, opened: Opened) -> None:
        if opened.reader is not None:
            self.panel.load_video(opened.item, opened.reader)
            shared = opened.reader
            if shared.share():
                media_id = opened.item.id
                self.run(
                    lambda task: strip_job(shared, task),
                    lambda strip: self._strip_ready(media_id, strip),
                    lambda _: None,
                )
        elif opened.png is not None:
            self.panel.show_still(opened.item, QImage.fromData(opened.png))

    def _open_failed(self, failure: Failure) -> None:
        self.panel.show_nothing(failure.message)
        self._show_failure(failure)

    def _strip_ready(self, media_id: MediaId, strip: list[tuple[float, bytes]]) -> None:
        pixmaps = []
        for seconds, data in strip:
            pixmap = QPixmap()
            if pixmap.loadFromData(data):
                pixmaps.append((seconds, pixmap))
        self.panel.set_strip(media_id, pixmaps)

    def show_details(self, media_id: MediaId) -> None:
        item = self.item(media_id)
        shown = self.details.item
        if shown is not None and item is not None and shown.id == item.id and self.details.dirty:
            return  # a refresh must not wipe what the practitioner is typing
        questions = list(self.media.questions) if self.media else []
        self.details.show_item(
            item,
            questions,
            self._meta(item) if item else "",
            self._review_choice(item),
            self._appears(item) if item else "",
        )
        self._load_comments(item.id if item else None)

    def _review_choice(self, item: MediaItem | None) -> ReviewChoice:
        if item is None or self.media is None:
            return ReviewChoice()
        reviews = self.media.reviews
        return ReviewChoice(
            self.media.review_sessions,
            reviews.get(item.id),
            item.source_media_id is not None and item.source_media_id in reviews,
        )

    def set_review_of(self, media_id: MediaId, session_id: str) -> None:
        """Mark (or unmark, "") footage as a review meeting's recording, in a task; a
        refusal (no review_filming consent) shows in the details and the choice reverts."""
        filmed = self.ctx.services.reviews_filmed

        def job(_: TaskContext) -> None:
            if session_id:
                filmed.mark(media_id, session_id)
            else:
                filmed.unmark(media_id)

        def failed(failure: Failure) -> None:
            self.details.message.show_error(failure.message)
            self.refresh()

        self.run(job, lambda _: self.refresh(), failed, serial=True)

    def _load_comments(self, media_id: MediaId | None) -> None:
        if media_id is None:
            self.comments.show_comments(None, [])
            return
        replies = self.ctx.services.replies

        def shown(found: list[ClipComment]) -> None:
            if self.details.item is not None and self.details.item.id == media_id:
                self.comments.show_comments(media_id, found)

        self.run(lambda task: replies.comments(media_id), shown)

    def _appears(self, item: MediaItem) -> str:
        """ "Shows: MW (mother), PW", in the family's order."""
        people = self.media.people if self.media else ()
        shown = set(appearing_in(item, people))
        names = [
            f"{p.initials} ({p.relationship})" if p.relationship else p.initials
            for p in people
            if p.id in shown
        ]
        return self.tr("Shows: %1").replace("%1", ", ".join(names) or self.tr("nobody"))

    def _meta(self, item: MediaItem) -> str:
        kinds = {
            MediaKind.FOOTAGE: self.tr("Footage"),
            MediaKind.CLIP: self.tr("Clip"),
            MediaKind.STILL: self.tr("Still"),
        }
        parts = [kinds[item.kind]]
        if item.kind is not MediaKind.STILL:
            parts.append(short_duration(item.duration_s))
        source = self.item(item.source_media_id) if item.source_media_id else None
        if source is not None and item.start_s is not None:
            parts.append(
                self.tr("from %1 of “%2”")
                .replace("%1", timecode(item.start_s))
                .replace("%2", source.title)
            )
        return " · ".join(parts)

    # -- messages, drops, lock --------------------------------------------------------------

    def _show_failure(self, failure: Failure) -> None:
        if failure.cancelled:
            return
        self.activity.message.show_error(failure.message)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
            set_role(self, "review-drop")

    def dragLeaveEvent(self, event: Any) -> None:
        set_role(self, "")

    def dropEvent(self, event: QDropEvent) -> None:
        from pathlib import Path

        set_role(self, "")
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.importer.ask(paths)

    def hideEvent(self, event: QHideEvent) -> None:
        self.details.flush()  # leaving the page keeps what was typed
        if self.panel.player.playing:
            self.panel.player.pause()
        super().hideEvent(event)

    def drop_case_data(self) -> None:
        """The vault is locking: stop playback and forget everything about the case."""
        self.panel.show_nothing()
        self.work.close_all()
        for window in self.window().findChildren(ReviewWindow):
            window.close()
        self.library.clear_media()
        self.details.show_item(None, [])
        self.media = None
        self._pixmaps.clear()
