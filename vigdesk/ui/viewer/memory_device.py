"""A read-only QIODevice over bytes held in memory, for ``QMediaPlayer.setSourceDevice``.

Like `vigdesk.ui.sealed_device.SealedDevice`, but over a decrypted package item: Qt's
media backend reads and seeks from more than one thread, which a plain QBuffer does not
promise to survive, so the position sits behind a lock. Nothing touches disk.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QIODevice, QObject


class MemoryDevice(QIODevice):
    """Random-access, read-only, unbuffered; opened on creation. `release` drops the bytes."""

    def __init__(self, data: bytes, parent: QObject | None = None) -> None:
        if parent is None:
            super().__init__()
        else:
            super().__init__(parent)
        self._data = memoryview(data)
        self._lock = threading.Lock()
        self._pos = 0
        self.open(QIODevice.OpenModeFlag.ReadOnly | QIODevice.OpenModeFlag.Unbuffered)

    def isSequential(self) -> bool:
        return False

    def size(self) -> int:
        return len(self._data)

    def pos(self) -> int:
        with self._lock:
            return self._pos

    def seek(self, pos: int) -> bool:
        with self._lock:
            if not 0 <= pos <= len(self._data):
                return False
            self._pos = pos
            return super().seek(pos)

    def bytesAvailable(self) -> int:
        return max(0, len(self._data) - self.pos())

    def atEnd(self) -> bool:
        return not self.isOpen() or self.bytesAvailable() <= 0

    def readData(self, maxlen: int) -> bytes:
        with self._lock:
            chunk = self._data[self._pos : self._pos + maxlen].tobytes()
            self._pos += len(chunk)
            return chunk

    def writeData(self, data: bytes | bytearray | memoryview, maxlen: int, /) -> int:
        return -1

    def release(self) -> None:
        """Close and let go of the plaintext (call after the player let go of the device)."""
        self.close()
        with self._lock:
            self._data = memoryview(b"")
            self._pos = 0
