"""The demo vault ships with one marked footage: a chain round the circle and a miss."""

from __future__ import annotations

from pathlib import Path

from vigdesk.core.media import MediaKind
from vigdesk.services.access import unlock_vault
from vigdesk.services.demo import DEMO_PASSPHRASE, ensure_demo_vault
from vigdesk.services.session import Services


def test_the_demo_has_one_marked_footage(tmp_path: Path) -> None:
    ensure_demo_vault(tmp_path / "demo")
    vault = unlock_vault(tmp_path / "demo", DEMO_PASSPHRASE)
    try:
        s = Services.for_vault(vault)
        footage = [
            m
            for case in s.cases.list_cases()
            for m in s.media.list_media(case.id)
            if m.kind is MediaKind.FOOTAGE
        ]
        marked = [f for f in footage if s.markers.list_markers(f.id)]
        assert len(marked) == 1
        summary = s.markers.analyse(marked[0].id).summary
        assert (summary.chains, summary.completed_circles) == (2, 1)
        assert (summary.initiatives_received, summary.initiatives_missed) == (1, 1)
        assert {m.who for m in s.markers.list_markers(marked[0].id)} == {"RA", "TA"}
    finally:
        vault.lock()
