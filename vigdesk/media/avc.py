"""H.264 bitstream facts a smart cut needs: NAL units, parameter-set ids, the avcC record.

A clip's re-encoded head and the copied rest share one MP4 sample entry. They can, because
H.264 lets a stream carry several SPS/PPS told apart by id: the head is encoded with ids
the source does not use and the avcC lists both sets, so every decoder finds each slice's
parameters out of band (no in-band switch, which 'avc1' players need not honour).
Pure functions on bytes; raise ValueError on a malformed record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

NAL_IDR, NAL_SPS, NAL_PPS = 5, 7, 8
_START = re.compile(b"\x00\x00\x01")


@dataclass(frozen=True)
class AvcConfig:
    """What an avcC record holds: NAL length size, parameter sets, high-profile tail."""

    length_size: int
    sps: tuple[bytes, ...]
    pps: tuple[bytes, ...]
    extension: bytes = b""  # chroma/bit-depth fields of High profiles, kept as they were


def nal_type(nal: bytes) -> int:
    return nal[0] & 0x1F if nal else 0


def split(data: bytes, length_size: int | None) -> list[bytes]:
    """The NAL units of one access unit: length-prefixed, or Annex B if `length_size` is None."""
    if length_size is None:
        starts = [m.end() for m in _START.finditer(data)]
        ends = [s - 3 for s in starts[1:]] + [len(data)]
        return [data[s:e].rstrip(b"\x00") for s, e in zip(starts, ends, strict=True) if e > s]
    nals, at = [], 0
    while at + length_size <= len(data):
        size = int.from_bytes(data[at : at + length_size], "big")
        at += length_size
        if size == 0 or at + size > len(data):
            raise ValueError("a NAL unit runs past the end of its packet")
        nals.append(data[at : at + size])
        at += size
    return nals


def join(nals: Iterable[bytes]) -> bytes:
    """NAL units with 4-byte lengths, as the avcC written by `record` declares."""
    return b"".join(len(n).to_bytes(4, "big") + n for n in nals)


def parse_record(extradata: bytes) -> AvcConfig | None:
    """The avcC in `extradata`, or None if it is Annex B (MPEG-TS) or empty."""
    if len(extradata) < 7 or extradata[0] != 1:
        return None
    length_size = (extradata[4] & 3) + 1
    at, sets = 5, []
    for mask in (0x1F, 0xFF):
        count, at = extradata[at] & mask, at + 1
        found = []
        for _ in range(count):
            size = int.from_bytes(extradata[at : at + 2], "big")
            found.append(extradata[at + 2 : at + 2 + size])
            at += 2 + size
        if at > len(extradata):
            raise ValueError("the avcC record is truncated")
        sets.append(tuple(found))
    return AvcConfig(length_size, sets[0], sets[1], extradata[at:])


def parameter_sets(nals: Iterable[bytes]) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
    """The SPS and PPS among `nals` (Annex B extradata, or an in-band keyframe)."""
    listed = list(nals)
    return (
        tuple(n for n in listed if nal_type(n) == NAL_SPS),
        tuple(n for n in listed if nal_type(n) == NAL_PPS),
    )


def record(sps: tuple[bytes, ...], pps: tuple[bytes, ...], extension: bytes = b"") -> bytes:
    """An avcC listing every set; its profile and level are the highest any SPS needs."""
    if not sps or not pps:
        raise ValueError("an avcC needs at least one SPS and one PPS")
    profile = max(s[1] for s in sps)
    compatible = min(s[2] for s in sps if s[1] == profile)
    level = max(s[3] for s in sps)
    out = bytearray([1, profile, compatible, level, 0xFC | 3, 0xE0 | len(sps)])
    for nal in sps:
        out += len(nal).to_bytes(2, "big") + nal
    out.append(len(pps))
    for nal in pps:
        out += len(nal).to_bytes(2, "big") + nal
    return bytes(out + extension)


def set_id(nal: bytes) -> int:
    """The id an SPS declares, or the SPS id a PPS refers to."""
    bits = _Bits(nal)
    if nal_type(nal) == NAL_SPS:
        bits.skip(8 * 4)  # header, profile, constraints, level
        return bits.ue()
    bits.skip(8)
    bits.ue()  # the PPS's own id
    return bits.ue()


def pps_id(nal: bytes) -> int:
    bits = _Bits(nal)
    bits.skip(8)
    return bits.ue()


def is_idr(nals: Iterable[bytes]) -> bool:
    return any(nal_type(n) == NAL_IDR for n in nals)


def is_disposable(nals: Iterable[bytes]) -> bool:
    """No later picture refers to this one (every slice has nal_ref_idc 0)."""
    slices = [n for n in nals if n and nal_type(n) in (1, 5)]
    return bool(slices) and all(n[0] & 0x60 == 0 for n in slices)


class _Bits:
    """Exp-Golomb reader over a NAL unit with its emulation-prevention bytes removed."""

    def __init__(self, nal: bytes) -> None:
        self.data = nal[:64].replace(b"\x00\x00\x03", b"\x00\x00")
        self.at = 0

    def skip(self, count: int) -> None:
        self.at += count

    def bit(self) -> int:
        if self.at >= 8 * len(self.data):
            raise ValueError("a parameter set ends too soon")
        value = (self.data[self.at // 8] >> (7 - self.at % 8)) & 1
        self.at += 1
        return value

    def ue(self) -> int:
        zeros = 0
        while self.bit() == 0:
            zeros += 1
            if zeros > 31:
                raise ValueError("a parameter set has a malformed number")
        value = 0
        for _ in range(zeros):
            value = (value << 1) | self.bit()
        return (1 << zeros) - 1 + value
