"""What the media functions read from: any seekable binary reader.

A plain file, an `io.BytesIO` or the decrypting `SealedReader` all fit; PyAV
needs only read, seek and tell.
"""

from __future__ import annotations

from typing import Protocol


class MediaSource(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def tell(self) -> int: ...
