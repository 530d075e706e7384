"""Headless: the local authority's consent for a fostered child, a carer's own consent,
and a child judged able to decide (issue 19)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from tests.cli.test_import_batch import vigdesk
from tests.conftest import PASSPHRASE
from vigdesk.core.cases import PersonKind
from vigdesk.media.synth import make_video
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services


def test_a_fostered_child_filmed_with_the_local_authority_s_consent(
    vault_home: Path, tmp_path: Path
) -> None:
    vault = unlock_vault(vault_home, PASSPHRASE)
    try:
        s = Services.for_vault(vault)
        case = s.cases.add_case("LK", date(2026, 9, 1))
        carer = s.cases.add_person(case.id, PersonKind.ADULT, "Faith Carew").id
        child = s.cases.add_person(
            case.id, PersonKind.CHILD, "Lily Kemp", date_of_birth=date(2012, 1, 1)
        ).id
    finally:
        vault.lock()

    def run(*args: str) -> Any:
        done = vigdesk(vault_home, *args, "--json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    refused = vigdesk(
        vault_home,
        "consent",
        "record",
        case.id,
        "--giver",
        carer,
        "--child",
        child,
        "--grant",
        "film",
    )
    assert refused.returncode != 0 and "parental responsibility" in refused.stderr
    worker = run(
        "person",
        "authority",
        case.id,
        "--name",
        "Sam Ward",
        "--role",
        "Social worker, Children in Care team",
        "--note",
        "Care order",
    )
    assert run("person", "looked-after", child)["looked_after"] is True
    for giver, about in ((str(worker["id"]), child), (carer, carer)):
        run(
            "consent",
            "record",
            case.id,
            "--giver",
            giver,
            "--child",
            about,
            "--grant",
            "film",
            "--grant",
            "keep",
        )
    made = run(
        "consent",
        "record",
        case.id,
        "--giver",
        carer,
        "--child",
        carer,
        "--grant",
        "review_filming",
        "--refuse",
        "family_copy",
        "--interpreter",
        "Polish, AK",
        "--accessible-version",
        "easy read",
    )
    assert {
        (m["purpose"], m["granted"], m["interpreter"], m["accessible_version"]) for m in made
    } == {
        ("review_filming", True, "Polish, AK", "easy read"),
        ("family_copy", False, "Polish, AK", "easy read"),
    }
    assert all("Article 6(1)(a)" in m["lawful_basis"] for m in made)
    video = tmp_path / "visit.mp4"
    make_video(video, seconds=1.0, size=(160, 120))
    done = vigdesk(vault_home, "import", "--no-check", "--case", case.id, str(video))
    assert done.returncode == 0, done.stdout + done.stderr

    judged = run("person", "competent", child, "--by", "Alex Park, practitioner")
    assert judged["competent_by"] == "Alex Park, practitioner"
    run("consent", "record", case.id, "--giver", child, "--child", child, "--refuse", "keep")
    again = vigdesk(vault_home, "import", "--no-check", "--case", case.id, str(video))
    assert again.returncode != 0
    assert "LK has withdrawn or refused consent to keeping" in again.stdout
