"""`vigdesk import` waits for the whole-footage decode check (unless --no-check) and
prints what it found; the warning is stored with the footage either way it is read."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_import_batch import family_case, vigdesk
from tests.conftest import PASSPHRASE
from tests.media.damage import clean_video, damaged
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services


def stored_checks(home: Path, case_id: str) -> dict[str, str]:
    vault = unlock_vault(home, PASSPHRASE)
    try:
        return {k: v.damage for k, v in Services.for_vault(vault).media.checks(case_id).items()}
    finally:
        vault.lock()


def case_code(home: Path, case_id: str) -> str:
    vault = unlock_vault(home, PASSPHRASE)
    try:
        return Services.for_vault(vault).cases.find(case_id).code
    finally:
        vault.lock()


def test_damage_is_printed_and_stored_and_clean_footage_says_so(
    vault_home: Path, tmp_path: Path
) -> None:
    case_id = family_case(vault_home)
    good, bad = tmp_path / "calm.mp4", tmp_path / "visit.mp4"
    clean = clean_video("mp4")
    good.write_bytes(clean_video("mp4", 2))
    bad.write_bytes(damaged(clean))
    done = vigdesk(vault_home, "import", "--case", case_id, str(good), str(bad))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Imported calm.mp4 as ")
    assert lines[0].endswith("verified; every frame decodes.")
    assert lines[1].startswith("Imported visit.mp4 as ")
    code = case_code(vault_home, case_id)
    assert lines[2].startswith(f"Warning: {code} visit.mp4: ")
    assert "of 150 frames could not be decoded between 00:00:02 and 00:00:0" in lines[2]
    assert len(lines) == 3
    damage = sorted(stored_checks(vault_home, case_id).values())
    assert damage[0] == "" and lines[2].endswith(damage[1] + ".")


def test_no_check_imports_without_decoding_and_json_says_what_was_found(
    vault_home: Path, tmp_path: Path
) -> None:
    case_id = family_case(vault_home)
    bad = tmp_path / "visit.mp4"
    bad.write_bytes(damaged(clean_video("mp4")))
    done = vigdesk(vault_home, "import", "--case", case_id, "--no-check", str(bad))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("verified; not checked frame by frame (--no-check).")
    assert stored_checks(vault_home, case_id) == {}
    other = tmp_path / "again.mp4"
    other.write_bytes(damaged(clean_video("mp4"), seed=2))
    done = vigdesk(vault_home, "import", "--case", case_id, "--json", str(other))
    (outcome,) = json.loads(done.stdout)
    assert outcome["checked"] is True
    assert outcome["damage"].startswith("again.mp4: ")


def test_media_list_shows_the_damage_under_its_footage(vault_home: Path, tmp_path: Path) -> None:
    case_id = family_case(vault_home)
    bad = tmp_path / "visit.mp4"
    bad.write_bytes(damaged(clean_video("mp4")))
    assert vigdesk(vault_home, "import", "--case", case_id, str(bad)).returncode == 0
    listed = vigdesk(vault_home, "media", "list", case_id)
    first, second = listed.stdout.splitlines()
    assert first.startswith("footage ") and "visit.mp4" in first
    assert second.strip().startswith("Damaged: visit.mp4: ")
    (item,) = json.loads(vigdesk(vault_home, "media", "list", "--json", case_id).stdout)
    assert item["checked"] is True and "could not be decoded" in item["damage"]
