"""probe refuses empty files, pictures and text however they are named, read from real
files as the import reads them; camera video, including Motion-JPEG, still passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.media.conftest import picture
from vigdesk.core.errors import CorruptMedia, UnsupportedMedia
from vigdesk.media.probe import probe

STILLS = {
    "jpeg": lambda: picture("mjpeg", "yuvj420p"),
    "png": lambda: picture("png", "rgb24"),
    "bmp": lambda: picture("bmp", "bgr24"),
    "webp": lambda: picture("libwebp", "yuv420p"),
    "gif": lambda: picture("gif", "rgb8", container="gif"),
    "jpeg inside mp4": lambda: picture("mjpeg", "yuvj420p", container="mp4"),
    "png inside mov": lambda: picture("png", "rgb24", container="mov"),
}


def probe_file(path: Path) -> None:
    with path.open("rb") as fh:  # a real file: PyAV sees its name, as on import
        probe(fh, path.name)


def test_an_empty_file_is_named_and_called_empty(tmp_path: Path) -> None:
    empty = tmp_path / "MVI_0042.MP4"
    empty.touch()
    with pytest.raises(CorruptMedia) as caught:
        probe_file(empty)
    assert str(caught.value) == "MVI_0042.MP4 is empty: the recording or the copy did not finish."


@pytest.mark.parametrize("kind", sorted(STILLS))
@pytest.mark.parametrize("suffix", [".mp4", ".jpg"])
def test_a_picture_is_refused_as_a_still_image(tmp_path: Path, kind: str, suffix: str) -> None:
    path = tmp_path / f"photo{suffix}"
    path.write_bytes(STILLS[kind]())
    with pytest.raises(UnsupportedMedia) as caught:
        probe_file(path)
    assert str(caught.value) == f"{path.name} is a still image, not video."


@pytest.mark.parametrize("suffix", [".txt", ".mp4", ".nfo"])
def test_text_is_not_video_whatever_its_name(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"minutes{suffix}"
    path.write_text("Minutes of the case review, 3 May.\n" * 200)
    with pytest.raises(UnsupportedMedia) as caught:
        probe_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path.name} is not a video vigdesk can read")
    assert "\n" not in message


def test_motion_jpeg_footage_is_still_video(tmp_path: Path) -> None:
    path = tmp_path / "MVI_1234.MOV"  # older compact cameras record Motion-JPEG
    path.write_bytes(picture("mjpeg", "yuvj420p", container="mov", frames=10))
    with path.open("rb") as fh:
        info = probe(fh, path.name)
    assert info.video_codec == "mjpeg" and info.frame_count == 10
