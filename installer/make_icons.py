"""Render the app icon's raster forms from `resources/icons/vigdesk.svg`.

Writes `resources/icons/vigdesk.png` (256 px, for the Linux .desktop entry) and
`resources/icons/vigdesk.ico` (16-256 px, for the Windows
executables and installer). Both are committed, so a Windows build needs no Qt
rendering; `installer/linux/build.sh` reruns this when the SVG is newer.

Usage: python installer/make_icons.py   (from the repository root or anywhere)
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render(svg: Path, size: int) -> QImage:
    """The SVG rendered to a transparent size x size image."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png(image: QImage) -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # stubs want bytes, runtime str
    return bytes(buffer.data().data())


def dib(image: QImage) -> bytes:
    """A 32-bit BGRA bitmap icon entry: header, bottom-up pixels, empty AND mask."""
    from PySide6.QtCore import Qt

    size = image.width()
    pixels = bytes(image.flipped(Qt.Orientation.Vertical).constBits())[: size * size * 4]
    mask = bytes(((size + 31) // 32) * 4 * size)
    header = struct.pack("<IiiHHIIiiII", 40, size, 2 * size, 1, 32, 0, 0, 0, 0, 0, 0)
    return header + pixels + mask


def ico_bytes(entries: dict[int, bytes]) -> bytes:
    """An .ico file from (size -> entry data), smallest first."""
    header = struct.pack("<HHH", 0, 1, len(entries))
    offset = len(header) + 16 * len(entries)
    directory, blobs = b"", b""
    for size, data in sorted(entries.items()):
        edge = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + directory + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs a GUI application
    svg = ICONS / "vigdesk.svg"
    if not svg.is_file():
        raise SystemExit(f"make_icons: {svg} is missing; draw the icon first")
    images = {size: render(svg, size) for size in ICO_SIZES}
    # Bitmaps below 256 px and PNG at 256 px: the layout every Windows tool reads.
    entries = {size: png(img) if size >= 256 else dib(img) for size, img in images.items()}
    (ICONS / "vigdesk.png").write_bytes(png(images[256]))
    (ICONS / "vigdesk.ico").write_bytes(ico_bytes(entries))
    print(f"make_icons: rendered {svg.name} to vigdesk.png and vigdesk.ico ({len(entries)} sizes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
