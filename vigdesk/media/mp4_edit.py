"""Patch the durations of a finished MP4 in place (edit lists, track and movie headers).

FFmpeg's mov muxer cannot say where an edit list ends, so a clip's end is set
here after muxing. Every field keeps its size, so nothing else moves.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator

from vigdesk.core.errors import CorruptMedia


def boxes(data: memoryview, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, box end) of each ISO-BMFF box in data[start:end]."""
    while start + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, start)
        header = 8
        if size == 1:
            size, header = struct.unpack_from(">Q", data, start + 8)[0], 16
        elif size == 0:
            size = end - start
        if size < header or start + size > end:
            raise CorruptMedia("The clip just made is malformed (a bad MP4 box).")
        yield kind, start + header, start + size
        start += size


def children(data: memoryview, parent: tuple[int, int], kind: bytes) -> list[tuple[int, int]]:
    return [(a, b) for k, a, b in boxes(data, *parent) if k == kind]


def limit_duration(data: memoryview, seconds: float) -> None:
    """Shorten every track's edit list (and the track and movie durations) to `seconds`.

    FFmpeg honours edit lists, so frames past the end are decoded (as references) but never
    shown. Changed in place: every field keeps its size.
    """
    (moov,) = children(data, (0, len(data)), b"moov")
    (mvhd, _), *_ = children(data, moov, b"mvhd")
    v1 = data[mvhd] == 1
    wanted = math.floor(seconds * struct.unpack_from(">I", data, mvhd + (20 if v1 else 12))[0])
    longest = 0
    for trak in children(data, moov, b"trak"):
        length = wanted
        for edts in children(data, trak, b"edts"):
            for elst, _ in children(data, edts, b"elst"):
                length = _limit_edits(data, elst, wanted)
        for tkhd, _ in children(data, trak, b"tkhd"):
            fmt, at = (">Q", tkhd + 28) if data[tkhd] == 1 else (">I", tkhd + 20)
            length = min(length, struct.unpack_from(fmt, data, at)[0])
            struct.pack_into(fmt, data, at, length)
        longest = max(longest, length)
    struct.pack_into(">Q" if v1 else ">I", data, mvhd + (24 if v1 else 16), longest)


def _limit_edits(data: memoryview, elst: int, wanted: int) -> int:
    """Trim the entries of one `elst` to add up to at most `wanted`; return their total."""
    size, fmt = (20, ">Q") if data[elst] == 1 else (12, ">I")
    total = 0
    for index in range(struct.unpack_from(">I", data, elst + 4)[0]):
        at = elst + 8 + index * size
        duration = min(struct.unpack_from(fmt, data, at)[0], max(0, wanted - total))
        struct.pack_into(fmt, data, at, duration)
        total += duration
    return total
