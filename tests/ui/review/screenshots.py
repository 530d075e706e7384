"""Grab PNGs of the review workspace on the demo vault (a script, not a test).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tests/ui/review/screenshots.py OUTDIR

Builds a demo vault in a temporary folder (invented families only); HOME and the XDG
folders point into it too, so nothing touches the real home.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/review", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from PySide6.QtCore import Qt

    from vigdesk.core.media import MediaKind
    from vigdesk.ui.review import ReviewFeature
    from vigdesk.ui.review.page import ReviewPage

    studio = Studio(root, out, wait_for_tasks=False)
    settle, save = studio.settle, studio.save

    services = studio.open_demo()
    main = studio.main_window(services, demo=True, size=(1280, 820))
    feature = main.findChild(ReviewFeature)
    assert feature is not None
    settle(lambda: feature.current_page() is not None and feature.current_page().loaded)  # type: ignore[union-attr]
    page = feature.current_page()
    assert isinstance(page, ReviewPage) and page.media is not None
    footage = next(m for m in page.media.items if m.kind is MediaKind.FOOTAGE)
    page.open_media(footage.id)
    panel = page.panel
    settle(lambda: panel.player.ready and panel.timeline.strip_count > 0)
    panel.player.seek(62)
    save(main, "workspace")

    panel.player.seek(50)
    settle(lambda: panel.player.shown_frame == 50)
    panel.mark_in()
    panel.player.seek(137)
    settle(lambda: panel.player.shown_frame == 137)
    panel.mark_out()
    panel.player.seek(96)
    panel.trim.name_edit.setText("Waiting for Teddy's turn")
    save(main, "trimmer")
    keys = panel.show_keys()
    save(keys, "keys")
    keys.close()

    # a clip, labelled, and two stills
    panel.make_clip()
    settle(
        lambda: (
            page.work.clip_task is None
            and page.details.item is not None
            and page.details.item.kind is MediaKind.CLIP
            and "Waiting" in page.details.item.title
        )
    )
    details = page.details
    assert details.item is not None
    clip_id = details.item.id
    _principle, children = details.groups[0]
    children[0].setCheckState(0, Qt.CheckState.Checked)
    children[3].setCheckState(0, Qt.CheckState.Checked)
    details.groups[2][1][3].setCheckState(0, Qt.CheckState.Checked)
    details.note_edit.setPlainText("Mum waits and Teddy starts the game; she smiles back.")
    details.save.click()
    settle(lambda: details.message.kind == "notice")

    def has_still(caption: str) -> bool:
        return page.media is not None and any(m.title == caption for m in page.media.items)

    for frame, caption in ((75, "Teddy looks up to share the tower"), (112, "Mum's smile")):
        page.work.take_still(footage.id, frame / 25, caption)
        settle(partial(has_still, caption))
    save(main, "details")
    page.library.select(clip_id)
    page.show_details(clip_id)
    main.resize(1100, 720)  # the default window size
    save(main, "details-small")
    page.tabs.setCurrentIndex(0)
    save(main, "workspace-small")
    main.resize(1280, 820)

    sheet = page.work.open_contact_sheet()
    assert sheet is not None
    settle(lambda: sheet.ready)  # type: ignore[attr-defined]
    save(sheet, "contact-sheet")
    pdf_path = root / "sheet.pdf"
    sheet.export_to(pdf_path)  # type: ignore[attr-defined]
    settle(lambda: sheet.message.kind == "notice")  # type: ignore[attr-defined]
    if shutil.which("pdftoppm"):  # the exported PDF's first page, to look at
        target = out / "contact-sheet-pdf"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf_path),
                str(target),
            ],
            check=True,
        )
        print(f"{target}.png")
    sheet.close()

    chooser = page.work.open_shared_review()
    assert chooser is not None
    save(chooser, "shared-review-chooser")
    chooser.set_checked([m.id for m in page.media.items if m.kind is not MediaKind.FOOTAGE])  # type: ignore[attr-defined]
    window = chooser.start_review()  # type: ignore[attr-defined]
    window.resize(1440, 900)  # no window manager under Xvfb to make it full screen
    settle(lambda: window.player.ready)
    settle(lambda: window.player.frame > 30)
    window.player.pause()
    window.stage.reflection.setPlainText("I can see he really wants me to play with him.")
    save(window, "shared-review")
    window.next()
    window.next()
    settle(lambda: window.stage.canvas.has_picture)
    save(window, "shared-review-still")
    window.leave()
    save(window, "shared-review-finished")
    window.close()

    main.close()
    studio.runner.wait_for_done(5000)
    services.vault.lock()
    studio.app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
