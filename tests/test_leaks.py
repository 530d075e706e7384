"""No plaintext video or personal data on disk after import, play, clip and still.

The whole pipeline runs for real (Qt playback through the decrypting device
included), then every file in the vault, the temp folders, HOME and Qt's cache
locations is scanned for windows of the plaintext video, clip and still bytes
and for the family's names.
"""

from __future__ import annotations

import io
import os
import secrets
import tempfile
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import CHILD, MOTHER, add_family
from vigdesk.core.ids import MediaId
from vigdesk.media.synth import make_video
from vigdesk.services.session import Services
from vigdesk.storage.vault import Vault


def windows(data: bytes, count: int = 24, size: int = 48) -> list[bytes]:
    """Distinctive slices spread through `data` (skipping the generic MP4 header)."""
    start = min(len(data) // 4, 4096)
    step = max(1, (len(data) - start - size) // count)
    return [data[i : i + size] for i in range(start, len(data) - size, step)][:count]


def files_under(*roots: Path, since: float) -> list[Path]:
    """Regular files changed since `since`; folders that vanish mid-walk are skipped."""
    found = []
    for root in roots:
        for folder, _dirs, names in os.walk(root):  # os.walk ignores unreadable folders
            for name in names:
                path = Path(folder) / name
                try:
                    if path.is_file() and not path.is_symlink() and path.stat().st_mtime >= since:
                        found.append(path)
                except OSError:
                    continue
    return found


def scan(paths: list[Path], needles: list[bytes]) -> list[str]:
    leaks = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        leaks += [f"{path}: {needle[:16]!r}" for needle in needles if needle in data]
    return leaks


def play_through_qt(qtbot: QtBot, services: Services, media_id: MediaId) -> int:
    from PySide6.QtCore import QUrl
    from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

    from vigdesk.ui.sealed_device import SealedDevice

    frames: list[bool] = []
    with services.media.open_for_playback(media_id) as reader:
        device = SealedDevice(reader)
        player, sink = QMediaPlayer(), QVideoSink()
        player.setVideoSink(sink)
        sink.videoFrameChanged.connect(lambda frame: frames.append(frame.isValid()))
        player.setSourceDevice(device, QUrl("footage.mp4"))
        player.setPlaybackRate(4.0)
        player.play()
        qtbot.waitUntil(
            lambda: player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia, timeout=20_000
        )
        player.setPosition(1500)  # a seek, as a practitioner scrubbing back
        player.play()
        qtbot.waitUntil(
            lambda: player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia, timeout=20_000
        )
        # Never stop()/setSource() from Python while Qt reads through SealedDevice: they
        # keep the GIL that Qt's reader thread needs (a deadlock). Delete it instead.
        gone: list[bool] = []
        player.destroyed.connect(lambda: gone.append(True))
        player.deleteLater()
        qtbot.waitUntil(lambda: bool(gone), timeout=20_000)
        device.close()
    return sum(frames)


def this_runs_footage(folder: Path) -> Path:
    """A camera file with noise drawn for this run: other processes on the machine
    (benchmarks, other test sessions) make the same synthetic videos, and a needle from
    bytes they share would find their files."""
    path = folder / "home-visit-wolstenholme.mp4"
    make_video(path, seconds=6.0, size=(320, 240), gop=25, noise_seed=secrets.randbits(64))
    return path


@pytest.mark.slow
def test_pipeline_leaves_no_plaintext_anywhere(
    qtbot: QtBot,
    vault: Vault,
    isolated_dirs: Path,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from PySide6.QtCore import QStandardPaths

    footage = this_runs_footage(tmp_path)
    started = time.time() - 1
    services = Services.for_vault(vault)
    source_bytes = footage.read_bytes()
    fam = add_family(services)
    item = services.media.import_footage(fam.case.id, footage).item
    assert play_through_qt(qtbot, services, item.id) > 10
    clip = services.media.make_clip(item.id, 0.52, 2.48)
    still = services.media.make_still(item.id, 3.0)
    clip_bytes = services.ctx.blobs.read_bytes(clip.blob_id)
    png_bytes = services.media.still_png(still.id)
    services.media.delete_source(footage)  # the original goes too, as offered after import

    needles = windows(source_bytes) + windows(clip_bytes) + windows(png_bytes, size=32)
    for name in (MOTHER, CHILD, fam.case.code):
        needles += [name.encode(), name.encode("utf-16-le")]
    qt_dirs = [
        Path(p)
        for loc in (
            QStandardPaths.StandardLocation.CacheLocation,
            QStandardPaths.StandardLocation.GenericCacheLocation,
            QStandardPaths.StandardLocation.AppDataLocation,
            QStandardPaths.StandardLocation.TempLocation,
        )
        for p in QStandardPaths.standardLocations(loc)
    ]
    roots = [
        vault.home,
        isolated_dirs,
        Path(tempfile.gettempdir()),
        Path("/tmp"),
        Path("/var/tmp"),
        Path("/dev/shm"),
        *qt_dirs,
    ]
    # The camera's own file (the generated input) is the one allowed plaintext.
    inputs = {footage}
    # Other pytest sessions running at the same time keep their own fixtures under
    # pytest-of-<user>/pytest-N; only this session's folder is ours to judge.
    ours = tmp_path_factory.getbasetemp()
    others = ours.parent

    def foreign(path: Path) -> bool:
        return path.is_relative_to(others) and not path.is_relative_to(ours)

    candidates = [
        p for p in files_under(*roots, since=started) if p not in inputs and not foreign(p)
    ]
    assert any(p.parent.parent.name == "blobs" for p in candidates)  # the scan saw the vault
    assert scan(candidates, needles) == []
    # Positive control: a clip written out in plaintext would have been caught.
    planted = Path(tempfile.gettempdir()) / "planted.mp4"
    planted.write_bytes(clip_bytes)
    assert scan(files_under(*roots, since=started), needles)
    planted.unlink()
    assert io.BytesIO(clip_bytes).read(8)[4:8] == b"ftyp"  # the needles are real video bytes
    assert os.environ["TMPDIR"].startswith(str(isolated_dirs))
