"""Render the app icon's raster forms from `resources/icons/vigdesk.svg`.

Writes `resources/icons/vigdesk.png` (256 px, for the Linux .desktop entry) and
`resources/icons/vigdesk.ico` (16-256 px, PNG-compressed entries, for the Windows
executables and installer). Both are committed, so a Windows build needs no Qt
rendering; `installer/linux/build.sh` reruns this when the SVG is newer.

Usage: python installer/make_icons.py   (from the repository root or anywhere)
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG rendered to a transparent size x size PNG."""
    from PySide6.QtCore import QBuffer, QIODevice, Qt
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
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico whose entries are PNG images (Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    directory, blobs = b"", b""
    for size, data in sorted(pngs.items()):
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
    pngs = {size: render_png(svg, size) for size in ICO_SIZES}
    (ICONS / "vigdesk.png").write_bytes(pngs[256])
    (ICONS / "vigdesk.ico").write_bytes(ico_bytes(pngs))
    print(f"make_icons: rendered {svg.name} to vigdesk.png and vigdesk.ico ({len(pngs)} sizes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
