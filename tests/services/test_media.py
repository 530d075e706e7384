"""Import → play → clip → still through the services, on real generated video."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import av
import pytest

from tests.conftest import PASSPHRASE, Family, add_family
from vigdesk.core.errors import Cancelled, CorruptMedia, InvalidInput, MediaError
from vigdesk.core.media import MediaKind
from vigdesk.media.synth import read_stamp
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services


def blob_files(s: Services) -> set[str]:
    root = s.ctx.blobs.root
    return {p.name for p in root.glob("*/*")} if root.exists() else set()


def test_import_seals_verifies_and_audits(
    services: Services, family: Family, footage: Path
) -> None:
    original = footage.read_bytes()
    result = services.media.import_footage(family.case.id, footage)
    item = result.item
    assert item.kind is MediaKind.FOOTAGE and item.duration_s == pytest.approx(6.0, abs=0.1)
    assert (item.width, item.height, item.video_codec, item.audio_codec) == (
        320,
        240,
        "h264",
        "aac",
    )
    sealed = services.ctx.blobs.path(item.blob_id).read_bytes()
    assert original[:4096] not in sealed and original[-4096:] not in sealed
    with services.media.open_for_playback(item.id) as reader:
        assert reader.read() == original
    assert services.media.thumbnail(item)[:2] == b"\xff\xd8"  # a JPEG, in memory
    log = [e for e in services.ctx.audit.entries() if e.object_id == item.id]
    assert [e.action for e in log] == ["media.imported", "media.played"]
    assert footage.name not in str(log[0].details)


def test_delete_source_overwrites_then_removes(footage: Path) -> None:
    from vigdesk.services.media import MediaService

    MediaService.delete_source(footage)
    assert not footage.exists()


def test_corrupt_and_truncated_files_get_one_clear_message(
    services: Services, family: Family, footage: Path, tmp_path: Path
) -> None:
    truncated = tmp_path / "truncated-visit.mp4"
    truncated.write_bytes(footage.read_bytes()[: footage.stat().st_size // 3])
    text = tmp_path / "notes.mp4"
    text.write_text("these are not video bytes " * 100)
    for bad in (truncated, text):
        before = blob_files(services)
        with pytest.raises(MediaError) as err:
            services.media.import_footage(family.case.id, bad)
        assert bad.name in str(err.value)
        assert blob_files(services) == before
    assert services.media.list_media(family.case.id) == []
    assert isinstance(CorruptMedia("x"), MediaError)


def test_cancelled_import_leaves_nothing(services: Services, family: Family, footage: Path) -> None:
    before = blob_files(services)  # the consent evidence
    with pytest.raises(Cancelled):
        services.media.import_footage(family.case.id, footage, cancelled=lambda: True)
    assert blob_files(services) == before
    assert not any(name.endswith(".tmp") for name in blob_files(services))
    assert services.ctx.db.scalar("SELECT count(*) FROM media") == 0


def test_clip_is_frame_exact_with_audio(services: Services, family: Family, footage: Path) -> None:
    source = services.media.import_footage(family.case.id, footage).item
    clip = services.media.make_clip(source.id, 1.30, 3.70, title="Lovely turn-taking")
    assert clip.kind is MediaKind.CLIP and clip.source_media_id == source.id
    assert clip.duration_s == pytest.approx(2.4, abs=0.041)
    data = services.ctx.blobs.read_bytes(clip.blob_id)
    with av.open(io.BytesIO(data)) as container:
        first = next(container.decode(video=0))
        assert read_stamp(first.to_ndarray(format="rgb24")) == round(1.30 * 25)
        assert container.streams.audio, "the clip kept its sound"
    assert "clip.created" in [e.action for e in services.ctx.audit.entries()]


def test_clip_times_are_checked(services: Services, family: Family, footage: Path) -> None:
    source = services.media.import_footage(family.case.id, footage).item
    with pytest.raises(InvalidInput):
        services.media.make_clip(source.id, 4.0, 30.0)


def test_still_is_the_exact_frame(services: Services, family: Family, footage: Path) -> None:
    import io

    import numpy as np
    from PIL import Image

    source = services.media.import_footage(family.case.id, footage).item
    still = services.media.make_still(source.id, 2.0, caption="Eye contact")
    png = services.media.still_png(still.id)
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert read_stamp(rgb) == 50
    assert still.title == "Eye contact"


def test_killed_import_leaves_no_orphan(
    vault_home: Path, footage_template: Path, tmp_path: Path
) -> None:
    from vigdesk.services.session import Services as S

    vault = unlock_vault(vault_home, PASSPHRASE)
    fam = add_family(S.for_vault(vault))
    vault.lock()
    # A camera file with 8 MiB of trailing data: big enough to be killed mid-seal.
    big = tmp_path / "long-visit.mp4"
    big.write_bytes(footage_template.read_bytes() + os.urandom(8 << 20))
    script = (
        "import time; from pathlib import Path\n"
        "from vigdesk.services.access import unlock_vault\n"
        "from vigdesk.services.session import Services\n"
        f"v = unlock_vault(Path({str(vault_home)!r}), {PASSPHRASE!r})\n"
        "s = Services.for_vault(v)\n"
        # A slow SD card: each MiB takes 50 ms to arrive.
        f"s.media.import_footage({fam.case.id!r}, Path({str(big)!r}),"
        " progress=lambda f: (print(f, flush=True), time.sleep(0.05)))\n"
    )
    for lines_before_kill in (1, 4, 8):
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        for _ in range(lines_before_kill):
            assert float(proc.stdout.readline()) < 0.9  # still sealing
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        leftovers = {p.name for p in (vault_home / "blobs").glob("*/*")}
        vault = unlock_vault(vault_home, PASSPHRASE)
        s = S.for_vault(vault)
        files = {p.name for p in s.ctx.blobs.root.glob("*/*")}
        rows = {r[0] for r in vault.db.execute("SELECT id FROM blobs")}
        assert leftovers - rows, "the kill really left a half-written blob behind"
        assert files == rows, "no orphan or half blob survives the next unlock"
        assert s.media.list_media(fam.case.id) == []
        assert vault.audit.verify().ok
        vault.lock()
    vault = unlock_vault(vault_home, PASSPHRASE)
    item = S.for_vault(vault).media.import_footage(fam.case.id, big).item  # and it still works
    assert S.for_vault(vault).media.open_for_playback(item.id).size == big.stat().st_size
    vault.lock()


def test_killed_clip_leaves_no_orphan(vault_home: Path, footage: Path) -> None:
    from vigdesk.services.session import Services as S

    vault = unlock_vault(vault_home, PASSPHRASE)
    s = S.for_vault(vault)
    fam = add_family(s)
    source = s.media.import_footage(fam.case.id, footage).item
    vault.lock()
    script = (
        "import time; from pathlib import Path\n"
        "from vigdesk.services.access import unlock_vault\n"
        "from vigdesk.services.session import Services\n"
        f"s = Services.for_vault(unlock_vault(Path({str(vault_home)!r}), {PASSPHRASE!r}))\n"
        # A slow machine: each progress step of the cut takes a while.
        f"s.media.make_clip({source.id!r}, 0.52, 5.48,"
        " progress=lambda f: (print(f, flush=True), time.sleep(0.2)))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert float(proc.stdout.readline()) < 1.0  # cutting has begun, nothing sealed yet
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    vault = unlock_vault(vault_home, PASSPHRASE)
    s = S.for_vault(vault)
    assert [m.id for m in s.media.list_media(fam.case.id)] == [source.id]
    files = {p.name for p in s.ctx.blobs.root.glob("*/*")}
    assert files == {r[0] for r in vault.db.execute("SELECT id FROM blobs")}
    assert vault.audit.verify().ok
    clip = s.media.make_clip(source.id, 0.52, 5.48)  # and it works afterwards
    assert clip.duration_s == pytest.approx(4.96, abs=0.041)
    vault.lock()
