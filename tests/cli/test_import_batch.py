"""`vigdesk import`: each file of a batch is imported or refused on its own, every
outcome is listed, and only a verified import may delete its original."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSPHRASE, add_family
from tests.media.conftest import picture
from vigdesk.media.synth import make_video
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services


def vigdesk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vigdesk", "--home", str(home), *args],
        env={**os.environ, "VIGDESK_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        check=False,
    )


def family_case(home: Path) -> str:
    vault = unlock_vault(home, PASSPHRASE)
    try:
        return add_family(Services.for_vault(vault)).case.id
    finally:
        vault.lock()


def footage_count(home: Path, case_id: str) -> int:
    vault = unlock_vault(home, PASSPHRASE)
    try:
        return len(Services.for_vault(vault).media.list_media(case_id))
    finally:
        vault.lock()


def test_a_bad_file_in_the_middle_stops_nothing_and_keeps_its_original(
    vault_home: Path, tmp_path: Path
) -> None:
    case_id = family_case(vault_home)
    first, bad, last = tmp_path / "A.mp4", tmp_path / "bad.mp4", tmp_path / "B.webm"
    make_video(first, seconds=1.0, size=(160, 120))
    bad.write_bytes(picture("mjpeg", "yuvj420p"))  # a photo renamed .mp4
    make_video(last, container="webm", seconds=1.0, size=(160, 120))
    done = vigdesk(
        vault_home, "import", "--case", case_id, "--delete-source", *map(str, (first, bad, last))
    )
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Imported A.mp4 as ") and "deleted" in lines[0]
    assert lines[1] == "Not imported: bad.mp4 is a still image, not video."
    assert lines[2].startswith("Imported B.webm as ") and "deleted" in lines[2]
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert done.stderr == "vigdesk: 1 of 3 files was not imported.\n"
    assert not first.exists() and not last.exists()
    assert bad.exists(), "a refused file's original is never deleted"
    assert footage_count(vault_home, case_id) == 2


def test_every_outcome_in_json_and_an_empty_file_is_named(vault_home: Path, tmp_path: Path) -> None:
    case_id = family_case(vault_home)
    empty, good = tmp_path / "MVI_0001.MP4", tmp_path / "MVI_0002.MP4"
    empty.touch()
    make_video(good, seconds=1.0, size=(160, 120))
    done = vigdesk(vault_home, "import", "--case", case_id, "--json", str(empty), str(good))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    outcomes = json.loads(done.stdout)
    assert [o["source"] for o in outcomes] == ["MVI_0001.MP4", "MVI_0002.MP4"]
    assert (
        outcomes[0]["error"] == "MVI_0001.MP4 is empty: the recording or the copy did not finish."
    )
    assert outcomes[1]["kind"] == "footage" and outcomes[1]["source_deleted"] is False
    assert empty.exists() and good.exists()


def test_all_good_exits_zero(vault_home: Path, tmp_path: Path) -> None:
    case_id = family_case(vault_home)
    video = tmp_path / "visit.mp4"
    make_video(video, seconds=1.0, size=(160, 120))
    done = vigdesk(vault_home, "import", "--case", case_id, str(video))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Imported visit.mp4 as ") and done.stderr == ""
