"""A clip's audio: copied packet for packet, or cut to the sample and encoded to AAC."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any, TypeAlias

import av
import av.audio.stream
import av.container
import numpy as np
import numpy.typing as npt

Packet: TypeAlias = "av.Packet[Any]"
_AAC_RATES = frozenset({8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 96000})


class ClipAudio:
    """The audio of [start, end) seconds on the source clock, moved to start at 0.

    Copied packet for packet (with a packet of pre-roll that the edit list hides), or
    decoded, cut to the sample and encoded to AAC (silence fills a late start).
    """

    def __init__(
        self,
        output: av.container.OutputContainer,
        source: av.audio.stream.AudioStream,
        window: tuple[float, float],
        copy: bool,
    ) -> None:
        self.start, self.end = window
        self.copy, self.done = copy, False
        self.mux: Callable[[Packet], None] = output.mux_one
        self.out: av.audio.stream.AudioStream
        if copy:
            self.out = output.add_stream_from_template(source)
            return
        self.rate = source.rate if source.rate in _AAC_RATES else 48000
        layout = "mono" if source.codec_context.channels == 1 else "stereo"
        self.out = output.add_stream("aac", rate=self.rate, layout=layout)
        self.resampler = av.AudioResampler(format="fltp", layout=layout, rate=self.rate)
        self.pending: list[npt.NDArray[np.float32]] = []
        self.clock: float | None = None  # source time of the next resampled sample
        self.wanted = round((self.end - self.start) * self.rate)
        self.written = 0

    def feed(self, packet: Packet) -> None:
        if self.done or packet.pts is None:
            if packet.size == 0:
                self.close()
            return
        at = float(packet.pts * packet.time_base)
        if at >= self.end:
            self.close()
        elif at + 2 * float((packet.duration or 0) * packet.time_base) < self.start:
            return  # before the clip, and not needed as pre-roll
        elif self.copy:
            shift = round(Fraction(self.start) / packet.time_base)
            dts = packet.dts if packet.dts is not None else packet.pts
            packet.pts, packet.dts = packet.pts - shift, dts - shift
            packet.stream = self.out
            self.mux(packet)
        else:
            for frame in packet.decode():
                if isinstance(frame, av.AudioFrame):
                    self._take(frame)

    def _take(self, frame: av.AudioFrame | None) -> None:
        if self.clock is None and frame is not None:
            self.clock = frame.time if frame.time is not None else self.start
        for piece in self.resampler.resample(frame):
            samples = piece.to_ndarray().astype(np.float32)
            assert self.clock is not None
            gap = round((self.clock - self.start) * self.rate) - self.written
            self.clock += samples.shape[1] / self.rate
            if gap > 0 and not self.written:  # the audio starts late: lead in with silence
                silence = np.zeros((samples.shape[0], gap), np.float32)
                samples = np.concatenate([silence, samples], 1)
            elif gap < 0:
                samples = samples[:, -gap:]
            self.pending.append(samples[:, : self.wanted - self.written])
            self.written += self.pending[-1].shape[1]
        self._encode(final=frame is None)

    def _encode(self, final: bool) -> None:
        if not self.pending:
            return
        block = np.concatenate(self.pending, 1)
        size = self.out.codec_context.frame_size or 1024
        usable = block.shape[1] if final else block.shape[1] - block.shape[1] % size
        self.pending = [block[:, usable:]] if usable < block.shape[1] else []
        encoded = self.written - block.shape[1]
        for at in range(0, usable, size):
            chunk = np.ascontiguousarray(block[:, at : at + size])
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=self.out.layout.name)
            frame.sample_rate, frame.pts = self.rate, encoded + at
            frame.time_base = Fraction(1, self.rate)
            for packet in self.out.encode(frame):
                self.mux(packet)

    def close(self) -> None:
        if self.done:
            return
        self.done = True
        if not self.copy:
            self._take(None)
            for packet in self.out.encode(None):
                self.mux(packet)


# --- re-encoding fallback ------------------------------------------------------------------
