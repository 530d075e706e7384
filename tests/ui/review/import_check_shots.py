"""Grab the review library after importing damaged and clean camera files (a script).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python \
        tests/ui/review/import_check_shots.py OUTDIR

Shows the background frame-by-frame check: a red "Damaged footage" chip with the
warning in the tooltip, and each file's own name and recording date.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/import-check", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from tests.media.damage import clean_video, damaged
    from vigdesk.media.synth import make_video
    from vigdesk.ui.review import ReviewFeature
    from vigdesk.ui.review.page import ReviewPage

    studio = Studio(root, out)
    settle, save = studio.settle, studio.save
    services = studio.open_demo()
    main = studio.main_window(services, demo=True, size=(1280, 820))
    feature = main.findChild(ReviewFeature)
    assert feature is not None
    settle(lambda: feature.current_page() is not None and feature.current_page().loaded)  # type: ignore[union-attr]
    page = feature.current_page()
    assert isinstance(page, ReviewPage)
    files = root / "card"
    files.mkdir()
    bad = files / "visit.mp4"
    bad.write_bytes(damaged(clean_video("mp4")))
    good = files / "MVI_0423.MOV"
    make_video(
        good, container="mov", seconds=4, recorded_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    )
    page.library.sort.setCurrentIndex(page.library.sort.findData("newest"))
    page.importer.start([bad, good])
    settle(lambda: page.importer.offer is not None)
    assert page.importer.offer is not None
    page.importer.offer.reject()
    settle(
        lambda: (
            "visit.mp4" in page.library.list.item(0).toolTip()
            or any(
                "could not be decoded" in page.library.list.item(i).toolTip()
                for i in range(page.library.list.count())
            )
        )
    )
    save(main, "library-damage")
    save(page.library, "library-list")
    studio.app.closeAllWindows()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
