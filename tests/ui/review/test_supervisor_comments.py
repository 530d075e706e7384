"""A supervisor's reply imported from Training › Import supervisor's reply… shows in the
review workspace's Supervisor tab, by initials, and a comment takes the player there."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import MOTHER, fast_kdf
from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import Idle, Seed, open_video
from vigdesk.core.consent import Purpose
from vigdesk.core.dates import day_text
from vigdesk.core.replies import Comment
from vigdesk.services.exports import (
    ExportRequest,
    create_recipient_key,
    open_package_file,
    write_reply,
)
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.review.page import ReviewPage
from vigdesk.ui.training.progress_dialog import TrainingFeature


def test_imported_comments_show_on_the_clip_and_seek(
    qtbot: QtBot,
    review_window: MainWindow,
    page: ReviewPage,
    seed: Seed,
    idle: Idle,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    s = review_window.ctx.services
    key = tmp_path / "sup.key"
    public = create_recipient_key("Dr Ada", "supervisor key passphrase", key, kdf=fast_kdf())
    out = tmp_path / "p.vigpkg"
    today = s.ctx.today()
    s.exports.export(
        ExportRequest(
            (seed.clip_id,), Purpose.SUPERVISION, "Dr Ada", today + timedelta(days=9), out,
            recipient_key=public,
        )
    )  # fmt: skip
    opened = open_package_file(
        out, today=today, passphrase="supervisor key passphrase", key_file=key
    )
    reply = tmp_path / "reply.vigreply"
    comment = Comment("clip-01.mp4", 0.6, f"{MOTHER} follows the look")
    write_reply(reply, opened.manifest, "Dr Ada", 20, [comment], today)

    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: messages.append(a[2]))
    feature = review_window.findChild(TrainingFeature)
    assert feature is not None
    feature.import_reply(reply)
    qtbot.waitUntil(lambda: feature.last_import is not None, timeout=WAIT_MS)
    assert messages and messages[0].startswith("1 comments from Dr Ada")

    idle()
    open_video(qtbot, page, seed.clip_id)
    page.library.select(seed.clip_id)
    page.show_details(seed.clip_id)
    qtbot.waitUntil(lambda: page.comments.texts() != [], timeout=WAIT_MS)
    assert page.comments.texts() == [f"0:00.6  MW follows the look\n— Dr Ada, {day_text(today)}"]
    page.comments.list.setCurrentRow(0)
    page.comments.seek_requested.emit(0.6)
    qtbot.waitUntil(lambda: abs(page.panel.player.position_s - 0.6) < 0.05, timeout=WAIT_MS)
