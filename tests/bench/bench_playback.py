"""Playback through the decrypting reader: time to first frame and peak memory.

    python tests/bench/bench_playback.py [--gib 2]

Prints ratios against baselines measured in the same run (no assertions):
- time to first decoded frame via SealedReader ÷ via the plain file (target ≤ 1.2);
- peak RSS demuxing+decoding every frame of a ~2 GiB sealed file (target < 300 MB),
  beside the same for the plain file, each in a fresh subprocess;
- peak RSS while QMediaPlayer plays and scrubs the sealed file through SealedDevice.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from vigdesk.crypto import keys
from vigdesk.crypto.streaming import SealedReader, SealedWriter
from vigdesk.media.synth import make_video

KEY = bytes(range(32))
AD = keys.blob_aad("bench")


def big_video(path: Path, gib: float) -> None:
    """~gib GiB of 720p H.264: one noisy keyframe muxed again and again (fast to make)."""
    rng = np.random.default_rng(3)
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=25, options={"crf": "0", "preset": "ultrafast"})
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        stream.time_base = Fraction(1, 25)
        frame = av.VideoFrame.from_ndarray(
            rng.integers(0, 256, (720, 1280, 3), dtype=np.uint8), format="rgb24"
        )
        packets = [*stream.encode(frame), *stream.encode(None)]
        packet = packets[0]
        count = int(gib * (1 << 30) / packet.size)
        for i in range(count):
            packet.pts = packet.dts = i
            packet.stream = stream
            out.mux(packet)


def seal(src: Path, dst: Path) -> None:
    with SealedWriter(dst, KEY, AD) as writer, open(src, "rb", buffering=0) as fh:
        writer.write_from(fh)


def first_frame_s(open_source: object) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        source = open_source()  # type: ignore[operator]
        with av.open(source) as container:
            next(container.decode(video=0))
        source.close()
        best = min(best, time.perf_counter() - start)
    return best


CHILD_DECODE = """
import resource, sys, av
from pathlib import Path
from vigdesk.crypto.streaming import SealedReader
path, sealed = Path(sys.argv[1]), sys.argv[2] == "1"
key, ad = bytes(range(32)), b"vigdesk/blob/v1/bench"
source = SealedReader(path, key, ad) if sealed else open(path, "rb")
frames = 0
with av.open(source) as c:
    stream = c.streams.video[0]
    stream.thread_type = "AUTO"
    for packet in c.demux(stream):
        for _ in packet.decode():
            frames += 1
print(frames, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""

CHILD_QT = """
import os, resource, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from pathlib import Path
from PySide6.QtCore import QUrl, QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtMultimedia import QMediaPlayer, QVideoSink
from vigdesk.crypto.streaming import SealedReader
from vigdesk.render.refcounts import pin_singletons
from vigdesk.ui.sealed_device import SealedDevice
pin_singletons()
app = QGuiApplication([])
reader = SealedReader(Path(sys.argv[1]), bytes(range(32)), b"vigdesk/blob/v1/bench")
device = SealedDevice(reader)
player, sink = QMediaPlayer(), QVideoSink()
frames = [0]
sink.videoFrameChanged.connect(lambda f: frames.__setitem__(0, frames[0] + 1))
player.setVideoSink(sink)
player.setSourceDevice(device, QUrl("big.mp4"))
player.play()
def spin(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.005)
spin(2.0)
duration = player.duration()
for i in range(1, 20):  # scrub across the whole file
    player.setPosition(duration * i // 20)
    spin(0.4)
player.pause()
print(frames[0], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def child(code: str, *args: str) -> tuple[int, int]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[-2]), int(out[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gib", type=float, default=2.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small, small_sealed = folder / "small.mp4", folder / "small.sealed"
        make_video(small, seconds=60, size=(1280, 720), fps=25, gop=50)
        seal(small, small_sealed)
        plain_t = first_frame_s(lambda: open(small, "rb"))  # noqa: SIM115
        sealed_t = first_frame_s(lambda: SealedReader(small_sealed, KEY, AD))
        print(
            f"first frame: plain {plain_t * 1000:.1f} ms, sealed {sealed_t * 1000:.1f} ms,"
            f" ratio {sealed_t / plain_t:.2f} (target <= 1.2)"
        )

        big, big_sealed = folder / "big.mp4", folder / "big.sealed"
        start = time.perf_counter()
        big_video(big, args.gib)
        seal(big, big_sealed)
        print(
            f"made a {big.stat().st_size / 2**30:.2f} GiB video and sealed it in "
            f"{time.perf_counter() - start:.1f} s"
        )
        frames_p, rss_p = child(CHILD_DECODE, str(big), "0")
        frames_s, rss_s = child(CHILD_DECODE, str(big_sealed), "1")
        print(
            f"decode every frame: plain peak RSS {rss_p} MB ({frames_p} frames), "
            f"sealed peak RSS {rss_s} MB ({frames_s} frames) (target < 300 MB)"
        )
        frames_q, rss_q = child(CHILD_QT, str(big_sealed))
        print(
            f"QMediaPlayer play + 19 seeks through the sealed file: peak RSS {rss_q} MB "
            f"({frames_q} frames shown) (target < 300 MB)"
        )


if __name__ == "__main__":
    main()
