"""hevc: parameter-set ids are rewritten without disturbing what follows; hostile records
are refused with ValueError, never an IndexError or a hang."""

from __future__ import annotations

import io

import av
import pytest

from vigdesk.media import avc, hevc
from vigdesk.media.synth import make_video


@pytest.fixture(scope="module")
def stream() -> tuple[bytes, list[bytes]]:
    """x265's hvcC and its first access unit (an IDR)."""
    buf = io.BytesIO()
    make_video(buf, container="mov", vcodec="hevc", seconds=0.2, audio=False)
    with av.open(io.BytesIO(buf.getvalue())) as container:
        video = container.streams.video[0]
        extradata = bytes(video.codec_context.extradata or b"")
        first = next(p for p in container.demux(video) if p.size)
        return extradata, avc.split(bytes(first), 4)


def test_the_record_lists_x265s_parameter_sets(stream: tuple[bytes, list[bytes]]) -> None:
    config = hevc.parse_record(stream[0])
    assert config is not None and config.length_size == 4 and config.profile_idc == 1
    assert [hevc.ids(n) for n in config.units(hevc.VPS)] == [(0, -1)]
    assert [hevc.ids(n) for n in config.units(hevc.SPS)] == [(0, 0)]
    assert [hevc.ids(n) for n in config.units(hevc.PPS)] == [(0, 0)]


def test_renumbered_sets_keep_every_other_bit(stream: tuple[bytes, list[bytes]]) -> None:
    config = hevc.parse_record(stream[0])
    assert config is not None
    for kind, own, refers in ((hevc.VPS, 3, -1), (hevc.SPS, 15, 3), (hevc.PPS, 16, 15)):
        (nal,) = config.units(kind)
        renamed = hevc.renumber(nal, 3, 15, 16)
        assert hevc.ids(renamed) == (own, refers)
        shift = {hevc.VPS: 0, hevc.SPS: 1, hevc.PPS: 2}[kind]  # whole bytes, ids 0 -> 15/16
        assert len(hevc.unescape(renamed)) == len(hevc.unescape(nal)) + shift
        if kind != hevc.PPS:  # x265's PPS is too short to hold untouched whole bytes
            assert hevc.unescape(renamed)[-8:] == hevc.unescape(nal)[-8:]  # the rest intact
    (picture,) = [n for n in stream[1] if hevc.is_vcl(n)]
    renamed = hevc.renumber(picture, 3, 15, 16)
    assert hevc.unescape(renamed)[4:] == hevc.unescape(picture)[3:]  # slice data, a byte on


def test_a_cra_becomes_a_bla_and_nothing_else_changes() -> None:
    cra = bytes([hevc.CRA << 1, 1, 0xAF, 0x00])
    assert hevc.nal_type(hevc.as_bla(cra)) == hevc.BLA_W_LP
    assert hevc.as_bla(cra)[1:] == cra[1:]
    trail = bytes([1 << 1, 1, 0xAF])
    assert hevc.as_bla(trail) == trail


def test_escaping_round_trips() -> None:
    raw = bytes([0x40, 1, 0, 0, 0, 0, 1, 0, 0, 2, 7, 0, 0])
    escaped = hevc.escape(raw)
    assert b"\x00\x00\x00" not in escaped and b"\x00\x00\x01" not in escaped
    assert hevc.unescape(escaped) == raw


@pytest.mark.parametrize("cut", [23, 24, 26, 30, 60])
def test_a_truncated_record_is_refused(stream: tuple[bytes, list[bytes]], cut: int) -> None:
    with pytest.raises(ValueError):
        hevc.parse_record(stream[0][:cut])


@pytest.mark.parametrize(
    "nal",
    [
        bytes([hevc.SPS << 1, 1, 0x01]),  # ends inside profile_tier_level
        bytes([hevc.PPS << 1, 1]) + b"\x00" * 8,  # an Exp-Golomb code of only zeros
        bytes([hevc.PPS << 1, 1, 0x40]),  # ids that are not 0: not x265's
        bytes([1 << 1, 1, 0x20, 0x00]),
    ],
)
def test_malformed_units_are_refused(nal: bytes) -> None:
    with pytest.raises(ValueError):
        hevc.renumber(nal, 1, 15, 15)
