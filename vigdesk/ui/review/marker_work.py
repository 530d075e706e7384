"""What the workspace does with moment markers: load a video's markers when it is shown,
and add, retype, move and delete them on request. Each write is a serial task (the
database worker), so the picture keeps playing; the column and the timeline are redrawn
from the copy kept here, with the chains worked out again by the pure core (reading
the list once per opened video, which the service audits). GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from vigdesk.core.marker_chains import build_chains, summarise
from vigdesk.core.markers import Marker, by_time
from vigdesk.services.markers import MarkerAnalysis
from vigdesk.ui.failures import Failure

if TYPE_CHECKING:
    from vigdesk.ui.review.page import ReviewPage

MARKERS = frozenset({"markers"})


class MarkerWork(QObject):
    def __init__(self, page: ReviewPage) -> None:
        super().__init__(page)
        self.page = page
        self.media_id: str | None = None
        self.markers: dict[str, Marker] = {}
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

    # -- loading ----------------------------------------------------------------------------

    def load(self, media_id: str) -> None:
        self.media_id, self.markers, self._type_after_add = media_id, {}, None
        services = self.page.ctx.services
        self.page.run(
            lambda _: services.markers.analyse(media_id),
            lambda analysis: self._loaded(media_id, analysis),
        )

    def _loaded(self, media_id: str, analysis: MarkerAnalysis) -> None:
        if media_id == self.media_id:
            self.markers = {m.id: m for m in analysis.markers}
            self._show()

    # -- changes ------------------------------------------------------------------------------

    def add(self, media_id: str, at_s: float) -> None:
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

    # -- showing ------------------------------------------------------------------------------

    def _show(self, select: str | None = None) -> None:
        panel = self.page.panel
        markers = by_time(list(self.markers.values()))
        chains = build_chains(markers, self.types)
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
