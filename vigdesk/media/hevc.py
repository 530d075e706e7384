"""HEVC bitstream facts a smart cut needs: NAL units, parameter-set ids, the hvcC record.

As with H.264 (`avc`), a clip's re-encoded head and the copied rest share one sample entry:
the hvcC lists the source's VPS/SPS/PPS and the head's. x265 cannot choose its ids (always
0), so the head's are rewritten: the VPS id is a fixed 4 bits, and SPS/PPS ids become ids
in 15..30, whose Exp-Golomb code is exactly 8 bits longer than id 0's. Every field after
them moves by one whole byte, so slice data stays byte-aligned and is copied unchanged.
The source's open-GOP CRA where the copy starts becomes a BLA, which tells the decoder that
the pictures before it are not its references. Pure functions on bytes; raise ValueError on
anything malformed or unexpected (camera files are hostile input).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

VPS, SPS, PPS = 32, 33, 34
BLA_W_LP, CRA = 16, 21
PARAMETER_SETS = frozenset({VPS, SPS, PPS})
_IRAP = range(16, 22)  # BLA, IDR, CRA (22-23 are reserved)
_LEADING = range(6, 10)  # RADL and RASL: shown before their IRAP, decoded after it
_SUBLAYER_NON_REF = frozenset({0, 2, 4, 6, 8, 10, 12, 14})
_EPB = re.compile(b"\x00\x00\x03")
_NEEDS_EPB = re.compile(b"\x00\x00(?=[\x00-\x03])")
_HEADER = 22  # bytes of an hvcC before its arrays
_PREFIX = 128  # bytes of a NAL unit parsed bit by bit (ids sit in the first few)


@dataclass(frozen=True)
class HvcConfig:
    """An hvcC record: its fixed header, NAL length size and arrays of NAL units by type."""

    header: bytes
    length_size: int
    arrays: tuple[tuple[int, tuple[bytes, ...]], ...]  # (completeness|type byte, units)

    def units(self, kind: int) -> tuple[bytes, ...]:
        return tuple(n for flags, nals in self.arrays if flags & 0x3F == kind for n in nals)

    @property
    def profile_idc(self) -> int:
        return self.header[1] & 0x1F

    @property
    def level_idc(self) -> int:
        return self.header[12]


def nal_type(nal: bytes) -> int:
    return (nal[0] >> 1) & 0x3F if nal else -1


def is_vcl(nal: bytes) -> bool:
    return 0 <= nal_type(nal) < 32


def is_irap(nals: Iterable[bytes]) -> bool:
    return any(nal_type(n) in _IRAP for n in nals)


def is_leading(nals: Iterable[bytes]) -> bool:
    return any(nal_type(n) in _LEADING for n in nals)


def is_disposable(nals: Iterable[bytes], single_layer: bool) -> bool:
    """No other picture refers to this one: sub-layer non-reference in a one-layer stream."""
    slices = [n for n in nals if is_vcl(n)]
    return single_layer and bool(slices) and all(nal_type(n) in _SUBLAYER_NON_REF for n in slices)


def parse_record(extradata: bytes) -> HvcConfig | None:
    """The hvcC in `extradata`, or None if it is Annex B or empty; ValueError if malformed."""
    if len(extradata) < _HEADER + 1 or extradata[0] != 1:
        return None
    at, arrays = _HEADER + 1, []
    for _ in range(extradata[_HEADER]):
        if at + 3 > len(extradata):
            raise ValueError("the hvcC record is truncated")
        flags, count = extradata[at], int.from_bytes(extradata[at + 1 : at + 3], "big")
        at, nals = at + 3, []
        for _ in range(count):
            size = int.from_bytes(extradata[at : at + 2], "big")
            if size == 0 or at + 2 + size > len(extradata):
                raise ValueError("the hvcC record is truncated")
            nals.append(extradata[at + 2 : at + 2 + size])
            at += 2 + size
        arrays.append((flags, tuple(nals)))
    return HvcConfig(extradata[:_HEADER], (extradata[21] & 3) + 1, tuple(arrays))


def record(source: HvcConfig, more: Iterable[bytes], level_idc: int) -> bytes:
    """The source's hvcC with `more` parameter sets listed after its own, 4-byte lengths,
    the higher level and no claim about parallelism (the head is coded differently)."""
    extra: dict[int, list[bytes]] = {}
    for nal in more:
        extra.setdefault(nal_type(nal), []).append(nal)
    header = bytearray(source.header)
    header[12] = max(header[12], level_idc)
    header[15] = 0xFC  # parallelismType unknown
    header[21] = (header[21] & 0xFC) | 3
    arrays = [(flags, list(nals) + extra.pop(flags & 0x3F, [])) for flags, nals in source.arrays]
    arrays += [(0x80 | kind, nals) for kind, nals in sorted(extra.items())]
    out = header + bytes([len(arrays)])
    for flags, nals in arrays:
        out += bytes([flags]) + len(nals).to_bytes(2, "big")
        for nal in nals:
            out += len(nal).to_bytes(2, "big") + nal
    return bytes(out)


def unescape(nal: bytes) -> bytes:
    """The NAL unit's header and RBSP: emulation-prevention bytes removed."""
    return _EPB.sub(b"\x00\x00", nal)


