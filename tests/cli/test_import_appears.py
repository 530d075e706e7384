"""`vigdesk import --appears`: the footage shows the people named by initials, and
only their consent counts (issue 19)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_import_batch import vigdesk
from tests.conftest import PASSPHRASE, add_family
from vigdesk.core.cases import PersonKind
from vigdesk.core.errors import ConsentRequired
from vigdesk.media.synth import make_video
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services


def test_import_names_who_appears_by_initials(vault_home: Path, tmp_path: Path) -> None:
    vault = unlock_vault(vault_home, PASSPHRASE)
    try:
        s = Services.for_vault(vault)
        fam = add_family(s)
        s.cases.add_person(fam.case.id, PersonKind.ADULT, "Piers Quayle")  # no consent
        ids = {fam.mother.initials: fam.mother.id, fam.child.initials: fam.child.id}
    finally:
        vault.lock()
    video = tmp_path / "visit.mp4"
    make_video(video, seconds=1.0, size=(160, 120))

    refused = vigdesk(vault_home, "import", "--no-check", "--case", fam.case.id, str(video))
    assert refused.returncode == 1
    assert "PQ appears and has not consented to filming" in refused.stdout

    unknown = vigdesk(vault_home, "import", "--case", fam.case.id, "--appears", "ZZ", str(video))
    assert unknown.returncode != 0 and "--appears ZZ: nobody" in unknown.stderr

    done = vigdesk(
        vault_home,
        "import",
        "--no-check",
        "--json",
        "--case",
        fam.case.id,
        "--appears",
        "mw, pw",
        str(video),
    )
    assert done.returncode == 0, done.stderr
    [outcome] = json.loads(done.stdout)
    assert outcome["appears"] == [ids["MW"], ids["PW"]]

    item_id = outcome["id"]
    changed = vigdesk(vault_home, "media", "appears", item_id, "MW,PW,PQ")
    assert changed.returncode == 0, changed.stderr
    vault = unlock_vault(vault_home, PASSPHRASE)
    try:
        s = Services.for_vault(vault)
        assert len(s.media.get(item_id).appears or ()) == 3
        with pytest.raises(ConsentRequired, match="PQ appears and has not consented"):
            s.media.open_for_playback(item_id)
    finally:
        vault.lock()
