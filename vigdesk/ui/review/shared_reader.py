"""One decrypting reader shared by the player and a background job (the timeline strip).

`open_for_playback` audits one play per reader, so the timeline thumbnails are read
from the same reader instead of opening (and auditing) a second one. SealedReader is
thread-safe: Qt reads with `read_at`, PyAV with `read`/`seek`, which keep separate
positions. The reader closes when its last user lets go. Any thread.
"""

from __future__ import annotations

import threading

from vigdesk.crypto.streaming import SealedReader


class SharedReader:
    def __init__(self, reader: SealedReader) -> None:
        self.reader = reader
        self._users = 1
        self._lock = threading.Lock()

    def share(self) -> bool:
        """Take another use; False once the reader is closed (then do not use it)."""
        with self._lock:
            if self._users == 0:
                return False
            self._users += 1
            return True

    def release(self) -> None:
        """Let go of one use; the last one closes the reader."""
        with self._lock:
            if self._users == 0:
                return
            self._users -= 1
            last = self._users == 0
        if last:
            self.reader.close()

    @property
    def closed(self) -> bool:
        with self._lock:
            return self._users == 0
