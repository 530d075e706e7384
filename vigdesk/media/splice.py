"""The parts of a smart cut's splice: the source's H.264 set-up, and the encoder of runs.

`Source` reads the source's parameter sets and picks ids it does not use; `Encoder`
re-encodes a run of decoded frames with libx264 using those ids, no B-frames (so decoding
order is display order) and the source's colour tags and aspect ratio.
Runs on a worker thread; raises `Unsafe` where a clean splice is impossible.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeAlias

import av
import av.codec.context
import av.video.frame
import av.video.stream

from vigdesk.media import avc

Packet: TypeAlias = "av.Packet[Any]"
Video: TypeAlias = av.video.stream.VideoStream
_PROFILES = {"Baseline": "baseline", "Constrained Baseline": "baseline", "Main": "main"}
_PROFILES["High"] = "high"
_FORMATS = frozenset({"yuv420p", "yuvj420p"})
# The head is at most one GOP and its encode is ~90% of a smart cut's time. ultrafast
# (CAVLC, no AQ, diamond search) takes half superfast's time; one CRF step lower keeps the
# PSNR of superfast at CRF 17 on grainy 1080p (44.7 against 44.9 dB) for ~1.8x the bytes
# of these few frames, and the loop filter, which costs little, smooths block edges.
_X264 = {"preset": "ultrafast", "crf": "16"}
_X264_PARAMS = "bframes=0:keyint=infinite:scenecut=0:deblock=0,0"


class Unsafe(Exception):
    """This source cannot be spliced cleanly; re-encode the whole span instead."""


class Splicer:
    """What a smart cut asks of the source's codec: its access units, where a copy may
    start, which pictures may be skipped or dropped, encoders for runs, the sample entry."""

    has_leading = False  # pictures shown before a keyframe may be decoded after it (HEVC)

    def nals(self, packet: Packet) -> list[bytes]:
        raise NotImplementedError

    def is_cut(self, nals: list[bytes]) -> bool:
        """A copy may start here: decoding starts afresh (H.264 IDR, HEVC IRAP)."""
        raise NotImplementedError

    def is_disposable(self, nals: list[bytes]) -> bool:
        """No other picture refers to this one."""
        raise NotImplementedError

    def is_leading(self, nals: list[bytes]) -> bool:
        """Shown before the keyframe it is decoded after: the head holds it instead."""
        raise NotImplementedError

    def copy(self, packet: Packet, opening: bool) -> Packet:
        """The packet as the clip holds it; `opening`: the first copied after a head."""
        raise NotImplementedError

    def encoder(self, like: av.VideoFrame, video: Video, which: int) -> Runs:
        """An encoder for the head (`which` 0) or the foot (1)."""
        raise NotImplementedError

    def record(self, encoders: list[Runs]) -> bytes:
        """The sample entry's extradata listing the source's and the encoders' sets."""
        raise NotImplementedError


@dataclass
class Source(Splicer):
    """What the cut needs to know about the source's H.264."""

    length_size: int | None  # None: Annex B (MPEG-TS)
    sps: tuple[bytes, ...]
    pps: tuple[bytes, ...]
    extension: bytes
    profile: str
    free_ids: tuple[int, int]  # parameter-set ids for the head and the foot

    @classmethod
    def of(cls, video: Video, first_keyframe: bytes) -> Source:
        extradata = bytes(video.codec_context.extradata or b"")
        config = avc.parse_record(extradata)
        if config is None:
            nals = avc.split(extradata, None) + avc.split(first_keyframe, None)
            sps, pps = avc.parameter_sets(nals)
            config = avc.AvcConfig(0, sps, pps)
        profile = _PROFILES.get(str(video.codec_context.profile or ""))
        if not config.sps or not config.pps or profile is None:
            raise Unsafe
        used = {avc.set_id(n) for n in config.sps} | {avc.pps_id(n) for n in config.pps}
        free = [i for i in range(32) if i not in used]
        if len(free) < 2:
            raise Unsafe
        length = config.length_size or None
        return cls(length, config.sps, config.pps, config.extension, profile, (free[0], free[1]))

    def nals(self, packet: Packet) -> list[bytes]:
        return avc.split(bytes(packet), self.length_size)

    def is_cut(self, nals: list[bytes]) -> bool:
        return avc.is_idr(nals)

    def is_disposable(self, nals: list[bytes]) -> bool:
        return avc.is_disposable(nals)

    def is_leading(self, nals: list[bytes]) -> bool:
        return False  # H.264 has no such pictures: the tail refuses any shown before its IDR

    def copy(self, packet: Packet, opening: bool) -> Packet:
        if self.length_size == 4:
            return packet
        return packet_like(avc.join(self.nals(packet)), packet)

    def encoder(self, like: av.VideoFrame, video: Video, which: int) -> Runs:
        return Encoder(like, video, self, self.free_ids[which])

    def record(self, encoders: list[Runs]) -> bytes:
        sps, pps = list(self.sps), list(self.pps)
        for encoder in encoders:
            assert isinstance(encoder, Encoder)
            more_sps, more_pps = encoder.sets()
            sps += more_sps
            pps += more_pps
        return avc.record(tuple(sps), tuple(pps), self.extension)


