"""`vigdesk marker add|list|chains` on a real vault with real footage, as a script runs it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_import_batch import vigdesk
from tests.conftest import PASSPHRASE, add_family
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services


def filmed(home: Path, footage: Path) -> str:
    vault = unlock_vault(home, PASSPHRASE)
    try:
        s = Services.for_vault(vault)
        return s.media.import_footage(add_family(s).case.id, footage).item.id
    finally:
        vault.lock()


def test_mark_a_chain_list_it_and_read_its_gaps(vault_home: Path, footage: Path) -> None:
    media = filmed(vault_home, footage)
    for at, kind, who in (("1.40", "adult_reception", "MW"), ("0.89", "child_initiative", "PW")):
        done = vigdesk(vault_home, "marker", "add", media, "--at", at, "--type", kind, "--who", who)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"Marked {kind} at ")
    added = vigdesk(
        vault_home, "marker", "add", media, "--at", "2.09", "--type", "adult_response",
        "--note", "names the feeling", "--json",
    )  # fmt: skip
    assert json.loads(added.stdout)["at_s"] == 2.08  # the nearest frame at 25 fps
    listed = vigdesk(vault_home, "marker", "list", media)
    assert [line.split()[:3] for line in listed.stdout.splitlines()] == [
        ["0.88", "s", "child_initiative"],
        ["1.40", "s", "adult_reception"],
        ["2.08", "s", "adult_response"],
    ]
    assert "“names the feeling”" in listed.stdout
    chains = json.loads(vigdesk(vault_home, "marker", "chains", media, "--json").stdout)
    assert chains["chains"][0]["gaps_s"] == [0.52, 0.68]
    assert chains["chains"][0]["completes_circle"] is False
    assert chains["summary"]["initiatives_received"] == 1
    text = vigdesk(vault_home, "marker", "chains", media).stdout
    assert "0.88 → 1.40 → 2.08 s  (3 steps; gaps 0.52, 0.68 s)" in text
    assert "median response 1.20 s" in text


def test_a_bad_marker_is_one_line_on_stderr(vault_home: Path, footage: Path) -> None:
    media = filmed(vault_home, footage)
    done = vigdesk(vault_home, "marker", "add", media, "--at", "1", "--type", "hug")
    assert done.returncode != 0 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "not a marker type" in done.stderr
    late = vigdesk(vault_home, "marker", "add", media, "--at", "soon", "--type", "moment")
    assert late.returncode == 2 and "is not a time in seconds" in late.stderr
    assert vigdesk(vault_home, "marker", "list", media).stdout.strip() == "No markers yet."


def test_clip_a_chain_by_its_id(vault_home: Path, footage: Path) -> None:
    media = filmed(vault_home, footage)
    ids = [
        json.loads(
            vigdesk(vault_home, "marker", "add", media, "--at", at, "--type", kind, "--json").stdout
        )["id"]
        for at, kind in (("2.0", "child_initiative"), ("2.4", "adult_reception"))
    ]
    done = vigdesk(
        vault_home, "marker", "clip", media, "--chain", ids[0], "--pad-before", "0.4",
        "--pad-after", "0.6", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    made = json.loads(done.stdout)
    assert (made["start_s"], made["end_s"], made["markers"]) == (1.6, 3.04, 2)
    listed = vigdesk(vault_home, "marker", "list", made["id"]).stdout.splitlines()
    assert [line.split()[:3] for line in listed] == [
        ["0.40", "s", "child_initiative"],
        ["0.80", "s", "adult_reception"],
    ]
    wrong = vigdesk(vault_home, "marker", "clip", media, "--chain", ids[1])
    assert wrong.returncode != 0 and "No chain starting with marker" in wrong.stderr
