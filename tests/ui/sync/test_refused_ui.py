"""Changes a colleague was not allowed to make: the sync says so, in full, once."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.sync.helpers import blob_ids, family_with_files
from tests.sync.office import Office
from tests.sync.test_hostile_share import _stamp, forge
from tests.ui.conftest import WAIT_MS
from tests.ui.sync.conftest import WindowOn, wait_idle


def test_refused_changes_are_shown_by_name(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    fam = family_with_files(office["a"], files=1)
    office.settle(("a", "bso", "b"))
    blob = blob_ids(office["a"], fam.case.id)[0]
    stamp = _stamp(office, "b")
    entry = {"t": "blobs", "k": json.dumps([blob]), "c": fam.case.id, "h": stamp, "a": [0, []]}
    forge(office, "b", [("site", "1", [entry])])
    window, feature = window_on("bso")
    wait_idle(qtbot, feature)
    feature.sync_action.trigger()
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "syncChangesRefusedBox") is not None,
        timeout=WAIT_MS,
    )
    box = window.findChild(QMessageBox, "syncChangesRefusedBox")
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.windowTitle() == "Changes refused"
    assert (
        "1 change from Ben Practitioner's laptop refused: not allowed to delete a video or "
        f"document in case {fam.case.code}." in box.informativeText()
    )
    box.close()
    wait_idle(qtbot, feature)
    assert office["bso"].ctx.blobs.path(blob).exists()
