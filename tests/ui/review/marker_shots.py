"""Grab PNGs of moment markers in the review workspace (a script, not a test).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tests/ui/review/marker_shots.py OUT

On the demo vault (invented families only) in a temporary folder: the demo's marked
footage, the marker list and timeline, the chain view, and the clip made from the
first chain with its labels.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/markers", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from vigdesk.core.media import MediaKind
    from vigdesk.ui.review import ReviewFeature
    from vigdesk.ui.review.page import ReviewPage

    studio = Studio(root, out, wait_for_tasks=False)
    settle, save = studio.settle, studio.save
    services = studio.open_demo()
    main = studio.main_window(services, demo=True, size=(1280, 820))
    footage = next(
        m
        for case in services.cases.list_cases()
        for m in services.media.list_media(case.id)
        if m.kind is MediaKind.FOOTAGE and services.markers.list_markers(m.id)
    )  # the demo's footage that comes marked
    feature = main.findChild(ReviewFeature)
    assert feature is not None
    settle(lambda: feature.current_page() is not None)
    main.ctx.events.review_requested.emit(footage.case_id)
    settle(
        lambda: (
            (shown := feature.current_page()) is not None
            and shown.case_id == footage.case_id
            and shown.loaded
        )
    )
    page = feature.current_page()
    assert isinstance(page, ReviewPage) and page.media is not None
    page.open_media(footage.id)
    panel = page.panel
    settle(lambda: panel.player.ready and panel.timeline.strip_count > 0)
    settle(lambda: panel.markers.row_count() > 0)
    panel.player.seek(62)
    panel.markers.select(panel.markers.list.topLevelItem(2).data(0, 256))  # type: ignore[union-attr]
    save(main, "markers-workspace")
    panel.markers.tabs.setCurrentIndex(1)
    save(main, "markers-chains")
    save(panel.markers, "markers-column")
    keys = panel.show_keys()
    save(keys, "markers-keys")
    keys.close()
    editor = page.marker_work.open_editor(panel.markers.selected_id() or "")
    assert editor is not None
    save(editor, "markers-editor")
    editor.reject()

    # "Clip this chain": the clip gets the PAIG labels marked inside it
    panel.markers.select_chain(panel.markers.chains.topLevelItem(0).data(0, 256))  # type: ignore[union-attr]
    panel.markers.clip_chain.click()
    settle(
        lambda: (
            page.marker_work.clip_task is None
            and page.details.item is not None
            and page.details.item.kind is MediaKind.CLIP
            and bool(page.details.item.labels)
        ),
        timeout=120,
    )
    save(main, "markers-clip-labels")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
