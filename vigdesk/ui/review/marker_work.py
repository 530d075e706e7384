"""What the workspace does with moment markers: load a video's markers when it is shown,
and add, retype, move and delete them on request. Each write is a serial task (the
database worker), so the picture keeps playing; the column and the timeline are redrawn
from the copy kept here, with the chains worked out again by the pure core (reading
the list once per opened video, which the service audits). GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from vigdesk.core.changes import Changed
from vigdesk.core.ids import MediaId
from vigdesk.core.marker_chains import Chain, build_chains, summarise
from vigdesk.core.markers import Marker, by_time
from vigdesk.core.media import MediaItem
from vigdesk.services.markers import MarkerAnalysis
from vigdesk.ui.failures import Failure
from vigdesk.ui.review.marker_edit import MarkerEditor
from vigdesk.ui.review.marker_list import clock_text
from vigdesk.ui.tasks import TaskHandle

if TYPE_CHECKING:
    from vigdesk.ui.review.page import ReviewPage

MARKERS = frozenset({Changed.MARKERS})
CLIP_CHANGES = frozenset({Changed.MARKERS, Changed.MEDIA})
PAD_BEFORE_S = 1.0  # defaults of the settings markers/pad_before_s and markers/pad_after_s
PAD_AFTER_S = 1.0


class MarkerWork(QObject):
    def __init__(self, page: ReviewPage) -> None:
        super().__init__(page)
        self.page = page
        self.media_id: MediaId | None = None
        self.markers: dict[str, Marker] = {}
        self.chains: tuple[Chain, ...] = ()
        self.initials: tuple[str, ...] = ()
        self.editor: MarkerEditor | None = None
        self.clip_task: TaskHandle | None = None
        self.adding = 0  # adds on their way to the database
        self._type_after_add: str | None = None
        services = page.ctx.services
        self.types = services.markers.types
        self.default_type = next(
            (t.id for t in self.types.types if t.step is None), self.types.types[0].id
        )
        panel = page.panel
        panel.video_shown.connect(self.load)
        panel.marker_requested.connect(self.add)
        panel.marker_key_pressed.connect(self.key_pressed)
        panel.marker_move_requested.connect(self.move)
        panel.marker_delete_requested.connect(self.delete)
        panel.markers.chain_clip_requested.connect(self.clip_chain)
        panel.markers.edit_requested.connect(self.open_editor)
        panel.trim.cancel.clicked.connect(self.cancel_clip)

    # -- loading ----------------------------------------------------------------------------

    def load(self, media_id: MediaId) -> None:
        self.media_id, self.markers, self._type_after_add = media_id, {}, None
        services = self.page.ctx.services
        self.page.run(
            lambda _: services.markers.analyse(media_id),
            lambda analysis: self._loaded(media_id, analysis),
        )

    def _loaded(self, media_id: MediaId, analysis: MarkerAnalysis) -> None:
        if media_id == self.media_id:
            self.markers = {m.id: m for m in analysis.markers}
            self.initials = analysis.initials
            self._show()

    # -- changes ------------------------------------------------------------------------------

    def add(self, media_id: MediaId, at_s: float) -> None:
        services, kind = self.page.ctx.services, self.default_type
        self.adding += 1
        self._type_after_add = None
        self.page.run(
            lambda _: services.markers.add(media_id, at_s, kind),
            self._added,
            self._add_failed,
            serial=True,
            changes=MARKERS,
        )

    def _added(self, marker: Marker) -> None:
        self.adding -= 1
        if marker.media_id != self.media_id:
            return
        self.markers[marker.id] = marker
        self._show(select=marker.id)
        if self._type_after_add is not None and self.adding == 0:
            kind, self._type_after_add = self._type_after_add, None
            self.retype(marker.id, kind)

    def _add_failed(self, failure: Failure) -> None:
        self.adding -= 1
        self._failed(failure)

    def key_pressed(self, key: str) -> None:
        """A number key: the type of the selected marker (or of the one being added)."""
        kind = self.types.for_key(key)
        if kind is None:
            return
        if self.adding:
            self._type_after_add = kind.id
            return
        selected = self.page.panel.markers.selected_id()
        if selected is not None and selected in self.markers:
            self.retype(selected, kind.id)

    def retype(self, marker_id: str, kind: str) -> None:
        services = self.page.ctx.services
        self.page.run(
            lambda _: services.markers.edit(marker_id, type=kind),
            self._changed,
            self._failed,
            serial=True,
            changes=MARKERS,
        )

    def open_editor(self, marker_id: str) -> MarkerEditor | None:
        """Who and a note, in a window that leaves the picture playing."""
        marker = self.markers.get(marker_id)
        if marker is None:
            return None
        if self.editor is not None:
            self.editor.close()
        kind = self.types.get(marker.type)
        name = kind.name if kind else self.page.principles.describe(marker.type) or marker.type
        editor = MarkerEditor(marker, name, self.initials, self.page.window())
        editor.edited.connect(self.save_details)
        editor.finished.connect(editor.deleteLater)
        self.editor = editor
        editor.open()
        return editor

    def save_details(self, marker_id: str, who: str, note: str) -> None:
        services = self.page.ctx.services
        self.page.run(
            lambda _: services.markers.edit(marker_id, who=who, note=note),
            self._changed,
            self._failed,
            serial=True,
            changes=MARKERS,
        )

    def move(self, marker_id: str, frames: int) -> None:
        services = self.page.ctx.services
        self.page.run(
            lambda _: services.markers.move(marker_id, frames),
            self._changed,
            self._failed,
            serial=True,
            changes=MARKERS,
        )

    def delete(self, marker_id: str) -> None:
        services = self.page.ctx.services
        self.page.run(
            lambda _: services.markers.delete(marker_id),
            lambda _: self._deleted(marker_id),
            self._failed,
            serial=True,
            changes=MARKERS,
        )

    def _changed(self, marker: Marker) -> None:
        if marker.media_id == self.media_id:
            self.markers[marker.id] = marker
            self._show(select=marker.id)

    def _deleted(self, marker_id: str) -> None:
        if self.markers.pop(marker_id, None) is not None:
            self._show()

    def _failed(self, failure: Failure) -> None:
        if not failure.cancelled:
            self.page.activity.message.show_error(failure.message)

    # -- clip this chain ----------------------------------------------------------------------

    def pads(self) -> tuple[float, float]:
        """Seconds before and after a chain's clip, from the settings (1 s each unless set)."""
        settings = self.page.ctx.settings

        def read(key: str, default: float) -> float:
            try:
                value = float(settings.value(key, default))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                return default
            return value if 0 <= value <= 30 else default

        return read("markers/pad_before_s", PAD_BEFORE_S), read("markers/pad_after_s", PAD_AFTER_S)

    def clip_chain(self, chain_id: str) -> None:
        chain = next((c for c in self.chains if c.id == chain_id), None)
        if chain is None or self.media_id is None or self.clip_task is not None:
            return
        panel = self.page.panel
        if panel.player.playing:
            panel.player.pause()
        services, media_id = self.page.ctx.services, self.media_id
        ids = [m.id for m in chain.markers]
        before, after = self.pads()
        title = self.tr("Chain at %1").replace("%1", clock_text(chain.start_s))
        panel.markers.clip_chain.setEnabled(False)
        panel.trim.start_work(self.tr("Making the clip…"))
        self.clip_task = self.page.run(
            lambda task: services.markers.clip(
                media_id,
                ids,
                pad_before_s=before,
                pad_after_s=after,
                title=title,
                progress=lambda f: task.progress(f),
                cancelled=task.cancelled,
            ),
            self._clipped,
            self._clip_failed,
            heavy=True,
            changes=CLIP_CHANGES,
            progress=lambda fraction, _: panel.trim.busy.progress(fraction),
        )

    def cancel_clip(self) -> None:
        if self.clip_task is not None:
            self.clip_task.cancel()

    def _clipped(self, clip: MediaItem) -> None:
        self._clip_done()
        labels = [self.page.principles.describe(label) or label for label in clip.labels]
        self.page.activity.message.show_notice(
            self.tr("Clip made from the chain: “%1”, %2 s. Labels: %3.")
            .replace("%1", clip.title)
            .replace("%2", f"{clip.duration_s:.2f}")
            .replace("%3", "; ".join(labels) or self.tr("none"))
        )
        self.page._select_later(clip.id)
        self.page.show_details_tab()

    def _clip_failed(self, failure: Failure) -> None:
        self._clip_done()
        self._failed(failure)

    def _clip_done(self) -> None:
        self.clip_task = None
        panel = self.page.panel
        panel.trim.stop_work()
        panel.trim.show_marks(panel.player.clock, *panel.marks)
        panel.markers.clip_chain.setEnabled(panel.markers.chains.currentItem() is not None)

    # -- showing ------------------------------------------------------------------------------

    def _show(self, select: str | None = None) -> None:
        panel = self.page.panel
        markers = by_time(list(self.markers.values()))
        chains = self.chains = build_chains(markers, self.types)
        panel.markers.show_markers(
            markers,
            chains,
            summarise(markers, self.types),
            self.types,
            lambda label: self.page.principles.describe(label) or label,
        )
        if select is not None:
            panel.markers.select(select)
        clock = panel.player.clock
        if clock is not None:
            panel.timeline.set_markers(
                [
                    (clock.frame_at_s(m.at_s), s.order if (s := self.types.step_of(m.type)) else -1)
                    for m in markers
                ]
            )
