"""A source that hands out at most `step` bytes per read, like a pipe or a slow camera card."""

from __future__ import annotations

import io


class ShortReads(io.RawIOBase):
    def __init__(self, data: bytes, step: int) -> None:
        self._data, self._at, self._step = data, 0, step

    def readable(self) -> bool:
        return True

    def readinto(self, buf: memoryview) -> int:  # type: ignore[override]
        n = min(len(buf), self._step, len(self._data) - self._at)
        buf[:n] = self._data[self._at : self._at + n]
        self._at += n
        return n
