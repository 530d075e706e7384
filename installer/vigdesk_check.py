"""`vigdesk-check`: proves an installed bundle has every native piece vigdesk loads lazily.

Ships next to `vigdesk` in the one-dir bundle (the same interpreter and libraries), so
IT can run it on a managed laptop after deployment and the smoke test can run it on a
fresh build. It writes nothing to disk: the test video is made in memory with PyAV and
played from a QBuffer by QtMultimedia. One line per check; exit 1 if any failed.
"""

from __future__ import annotations

import io
import sys
import time
import traceback
from collections.abc import Callable

Check = Callable[[], str]


def check_resources() -> str:
    from vigdesk.paths import resources_dir
    from vigdesk.services.documents import current_agreement
    from vigdesk.storage import migrations

    root = resources_dir()
    for relative in ("style/vigdesk.qss", "icons/vigdesk.svg", "retention/policy.json"):
        if not (root / relative).is_file():
            raise FileNotFoundError(root / relative)
    shipped = migrations.available()
    if not shipped:
        raise FileNotFoundError("no SQL migrations in the bundle")
    return (
        f"{root}; {len(shipped)} migrations up to {shipped[-1][0]:04d}; "
        f"agreement v{current_agreement().version}"
    )


def check_sqlcipher() -> str:
    import sqlcipher3

    db = sqlcipher3.connect(":memory:")
    try:
        version = db.execute("PRAGMA cipher_version").fetchone()
    finally:
        db.close()
    if not version or not version[0]:
        raise RuntimeError("sqlcipher3 has no cipher: plain SQLite was bundled")
    return f"SQLCipher {version[0]}"


def check_crypto() -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    key = Argon2id(salt=b"s" * 16, length=32, iterations=1, lanes=1, memory_cost=8).derive(b"x")
    AESGCM(key).encrypt(b"n" * 12, b"data", None)
    import cryptography

    return f"cryptography {cryptography.__version__} (Argon2id, AES-GCM)"


def make_clip() -> bytes:
    """A 1 s H.264/AAC MP4 (libx264 inside PyAV's FFmpeg), in memory."""
    from vigdesk.media.synth import make_video

    out = io.BytesIO()
    make_video(out, container="mp4", seconds=1.0, fps=10, size=(160, 120))
    return out.getvalue()


def check_pyav() -> str:
    import av

    size = len(make_clip())
    return f"PyAV {av.__version__}, FFmpeg {av.ffmpeg_version_info}; H.264 clip {size} bytes"


def check_images() -> str:
    """Pillow's FreeType and JPEG/PNG codecs, and the bundled fonts (CJK included)."""
    import numpy as np
    import PIL
    from PIL import Image

    from vigdesk.media import text
    from vigdesk.media.frames import jpeg, png

    canvas = Image.new("L", (120, 30))
    text.draw(canvas, 2, 22, "Łukasz 王芳", 16)
    if [index for index, _ in text.runs("Łukasz 王芳")] != [0, 1] or canvas.getbbox() is None:
        raise RuntimeError(f"the bundled fonts in {text.fonts_dir()} do not draw names")
    picture = np.repeat(np.asarray(canvas)[..., None], 3, axis=2)
    sizes = f"JPEG {len(jpeg(picture, 'check', 80))} bytes, PNG {len(png(picture, 'check'))}"
    return f"Pillow {PIL.__version__}, NumPy {np.__version__}; {sizes}"


def check_qt() -> str:
    """Platform plugin, SVG icon engine, JPEG reader, and QtMultimedia's FFmpeg backend."""
    from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QUrl
    from PySide6.QtGui import QGuiApplication, QIcon, QImage
    from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

    from vigdesk.paths import resources_dir

    app = QCoreApplication.instance() or QGuiApplication(sys.argv[:1])
    if QIcon(str(resources_dir() / "icons" / "vigdesk.svg")).pixmap(32, 32).isNull():
        raise RuntimeError("SVG icons do not render (iconengines/imageformats plugin missing)")
    import numpy as np

    from vigdesk.media.frames import jpeg

    still = jpeg(np.zeros((8, 8, 3), np.uint8), "check", 80)
    if QImage.fromData(still, "JPG").isNull():  # type: ignore[arg-type]
        raise RuntimeError("Qt cannot read JPEG stills (imageformats plugin missing)")

    if not QMediaPlayer().isAvailable():
        raise RuntimeError(
            "QtMultimedia has no backend: the FFmpeg multimedia plugin is missing or cannot "
            "load (rerun with QT_DEBUG_PLUGINS=1 to see why)"
        )
    data = QByteArray(make_clip())
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    player, sink = QMediaPlayer(), QVideoSink()
    frames: list[bool] = []
    errors: list[str] = []
    player.setVideoSink(sink)
    sink.videoFrameChanged.connect(lambda frame: frames.append(frame.isValid()))
    player.errorOccurred.connect(lambda _error, text: errors.append(text))
    player.setSourceDevice(buffer, QUrl("check.mp4"))
    player.setPlaybackRate(4.0)
    player.play()
    deadline = time.monotonic() + 20
    while not errors and player.mediaStatus() != QMediaPlayer.MediaStatus.EndOfMedia:
        if time.monotonic() > deadline:
            raise TimeoutError(f"playback stuck at {player.mediaStatus().name}")
        app.processEvents()
        time.sleep(0.01)
    player.stop()
    player.setSource(QUrl())
    if errors:
        raise RuntimeError(f"QMediaPlayer: {errors[0]}")
    if sum(frames) == 0:
        raise RuntimeError("QMediaPlayer decoded no video frames")
    return f"Qt {QGuiApplication.platformName()} platform; QMediaPlayer showed {sum(frames)} frames"


CHECKS: dict[str, Check] = {
    "resources": check_resources,
    "sqlcipher": check_sqlcipher,
    "crypto": check_crypto,
    "pyav": check_pyav,
    "images": check_images,
    "qt": check_qt,
}


def main() -> int:
    from vigdesk import __version__

    print(f"vigdesk-check {__version__} ({sys.executable})")
    failed = 0
    for name, check in CHECKS.items():
        try:
            print(f"  ok    {name:10} {check()}", flush=True)
        except Exception as exc:  # report every failure, then exit non-zero
            failed += 1
            print(f"  FAIL  {name:10} {type(exc).__name__}: {exc}", flush=True)
            traceback.print_exc(file=sys.stderr)
    print("all checks passed" if not failed else f"{failed} check(s) failed")
    return 1 if failed else 0
