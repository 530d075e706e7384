"""Marking during 1080p playback: frames delivered with and without a burst of 20 markers.

    python tests/bench/bench_marker_playback.py [--seconds 6]

Plays a 1080p sealed footage in the real review workspace (an encrypted vault in a temp
folder) twice for the same wall time: once untouched, once pressing M twenty times in a
burst (every 100 ms) as a practitioner marking a busy moment. Prints the frames shown
and the frames skipped (gaps in the shown frame numbers) for each run, and how many
markers were stored. Asserts nothing: compare the two runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from itertools import pairwise
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.ui.shots import Studio, run_isolated

BURST = 20
BURST_EVERY_S = 0.1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args(argv[1:])
    return run_isolated(["bench", "/tmp/vigdesk-bench-unused"], "", lambda r, o: _run(r, o, args))


def _run(root: Path, out: Path, args: argparse.Namespace) -> int:
    from tests.conftest import PASSPHRASE, add_family, fast_kdf
    from vigdesk.media.synth import make_video
    from vigdesk.services.access import create_vault
    from vigdesk.services.session import Services
    from vigdesk.ui.review import ReviewFeature
    from vigdesk.ui.review.page import ReviewPage

    studio = Studio(root, out, wait_for_tasks=False)
    vault = create_vault(
        root / "vault", PASSPHRASE, display_name="Bench", role="practitioner", kdf=fast_kdf()
    )
    services = Services.for_vault(vault)
    family = add_family(services)
    services.cases.activate(family.case.id)
    video = root / "hd.mp4"
    make_video(video, seconds=args.seconds + 4, fps=25, size=(1920, 1080), gop=50, label="HD")
    media = services.media.import_footage(family.case.id, video).item
    video.unlink()
    main = studio.main_window(services, size=(1280, 820))
    feature = main.findChild(ReviewFeature)
    assert feature is not None
    main.ctx.events.review_requested.emit(family.case.id)
    page = feature.current_page()
    assert isinstance(page, ReviewPage)
    studio.settle(lambda: page.loaded)
    page.open_media(media.id)
    panel = page.panel
    studio.settle(lambda: panel.player.ready)

    def play(mark: bool) -> tuple[int, int]:
        shown: list[int] = []
        panel.player.frame_changed.connect(shown.append)
        panel.player.seek(0)
        studio.settle(lambda: panel.player.shown_frame == 0)
        shown.clear()
        panel.player.play()
        start = time.monotonic()
        next_mark, marks = start + 1.0, 0
        while time.monotonic() - start < args.seconds:
            studio.app.processEvents()
            if mark and marks < BURST and time.monotonic() >= next_mark:
                panel.drop_marker()
                marks += 1
                next_mark += BURST_EVERY_S
            time.sleep(0.002)
        panel.player.pause()
        panel.player.frame_changed.disconnect(shown.append)
        frames = sorted(set(shown))
        skipped = sum(max(0, b - a - 1) for a, b in pairwise(frames))
        return len(frames), skipped

    plain = play(mark=False)
    marked = play(mark=True)
    studio.settle(lambda: panel.markers.row_count() == BURST, timeout=30)
    print(f"1080p playback for {args.seconds:.0f} s (25 fps):")
    print(f"  without markers      {plain[0]:4d} frames shown, {plain[1]:3d} skipped")
    print(f"  with {BURST} markers      {marked[0]:4d} frames shown, {marked[1]:3d} skipped")
    print(f"  markers stored: {len(services.markers.list_markers(media.id))}")
    panel.show_nothing()
    vault.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
