"""A read-only QIODevice over a sealed blob, for ``QMediaPlayer.setSourceDevice``.

The player never sees a plaintext path: it reads through this device, which decrypts
one segment at a time via `SealedReader.read_at`.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QIODevice, QObject

from vigdesk.core.errors import IntegrityError
from vigdesk.crypto.streaming import SealedReader


class SealedDevice(QIODevice):
    """Random-access, read-only, unbuffered view of a `SealedReader`; opened on creation.

    Qt's media backend calls `readData` and `seek` from more than one thread, so the
    device keeps its own position behind a lock and reads with `read_at`. A segment that
    fails authentication makes `readData` return -1 and sets `errorString`. The caller
    owns `reader` and closes it after the device.
    """

    def __init__(self, reader: SealedReader, parent: QObject | None = None) -> None:
        if parent is None:
            super().__init__()
        else:
            super().__init__(parent)
        self._reader = reader
        self._lock = threading.RLock()
        self._pos = 0
        self.open(QIODevice.OpenModeFlag.ReadOnly | QIODevice.OpenModeFlag.Unbuffered)

    def isSequential(self) -> bool:
        return False

    def size(self) -> int:
        return self._reader.size

    def pos(self) -> int:
        with self._lock:
            return self._pos

    def seek(self, pos: int) -> bool:
        with self._lock:
            if not 0 <= pos <= self._reader.size:
                return False
            self._pos = pos
            return super().seek(pos)

    def bytesAvailable(self) -> int:
        return max(0, self._reader.size - self.pos())

    def atEnd(self) -> bool:
        return not self.isOpen() or self.bytesAvailable() <= 0

    def readData(self, maxlen: int) -> bytes | int:
        with self._lock:
            try:
                data = self._reader.read_at(self._pos, maxlen)
            except (IntegrityError, ValueError) as error:
                self.setErrorString(str(error))
                return -1
            self._pos += len(data)
            return data

    def writeData(self, data: bytes | bytearray | memoryview, maxlen: int, /) -> int:
        return -1
