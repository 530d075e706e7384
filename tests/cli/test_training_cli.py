"""`vigdesk training` on a real vault, as a trainee's script runs it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_import_batch import vigdesk
from tests.conftest import MOTHER


def test_set_stage_log_supervision_and_read_progress(vault_home: Path) -> None:
    done = vigdesk(
        vault_home, "training", "set", "--stage", "2", "--since", "2026-09-01",
        "--supervisor", "Dr A. Supervisor",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Stage 2: 0/9 cycles · 0/3 clients · 0/8 h supervision"
    logged = vigdesk(
        vault_home, "training", "supervision", "add", "--date", "2026-10-20",
        "--minutes", "90", "--supervisor", "Dr A. Supervisor", "--group",
    )  # fmt: skip
    assert logged.returncode == 0, logged.stderr
    assert logged.stdout.splitlines()[-1].endswith("1.5/8 h supervision")
    listed = vigdesk(vault_home, "training", "supervision", "list")
    assert listed.stdout.split()[:6] == ["20", "Oct", "2026", "1.5", "h", "group"]
    status = json.loads(vigdesk(vault_home, "training", "status", "--json").stdout)
    assert status["supervision_minutes"] == 90 and status["stage"] == 2


def test_family_details_in_learning_points_are_one_line_on_stderr(
    vault_home: Path, footage: Path
) -> None:
    from tests.cli.test_marker_cli import filmed

    filmed(vault_home, footage)  # a family in the vault
    done = vigdesk(
        vault_home, "training", "supervision", "add", "--date", "2026-10-20",
        "--minutes", "60", "--supervisor", "S", "--learning", f"{MOTHER} waited well",
    )  # fmt: skip
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1 and "identifies a family" in done.stderr
