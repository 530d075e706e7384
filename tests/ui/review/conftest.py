"""Fixtures for the review workspace: a vault with a family, a helping question, short
generated footage (every frame stamped with its number) and one clip, built once per
session and copied per test; the main window on it with the review page open.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import av
import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import CHILD, MOTHER, add_family
from tests.ui.conftest import PASSPHRASE, PRACTITIONER, WAIT_MS, fast_kdf
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.media.synth import make_video, read_stamp
from vigdesk.services.access import create_vault
from vigdesk.services.session import Services
from vigdesk.ui.context import MainContext
from vigdesk.ui.events import AppEvents
from vigdesk.ui.idle import DEFAULT_IDLE_MS
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.review import ReviewFeature
from vigdesk.ui.review.page import ReviewPage
from vigdesk.ui.tasks import TaskRunner
from vigdesk.ui.vault_access import VaultAccess

FPS = 25
SECONDS = 3.0
QUESTION = "How can I help Peregrine settle at bedtime?"


@dataclass(frozen=True)
class Seed:
    case_id: str
    code: str
    initials: str
    footage_id: str
    clip_id: str
    question_id: str


def make_footage(folder: Path, name: str = "home-visit.mp4", **options: object) -> Path:
    path = folder / name
    settings: dict[str, object] = {
        "seconds": SECONDS,
        "fps": FPS,
        "size": (192, 144),
        "gop": 25,
        "label": "VIG",
    }
    settings.update(options)
    make_video(path, **settings)  # type: ignore[arg-type]
    return path


@pytest.fixture(scope="session")
def review_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seed]:
    home = tmp_path_factory.mktemp("review-template") / "vault"
    vault = create_vault(
        home, PASSPHRASE, display_name=PRACTITIONER, role="practitioner", kdf=fast_kdf()
    )
    try:
        services = Services.for_vault(vault)
        family = add_family(services)
        services.cases.activate(family.case.id)
        question = services.helping.add_question(
            family.case.id, QUESTION, agreed_on=date(2026, 9, 12)
        )
        with tempfile.TemporaryDirectory() as tmp:
            footage = services.media.import_footage(family.case.id, make_footage(Path(tmp))).item
        clip = services.media.make_clip(footage.id, 0.4, 1.2, title="Sharing a look")
        seed = Seed(
            family.case.id,
            family.case.code,
            family.case.initials,
            footage.id,
            clip.id,
            question.id,
        )
    finally:
        vault.lock()
    (home / "unlock-state.json").unlink(missing_ok=True)
    return home, seed


@pytest.fixture
def seed(review_template: tuple[Path, Seed]) -> Seed:
    return review_template[1]


@pytest.fixture
def review_window(
    qtbot: QtBot,
    review_template: tuple[Path, Seed],
    tmp_path: Path,
    access: VaultAccess,
    runner: TaskRunner,
    events: AppEvents,
    settings: object,
) -> Iterator[MainWindow]:
    home = tmp_path / "vault"
    shutil.copytree(review_template[0], home)
    opened = access.unlock(home, PASSPHRASE)
    ctx = MainContext(
        opened.vault,
        opened.profile,
        opened.services,
        runner,
        events,
        settings,  # type: ignore[arg-type]
        DEFAULT_IDLE_MS,
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    yield window
    feature = window.findChild(ReviewFeature)
    if feature is not None and (page := feature.current_page()) is not None:
        page.drop_case_data()
    runner.cancel_all()
    runner.wait_for_done(WAIT_MS)
    opened.vault.lock()


Idle = Callable[[], None]


@pytest.fixture
def idle(qtbot: QtBot, review_window: MainWindow) -> Idle:
    """Wait until every task has finished and delivered its result."""
    runner = review_window.ctx.runner

    def wait() -> None:
        qtbot.waitUntil(lambda: runner.active_count == 0, timeout=WAIT_MS)

    return wait


@pytest.fixture
def page(qtbot: QtBot, review_window: MainWindow, seed: Seed, idle: Idle) -> ReviewPage:
    """The review workspace of the seeded case, its media list loaded."""
    feature = review_window.findChild(ReviewFeature)
    assert feature is not None
    idle()
    review_window.ctx.events.review_requested.emit(seed.case_id)
    opened = feature.current_page()
    assert opened is not None
    qtbot.waitUntil(lambda: opened.loaded, timeout=WAIT_MS)
    return opened


def open_video(qtbot: QtBot, page: ReviewPage, media_id: str) -> None:
    """Open a video in the player and wait until its first frame is on screen."""
    page.open_media(media_id)
    qtbot.waitUntil(
        lambda: (
            page.panel.item is not None
            and page.panel.item.id == media_id
            and page.panel.player.ready
        ),
        timeout=WAIT_MS,
    )


def shown_stamp(page: ReviewPage) -> int:
    """The frame number drawn in the picture the player's sink holds now."""
    frame = page.panel.player.current_frame()
    return stamp_of_image(frame.toImage())


def stamp_of_image(image: object) -> int:
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage) and not image.isNull()
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = rgb.width(), rgb.height()
    data = np.array(rgb.constBits(), dtype=np.uint8, copy=True)
    rows = data.reshape(height, rgb.bytesPerLine())[:, : width * 3]
    return read_stamp(np.ascontiguousarray(rows.reshape(height, width, 3)))


def decode_stamps(data: bytes) -> tuple[list[int], float]:
    """Every frame number of an MP4 in memory, and its duration in seconds."""
    import io

    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        stamps = [read_stamp(f.to_ndarray(format="rgb24")) for f in container.decode(stream)]
        duration = float(container.duration or 0) / 1_000_000
    return stamps, duration


def media_of(page: ReviewPage, kind: MediaKind) -> list[MediaItem]:
    assert page.media is not None
    return [m for m in page.media.items if m.kind is kind]


PEOPLE = (MOTHER, CHILD, *MOTHER.split(), *CHILD.split())