def escape(rbsp: bytes) -> bytes:
    out = _NEEDS_EPB.sub(b"\x00\x00\x03", rbsp)
    return out + b"\x03" if out.endswith(b"\x00\x00") else out


def ids(nal: bytes) -> tuple[int, int]:
    """(its own id, the id it refers to) of a VPS (own, -1), SPS (own, VPS) or PPS (own, SPS)."""
    kind, bits = nal_type(nal), _Bits(unescape(nal))
    if kind == VPS:
        return bits.read(4), -1
    if kind == SPS:
        vps = bits.read(4)
        _skip_to_sps_id(bits)
        return bits.ue(), vps
    if kind == PPS:
        own = bits.ue()
        return own, bits.ue()
    raise ValueError("not a parameter set")


def renumber(nal: bytes, vps_id: int, sps_id: int, pps_id: int) -> bytes:
    """A parameter set or slice of x265 (every id 0) with the given ids: the VPS id anywhere,
    SPS and PPS ids in 15..30 only (their codes are 8 bits longer, keeping alignment)."""
    if not (0 <= vps_id < 16 and 15 <= sps_id <= 15 and 15 <= pps_id <= 30):
        raise ValueError("ids out of the range that keeps slice data aligned")
    kind, raw = nal_type(nal), unescape(nal)
    bits = _Bits(raw)
    edits: list[tuple[int, int, str]] = []  # (bit at, bits replaced, new bits)
    if kind == VPS:
        edits.append((bits.at, 4, f"{vps_id:04b}"))
    elif kind == SPS:
        edits.append((bits.at, 4, f"{vps_id:04b}"))
        bits.read(4)
        _skip_to_sps_id(bits)
        edits.append(_zero_id(bits, sps_id))
    elif kind == PPS:
        edits.append(_zero_id(bits, pps_id))
        edits.append(_zero_id(bits, sps_id))
    elif is_vcl(nal):
        bits.read(1)  # first_slice_segment_in_pic_flag
        if 16 <= kind <= 23:
            bits.read(1)  # no_output_of_prior_pics_flag
        edits.append(_zero_id(bits, pps_id))
    else:
        raise ValueError("not a parameter set or slice")
    return escape(_edit(raw, edits))


def as_bla(nal: bytes) -> bytes:
    """A CRA slice as a BLA_W_LP: same syntax, but nothing before it is its reference."""
    if nal_type(nal) != CRA:
        return nal
    return bytes([(nal[0] & 0x81) | (BLA_W_LP << 1)]) + nal[1:]


def profile_of_sps(nal: bytes) -> tuple[int, int, int]:
    """(general_profile_idc, general_level_idc, temporal sub-layers) of an SPS."""
    bits = _Bits(unescape(nal))
    bits.read(4)  # VPS id
    layers = bits.read(3) + 1
    bits.read(1 + 3)  # nesting; profile space, tier
    profile = bits.read(5)
    bits.read(32 + 48)  # compatibility flags, constraint flags
    return profile, bits.read(8), layers


def _skip_to_sps_id(bits: _Bits) -> None:
    """From after the SPS's VPS id past profile_tier_level to its own id."""
    sub_layers = bits.read(3)
    bits.read(1)
    bits.read(88 + 8)  # general profile, tier, flags; general level
    present = [(bits.read(1), bits.read(1)) for _ in range(sub_layers)]
    if sub_layers:
        bits.read(2 * (8 - sub_layers))
    for profile, level in present:
        bits.read(88 * profile + 8 * level)


def _zero_id(bits: _Bits, new: int) -> tuple[int, int, str]:
    """The edit turning the id 0 at `bits` (code '1') into `new`."""
    at = bits.at
    if bits.ue() != 0:
        raise ValueError("x265 ids are expected to be 0")
    return at, 1, format(new + 1, "b").rjust(2 * (new + 1).bit_length() - 1, "0")


def _edit(raw: bytes, edits: list[tuple[int, int, str]]) -> bytes:
    """Apply bit edits within the first bytes; the rest must move by whole bytes."""
    prefix = min(len(raw), _PREFIX)
    bits = "".join(f"{b:08b}" for b in raw[:prefix])
    for at, width, new in sorted(edits, reverse=True):
        if at + width > len(bits):
            raise ValueError("an id lies beyond the parsed prefix")
        bits = bits[:at] + new + bits[at + width :]
    if len(bits) % 8:
        raise ValueError("the edit would misalign the rest")
    return int(bits, 2).to_bytes(len(bits) // 8, "big") + raw[prefix:]


class _Bits:
    """A bounded bit reader over a NAL unit's RBSP (after its 2-byte header)."""

    def __init__(self, raw: bytes) -> None:
        if len(raw) < 3:
            raise ValueError("a NAL unit is too short")
        self.data = raw[:_PREFIX]
        self.at = 16

    def read(self, count: int) -> int:
        if self.at + count > 8 * len(self.data):
            raise ValueError("a NAL unit ends too soon")
        value = int.from_bytes(self.data, "big") >> (8 * len(self.data) - self.at - count)
        self.at += count
        return value & ((1 << count) - 1)

    def ue(self) -> int:
        zeros = 0
        while self.read(1) == 0:
            zeros += 1
            if zeros > 31:
                raise ValueError("a malformed Exp-Golomb number")
        return (1 << zeros) - 1 + self.read(zeros)
