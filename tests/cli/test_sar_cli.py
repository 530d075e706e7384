"""`vigdesk sar request add|list`, `sar redact` and `sar export --redactions`: a
subject access request answered headless, the other people in the video masked."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import av

from tests.cli.test_import_batch import vigdesk
from tests.conftest import PASSPHRASE, add_family
from tests.media.test_redact import moving_square, over_the_square, red_pixels
from vigdesk.core.subject_requests import due_date
from vigdesk.media.redact import redaction_to_json
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services


def test_a_request_is_registered_and_answered_with_a_redacted_copy(
    vault_home: Path, tmp_path: Path
) -> None:
    video = tmp_path / "square.mp4"
    video.write_bytes(moving_square())
    vault = unlock_vault(vault_home, PASSPHRASE)
    try:
        s = Services.for_vault(vault)
        fam = add_family(s)
        item = s.media.import_footage(fam.case.id, video).item
        today = s.ctx.today()
    finally:
        vault.lock()
    video.unlink()

    received = today - timedelta(days=2)
    added = vigdesk(
        vault_home, "sar", "request", "add", fam.mother.id, "--received", str(received), "--json"
    )
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["due_on"] == due_date(received).isoformat()
    listed = vigdesk(vault_home, "sar", "request", "list")
    assert listed.returncode == 0 and "MW" in listed.stdout and "open" in listed.stdout

    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(redaction_to_json(over_the_square("fill"))))
    copy = tmp_path / "copy.mp4"
    done = vigdesk(vault_home, "sar", "redact", item.id, "--spec", str(spec), "--to", str(copy))
    assert done.returncode == 0, done.stderr
    assert {p.name for p in tmp_path.iterdir()} - {vault_home.name} == {"copy.mp4", "spec.json"}
    with av.open(io.BytesIO(copy.read_bytes())) as inp:
        assert max(red_pixels(f.to_ndarray(format="rgb24")) for f in inp.decode(video=0)) == 0

    plan = tmp_path / "redactions.json"
    plan.write_text(json.dumps({item.id: redaction_to_json(over_the_square("blur"))}))
    out = tmp_path / "answer"
    exported = vigdesk(
        vault_home, "sar", "export", fam.mother.id, "--to", str(out), "--redactions", str(plan)
    )
    assert exported.returncode == 0, exported.stderr
    (folder,) = out.iterdir()
    assert sorted(p.name for p in folder.iterdir()) == [
        "footage-1-redacted.mp4",
        "record.json",
        "record.pdf",
    ]
    record = json.loads((folder / "record.json").read_text())
    assert record["redactions"][item.id][0].startswith("Blurred from 0:00.0")
    assert record["redactions"][item.id][1] == "Sound muted from 0:00.6 to 0:01.2"
    masked = next(x["items"] for x in record["sections"] if x["key"] == "masked")
    assert [m["What was masked"] for m in masked] == record["redactions"][item.id]
