"""Grab PNGs of shared-review mode at laptop sizes (a script, not a test).

    xvfb-run -a -s "-screen 0 1366x768x24" \
        .venv/bin/python tests/ui/review/shared_screenshots.py OUTDIR

For 1280×720 and 1366×768: a clip step (paused, slowed, looping a marked moment, with
a reflection typed), a still step and the end step. Demo vault in a temporary folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.ui.shots import Studio, run_isolated

SIZES = ((1280, 720), (1366, 768))


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/shared-review", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from vigdesk.core.media import MediaKind
    from vigdesk.ui.review import ReviewFeature
    from vigdesk.ui.review.page import ReviewPage
    from vigdesk.ui.review.shared.window import ReviewWindow

    studio = Studio(root, out, wait_for_tasks=False)
    settle, save = studio.settle, studio.save
    services = studio.open_demo()
    main = studio.main_window(services, demo=True, size=(1280, 720))
    feature = main.findChild(ReviewFeature)
    assert feature is not None
    settle(lambda: feature.current_page() is not None and feature.current_page().loaded)  # type: ignore[union-attr]
    page = feature.current_page()
    assert isinstance(page, ReviewPage) and page.media is not None
    if not any(m.kind is MediaKind.STILL for m in page.media.items):
        footage = next(m for m in page.media.items if m.kind is MediaKind.FOOTAGE)
        page.work.take_still(footage.id, 2.0, "Looking at each other")
        settle(lambda: any(m.kind is MediaKind.STILL for m in page.media.items))  # type: ignore[union-attr]
    for width, height in SIZES:
        chooser = page.work.open_shared_review()
        assert chooser is not None
        wanted = [m.id for m in page.media.items if m.kind is not MediaKind.FOOTAGE]
        chooser.set_checked(wanted)  # type: ignore[attr-defined]
        window = chooser.start_review()  # type: ignore[attr-defined]
        assert isinstance(window, ReviewWindow)
        window.showNormal()  # no window manager under Xvfb to make it full screen
        window.setGeometry(0, 0, width, height)
        settle(lambda w=window: w.player.ready)  # type: ignore[misc]
        settle(lambda w=window: w.player.frame > 20)  # type: ignore[misc]
        window.player.pause()
        window.set_rate(0.5)
        window.mark(0)
        window.player.seek(window.player.frame + 40)
        window.mark(1)
        window.toggle_loop()
        window.stage.reflection.setPlainText("I can see he really wants me to play with him.")
        settle()
        save(window, f"clip-{width}x{height}")
        while not window.stage.next.text().startswith("Finish"):  # to the last step
            window.next()
        settle(lambda w=window: w.stage.canvas.has_picture)  # type: ignore[misc]
        save(window, f"still-{width}x{height}")
        window.leave()
        settle(lambda w=window: w.done_screen.target.count() > 1)  # type: ignore[misc]
        save(window, f"end-{width}x{height}")
        window.save_and_close()
        settle(lambda w=window: w.recorded)  # type: ignore[misc]
    main.close()
    studio.runner.wait_for_done(5000)
    services.vault.lock()
    studio.app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
