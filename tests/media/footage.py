"""Numbered test footage that `synth.make_video` does not make: open GOPs, variable frame
rate, several or late audio tracks. Generated with PyAV in memory, never committed."""

from __future__ import annotations

import io
from fractions import Fraction

import av
import numpy as np

from vigdesk.media.synth import frame_image

SIZE = (160, 120)


def make(
    *,
    seconds: float = 4.0,
    gop: int = 25,
    bframes: int = 2,
    open_gop: bool = False,
    durations_ms: tuple[int, ...] = (40,),
    audio_starts: tuple[float, ...] = (0.0,),
    bt709: bool = False,
    pix_fmt: str = "yuv420p",
) -> tuple[bytes, list[int]]:
    """An H.264 MP4 and each frame's pts in ms; frame i lasts durations_ms[i % len]."""
    buf, shown = io.BytesIO(), []
    with av.open(buf, "w", format="mp4") as out:
        params = f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes={bframes}"
        params += ":open-gop=1" if open_gop else ""
        video = out.add_stream(
            "libx264", rate=25, options={"preset": "ultrafast", "x264-params": params}
        )
        video.width, video.height, video.pix_fmt = *SIZE, pix_fmt
        video.codec_context.time_base = Fraction(1, 1000)
        if bt709:  # HD colour, tagged as cameras tag it
            context = video.codec_context
            context.color_primaries = context.color_trc = context.colorspace = 1
        tracks = [out.add_stream("aac", rate=48000, layout="stereo") for _ in audio_starts]
        at, number = 0, 0
        while at < seconds * 1000:
            picture = av.VideoFrame.from_ndarray(frame_image(number, *SIZE), format="rgb24")
            picture.pts, picture.time_base = at, Fraction(1, 1000)
            if bt709:
                picture = picture.reformat(format="yuv420p", dst_colorspace="ITU709")
            out.mux(video.encode(picture))
            shown.append(at)
            at += durations_ms[number % len(durations_ms)]
            number += 1
        for track, begins in zip(tracks, audio_starts, strict=True):
            for index in range(round(begins * 48000) // 1024, round(seconds * 48000) // 1024):
                tone = 0.2 * np.sin(np.arange(1024) / 8 + index)
                block = np.stack([tone, tone]).astype(np.float32)
                sound = av.AudioFrame.from_ndarray(block, format="fltp", layout="stereo")
                sound.sample_rate, sound.pts = 48000, index * 1024
                sound.time_base = Fraction(1, 48000)
                out.mux(track.encode(sound))
            out.mux(track.encode(None))
        out.mux(video.encode(None))
    return buf.getvalue(), shown
