"""Opening the chain view of a 20-minute footage with 500 markers (target: under 100 ms).

Run: ``python tests/bench/bench_markers.py [markers]`` (default 500). Prints best-of-5
timings in ms for: reading the markers from a real encrypted vault through the service
(audited), building the chains and summary, and filling the marker column (list, chains,
summary) as the player shows it; then the whole open. Asserts nothing.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from tests.conftest import PASSPHRASE, add_family, fast_kdf
from vigdesk.core.ids import new_id
from vigdesk.core.marker_chains import build_chains, summarise
from vigdesk.core.markers import Marker
from vigdesk.media.synth import make_video
from vigdesk.render.refcounts import pin_singletons
from vigdesk.services.access import create_vault
from vigdesk.services.session import Services
from vigdesk.storage.markers import MarkerRepo
from vigdesk.ui.review.marker_list import MarkerColumn

TARGET_MS = 100.0
MINUTES = 20
KINDS = ("child_initiative", "adult_reception", "adult_response", "child_reception", "moment")


def best_ms(fn: Callable[[], object], runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def invented_markers(case_id: str, media_id: str, count: int) -> list[Marker]:
    """Markers in runs round the circle, some broken off, spread over 20 minutes."""
    rng = random.Random(5)
    markers, at = [], 0.0
    while len(markers) < count:
        at += rng.uniform(0.5, 6.0)
        for step in range(rng.choice((1, 2, 3, 4, 4))):
            kind = KINDS[step] if rng.random() > 0.1 else "moment"
            markers.append(
                Marker(new_id(), case_id, media_id, round(at * 25) / 25, kind, "", "", "now")
            )
            at += rng.uniform(0.2, 1.5)
    return [m for m in markers[:count] if m.at_s < MINUTES * 60] or markers[:count]


def main(argv: list[str]) -> int:
    count = int(argv[1]) if len(argv) > 1 else 500
    pin_singletons()  # PySide6 6.12 on CPython 3.11 (see vigdesk/render/refcounts.py)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        vault = create_vault(
            Path(tmp) / "vault", PASSPHRASE, display_name="Bench", role="practitioner",
            kdf=fast_kdf(),
        )  # fmt: skip
        try:
            services = Services.for_vault(vault)
            family = add_family(services)
            video = Path(tmp) / "v.mp4"
            make_video(video, seconds=1.0, size=(160, 120))
            media = services.media.import_footage(family.case.id, video).item
            markers = invented_markers(family.case.id, media.id, count)
            with vault.db.transact():
                repo = MarkerRepo(vault.db)
                for m in markers:
                    repo.insert(m)
            types = services.markers.types
            column = MarkerColumn()
            column.resize(250, 500)
            column.show()
            app.processEvents()

            def fill() -> None:
                chains = build_chains(markers, types)
                column.show_markers(markers, chains, summarise(markers, types), types)
                app.processEvents()

            def open_view() -> None:
                analysis = services.markers.analyse(media.id)
                column.show_markers(analysis.markers, analysis.chains, analysis.summary, types)
                app.processEvents()

            read = best_ms(lambda: services.markers.list_markers(media.id))
            chain = best_ms(lambda: summarise(markers, types))
            column_ms = best_ms(fill)
            whole = best_ms(open_view)
            chains = len(build_chains(markers, types))
        finally:
            vault.lock()
    print(f"{len(markers)} markers over {MINUTES} min, {chains} chains (target {TARGET_MS:.0f} ms)")
    print(f"  read from the vault (service, audited)  {read:7.1f} ms")
    print(f"  chains and summary (core)               {chain:7.1f} ms")
    print(f"  fill the marker column                  {column_ms:7.1f} ms")
    print(f"  open the chain view, all of it          {whole:7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
