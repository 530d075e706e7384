"""The HEVC side of a smart cut's splice: the source's set-up and the x265 encoder of runs.

The head (and foot) are encoded with libx265 in the source's pixel format (8 or 10 bit
4:2:0), colour tags and aspect ratio, no B-frames (decoding order is display order), one
slice and no wavefront entry points (their offsets count escaped bytes, which a rewritten
header could shift), then their parameter-set ids are rewritten to ids the source does not
use (`hevc.renumber`). The copy
starts at an IRAP; a CRA there becomes a BLA and its leading pictures are dropped from the
copy, having been decoded and re-encoded as part of the head. Runs on a worker thread;
raises `Unsafe` where a clean splice is impossible.
"""

from __future__ import annotations

from dataclasses import dataclass

import av
import av.video.stream

from vigdesk.media import avc, hevc
from vigdesk.media.splice import Packet, Runs, Splicer, Unsafe, Video, context, packet_like

# Main (8 bit) and Main 10 4:2:0: what phones and cameras record; the head is coded alike.
_FORMATS = {"yuv420p": 1, "yuv420p10le": 2}  # pixel format: general_profile_idc
_SPS_ID = 15  # the only SPS id whose code is 8 bits longer than 0's
_PPS_IDS = (15, 16)  # head, foot
# As for x264 (`splice`): the head is most of a cut's time, so the fastest preset at a low
# CRF. No SEI, AUD or hash NAL units, which the copied rest would not match.
_X265 = {"preset": "ultrafast", "crf": "16"}
_X265_PARAMS = (
    "log-level=error:bframes=0:keyint=-1:scenecut=0:open-gop=0:wpp=0:slices=1"
    ":repeat-headers=0:info=0:hash=0:aud=0:temporal-layers=0"
)


@dataclass
class HevcSource(Splicer):
    """What the cut needs to know about the source's HEVC (hvcC in MP4/MOV only)."""

    config: hevc.HvcConfig
    pix_fmt: str
    vps_id: int  # free in the source, for the head and foot
    single_layer: bool
    has_leading = True

    @classmethod
    def of(cls, video: Video, first_keyframe: bytes) -> HevcSource:
        try:
            config = hevc.parse_record(bytes(video.codec_context.extradata or b""))
        except ValueError:
            raise Unsafe from None
        fmt = _FORMATS.get(str(video.codec_context.pix_fmt or ""))
        if config is None or fmt is None or config.length_size not in (1, 2, 4):
            raise Unsafe  # Annex B (MPEG-TS), 4:2:2, 12 bit...: re-encode instead
        vps, sps, pps = (config.units(k) for k in (hevc.VPS, hevc.SPS, hevc.PPS))
        try:
            taken = {hevc.ids(n)[0] for n in vps}
            facts = [hevc.profile_of_sps(n) for n in sps]
            nals = avc.split(first_keyframe, config.length_size)
        except ValueError:
            raise Unsafe from None
        if not vps or not sps or not pps or {f[0] for f in facts} != {fmt}:
            raise Unsafe  # the head's profile would differ from the source's
        if any(hevc.nal_type(n) >= 41 for n in nals):
            raise Unsafe  # unspecified units (Dolby Vision metadata...) the head would lack
        free = [i for i in range(16) if i not in taken]
        if not free:
            raise Unsafe
        single = all(f[2] == 1 for f in facts)  # no temporal sub-layers
        source = cls(config, str(video.codec_context.pix_fmt), free[0], single)
        source.refuse_clashes([*vps, *sps, *pps, *nals])
        return source

    def refuse_clashes(self, nals: list[bytes]) -> None:
        """Unsafe if a source's parameter set (in the hvcC or in band) has one of our ids."""
        ours = {hevc.VPS: {self.vps_id}, hevc.SPS: {_SPS_ID}, hevc.PPS: set(_PPS_IDS)}
        for nal in nals:
            kind = hevc.nal_type(nal)
            if kind not in ours:
                continue
            try:
                own = hevc.ids(nal)[0]
            except ValueError:
                raise Unsafe from None
            if own in ours[kind]:
                raise Unsafe

    def nals(self, packet: Packet) -> list[bytes]:
        return avc.split(bytes(packet), self.config.length_size)

    def is_cut(self, nals: list[bytes]) -> bool:
        return hevc.is_irap(nals)

    def is_disposable(self, nals: list[bytes]) -> bool:
        return hevc.is_disposable(nals, self.single_layer)

    def is_leading(self, nals: list[bytes]) -> bool:
        return hevc.is_leading(nals)

    def copy(self, packet: Packet, opening: bool) -> Packet:
        nals = self.nals(packet)
        self.refuse_clashes(nals)
        if self.config.length_size == 4 and not opening:
            return packet
        return packet_like(avc.join(hevc.as_bla(n) if opening else n for n in nals), packet)

    def encoder(self, like: av.VideoFrame, video: Video, which: int) -> Runs:
        return HevcEncoder(like, video, self, _PPS_IDS[which])

    def record(self, encoders: list[Runs]) -> bytes:
        sets: dict[bytes, None] = {}
        level = 0
        for encoder in encoders:
            assert isinstance(encoder, HevcEncoder)
            for nal in encoder.sets():
                sets[nal] = None
                if hevc.nal_type(nal) == hevc.SPS:
                    profile, at_level, _ = hevc.profile_of_sps(nal)
                    if profile != self.config.profile_idc:
                        raise Unsafe  # x265 chose another profile than the source's
                    level = max(level, at_level)
        kinds = [hevc.nal_type(n) for n in sets]
        if kinds.count(hevc.VPS) > 1 or kinds.count(hevc.SPS) > 1:
            raise Unsafe  # head and foot differ in sequence set-up: one id cannot hold both
        return hevc.record(self.config, sets, level)


class HevcEncoder(Runs):
    """libx265 for a run of decoded frames, its ids rewritten to ones the source lacks."""

    def __init__(self, like: av.VideoFrame, video: Video, source: HevcSource, pps: int) -> None:
        cc = context("libx265", like, video, source.pix_fmt)
        cc.options = {**_X265, "x265-params": _X265_PARAMS}
        self.cc, self.time_base = cc, cc.time_base
        self.packets: list[Packet] = []
        self.frames = 0
        self.source, self.ids = source, (source.vps_id, _SPS_ID, pps)

    def add(self, frame: av.VideoFrame) -> None:
        if frame.format.name not in _FORMATS:
            raise Unsafe
        wanted = self.source.pix_fmt
        self.encode(
            frame.reformat(format=wanted) if frame.format.name != wanted else frame, frame.pts
        )

    def clean(self, packet: bytes) -> bytes:
        nals = avc.split(packet, None)
        try:
            return avc.join(hevc.renumber(n, *self.ids) for n in nals if hevc.is_vcl(n))
        except ValueError:
            raise Unsafe from None

    def sets(self) -> list[bytes]:
        nals = avc.split(bytes(self.cc.extradata or b""), None)
        found = [n for n in nals if hevc.nal_type(n) in hevc.PARAMETER_SETS]
        if sorted(hevc.nal_type(n) for n in found) != [hevc.VPS, hevc.SPS, hevc.PPS]:
            raise Unsafe
        try:
            return [hevc.renumber(n, *self.ids) for n in found]
        except ValueError:
            raise Unsafe from None