class Runs:
    """An encoder of a run of decoded frames, stamped to fit the copied packets around it."""

    cc: av.VideoCodecContext
    time_base: Fraction
    packets: list[Packet]
    frames: int

    def add(self, frame: av.VideoFrame) -> None:
        raise NotImplementedError

    def clean(self, packet: bytes) -> bytes:
        """The encoded access unit as the sample entry expects it, without parameter sets."""
        raise NotImplementedError

    def encode(self, picture: av.VideoFrame, pts: int | None) -> None:
        picture.pts, picture.time_base = pts, self.time_base
        picture.pict_type = av.video.frame.PictureType.NONE
        self.packets.extend(self.cc.encode(picture))
        self.frames += 1

    def finish(self, until: int, dts_lag: int, after_dts: int | None) -> list[Packet]:
        """Flush; stamp durations up to `until` and decoding times `dts_lag` behind."""
        self.packets.extend(self.cc.encode(None))
        done: list[Packet] = []
        previous = after_dts
        pts = [p.pts for p in self.packets] + [until]
        for index, packet in enumerate(self.packets):
            fresh = packet_like(self.clean(bytes(packet)), packet)
            here = pts[index]
            assert here is not None
            dts = here - dts_lag if previous is None else max(here - dts_lag, previous + 1)
            fresh.pts, fresh.dts, fresh.time_base = here, dts, self.time_base
            following = pts[index + 1]
            fresh.duration = (following if following is not None else until) - here
            done.append(fresh)
            previous = dts
        return done


def context(codec: str, like: av.VideoFrame, video: Video, pix_fmt: str) -> av.VideoCodecContext:
    """An encoder context with the source's size, clock, colour tags and aspect ratio."""
    cc = av.CodecContext.create(codec, "w")
    assert isinstance(cc, av.VideoCodecContext)
    cc.width, cc.height, cc.pix_fmt = like.width, like.height, pix_fmt
    cc.time_base = video.time_base or Fraction(1, 90000)
    cc.framerate = video.average_rate or video.guessed_rate or Fraction(25)
    src = video.codec_context
    cc.color_primaries, cc.color_trc = src.color_primaries, src.color_trc
    cc.colorspace, cc.color_range = src.colorspace, src.color_range
    if src.sample_aspect_ratio:
        cc.sample_aspect_ratio = src.sample_aspect_ratio  # anamorphic HDV stays so
    cc.flags |= av.codec.context.Flags.global_header
    return cc


class Encoder(Runs):
    """libx264 for a run of decoded frames: no B-frames, its own parameter-set ids."""

    def __init__(self, like: av.VideoFrame, video: Video, source: Source, ids: int) -> None:
        cc = context("libx264", like, video, "yuv420p")
        params = f"{_X264_PARAMS}:sps-id={ids}"
        cc.options = {**_X264, "profile": source.profile, "x264-params": params}
        self.cc, self.time_base = cc, cc.time_base
        self.packets: list[Packet] = []
        self.frames = 0

    def add(self, frame: av.VideoFrame) -> None:
        if frame.format.name not in _FORMATS:
            raise Unsafe  # 10-bit or 4:2:2: the splice could not match it
        picture = frame.reformat(format="yuv420p") if frame.format.name != "yuv420p" else frame
        self.encode(picture, frame.pts)

    def clean(self, packet: bytes) -> bytes:
        nals = avc.split(packet, None)
        return avc.join(n for n in nals if avc.nal_type(n) not in (avc.NAL_SPS, avc.NAL_PPS))

    def sets(self) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
        return avc.parameter_sets(avc.split(bytes(self.cc.extradata or b""), None))


def packet_like(data: bytes, like: Packet) -> Packet:
    fresh: Packet = av.Packet(data)
    fresh.pts, fresh.dts, fresh.time_base = like.pts, like.dts, like.time_base
    fresh.duration, fresh.is_keyframe = like.duration, like.is_keyframe
    return fresh
