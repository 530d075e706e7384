"""Supervision and training packages end to end: consent, content, locks, expiry, recall."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import CHILD, MOTHER, Family, add_family, fast_kdf
from vigdesk.cli import main
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import (
    ConsentRequired,
    InvalidInput,
    PackageExpired,
    PackageTampered,
    WrongPackageSecret,
)
from vigdesk.core.media import MediaItem
from vigdesk.core.packages import dob_forms, unpack
from vigdesk.crypto.package import open_package
from vigdesk.media.frames import frame_at
from vigdesk.media.watermark import Watermark, apply, render
from vigdesk.services import exports as exports_module
from vigdesk.services.exports import (
    ExportRequest,
    ExportService,
    create_recipient_key,
    load_recipient_key,
    open_package_file,
)
from vigdesk.services.session import Services
from vigdesk.storage import exports as export_files

SECRET = "plum orchard seventeen"
RECIPIENT = "Dr Ada Supervisor"


@dataclass
class Setup:
    s: Services
    exports: ExportService
    family: Family
    clip: MediaItem
    still: MediaItem


def make_setup(services: Services, footage: Path, consent: tuple[Purpose, ...]) -> Setup:
    family = add_family(services, consent=consent)
    source = services.media.import_footage(family.case.id, footage).item
    clip = services.media.make_clip(
        source.id, 1.0, 2.2, title="Peregrine smiles at Marigold on 02/03/2024"
    )
    services.media.annotate(clip.id, title=clip.title, labels=("Peregrine", "turn-taking"), note="")
    still = services.media.make_still(source.id, 1.5, caption="Marigold Wolstenholme and baby")
    return Setup(
        services, ExportService(services.ctx, services.consent, fast_kdf), family, clip, still
    )


@pytest.fixture
def setup(services: Services, footage: Path) -> Setup:
    return make_setup(services, footage, tuple(Purpose))


def request(
    st: Setup, out: Path, purpose: Purpose = Purpose.SUPERVISION, **kw: object
) -> ExportRequest:
    options: dict[str, object] = {
        "media_ids": (st.clip.id, st.still.id),
        "purpose": purpose,
        "recipient": RECIPIENT,
        "expires_on": st.s.ctx.today() + timedelta(days=30),
        "out": out,
        "passphrase": SECRET,
    }
    options.update(kw)
    return ExportRequest(**options)  # type: ignore[arg-type]


# -- consent ---------------------------------------------------------------------------


@pytest.mark.parametrize("purpose", [Purpose.SUPERVISION, Purpose.TRAINING])
def test_refused_without_that_purposes_consent(
    services: Services, footage: Path, tmp_path: Path, purpose: Purpose
) -> None:
    others = tuple(p for p in Purpose if p is not purpose)
    st = make_setup(services, footage, others)
    out = tmp_path / "p.vigpkg"
    with pytest.raises(ConsentRequired) as refusal:
        st.exports.export(request(st, out, purpose))
    text = str(refusal.value)
    assert f"export for {purpose.value}" in text and "PW" in text
    assert MOTHER not in text and CHILD not in text
    assert st.exports.consent_problem(st.family.case.id, purpose) == text
    assert not out.exists() and st.exports.register() == []
    other = next(p for p in (Purpose.SUPERVISION, Purpose.TRAINING) if p is not purpose)
    st.exports.export(request(st, out, other))  # the other purpose is consented
    assert out.exists()


def test_withdrawal_lists_packages_to_recall(setup: Setup, tmp_path: Path) -> None:
    sup = setup.exports.export(request(setup, tmp_path / "a.vigpkg"))
    setup.exports.export(request(setup, tmp_path / "b.vigpkg", Purpose.TRAINING))
    case_id = setup.family.case.id
    assert setup.exports.packages_to_recall(case_id) == []
    ids = [r.id for r in setup.s.consent.for_case(case_id) if r.purpose is Purpose.SUPERVISION]
    setup.s.consent.withdraw(ids, "changed her mind")
    recalls = setup.exports.packages_to_recall(case_id)
    assert [r.record.id for r in recalls] == [sup.record.id]
    assert "MW has withdrawn" in recalls[0].reasons[0] and "PW" in recalls[0].reasons[0]
    with pytest.raises(ConsentRequired):
        setup.exports.export(request(setup, tmp_path / "c.vigpkg"))
    setup.exports.mark_recalled(sup.record.id, "deleted, confirmed by phone")
    assert setup.exports.packages_to_recall(case_id) == []
    assert setup.exports.register(case_id)[0].recalled_on == setup.s.ctx.today()


def test_register_and_audit_hold_ids_and_counts_only(setup: Setup, tmp_path: Path) -> None:
    result = setup.exports.export(request(setup, tmp_path / "a.vigpkg"))
    (record,) = setup.exports.register()
    assert record == result.record
    assert record.media_ids == (setup.clip.id, setup.still.id)
    assert record.purpose is Purpose.SUPERVISION and record.lock_mode == "passphrase"
    assert record.size == (tmp_path / "a.vigpkg").stat().st_size
    entries = [e for e in setup.s.vault.audit.entries() if e.action.startswith("export.")]
    created = next(e for e in entries if e.action == "export.created")
    assert created.object_id == record.id
    assert created.details == {
        "case": setup.family.case.id,
        "purpose": "supervision",
        "items": 2,
        "mode": "passphrase",
        "expires": record.expires_on.isoformat(),
    }
    assert RECIPIENT not in json.dumps([e.to_json() for e in entries])


def test_bad_requests_are_refused(setup: Setup, tmp_path: Path) -> None:
    today = setup.s.ctx.today()
    out = tmp_path / "p.vigpkg"
    for bad in (
        {"expires_on": today},
        {"expires_on": today + timedelta(days=91)},
        {"recipient": "  "},
        {"passphrase": "short"},
        {"passphrase": None},
        {"media_ids": ()},
        {"media_ids": (setup.clip.id, setup.clip.id)},
    ):
        with pytest.raises(InvalidInput):
            setup.exports.export(request(setup, out, **bad))
    out.write_bytes(b"precious")
    with pytest.raises(InvalidInput, match="already exists"):
        setup.exports.export(request(setup, out))
    assert out.read_bytes() == b"precious"


# -- what is inside ----------------------------------------------------------------------


def test_package_holds_no_full_name_or_date_of_birth(setup: Setup, tmp_path: Path) -> None:
    out = tmp_path / "p.vigpkg"
    setup.exports.export(request(setup, out))
    header, content = open_package(out.read_bytes(), passphrase=SECRET)
    manifest, items = unpack(content)
    everything = content.lower()
    born = setup.family.child.date_of_birth
    assert born is not None
    needles = [MOTHER, CHILD, *MOTHER.split(), *CHILD.split(), *dob_forms(born)]
    for needle in needles:
        for encoded in (needle.lower().encode(), needle.lower().encode("utf-16-le")):
            assert encoded not in everything, needle
    titles = [item.title for item in manifest.items]
    assert titles == ["PW smiles at MW on [date]", "MW and baby"]
    assert manifest.items[0].labels == ("PW", "turn-taking")
    assert {(p.initials, p.role) for p in manifest.people} == {("MW", "mother"), ("PW", "child")}
    assert manifest.recipient == RECIPIENT and manifest.case_code == setup.family.case.code
    assert set(items) == {"clip-01.mp4", "still-02.png"}
    assert header.expires_on == manifest.expires_on


def test_watermark_is_burned_into_the_clip(setup: Setup, tmp_path: Path) -> None:
    out = tmp_path / "p.vigpkg"
    result = setup.exports.export(request(setup, out))
    opened = open_package_file(out, today=setup.s.ctx.today(), passphrase=SECRET)
    clip = opened.items["clip-01.mp4"]
    source = setup.s.ctx.blobs.read_bytes(setup.clip.blob_id)
    exported = frame_at(io.BytesIO(clip), "export", 0.6)
    original = frame_at(io.BytesIO(source), "clip", 0.6)
    today, code = setup.s.ctx.today(), setup.family.case.code
    mark = Watermark.for_package(code, RECIPIENT, "Supervision", today, result.record.expires_on)
    overlay = render(mark, original.shape[1], original.shape[0])
    band = slice(overlay.band_top, None)
    reference = apply(original, overlay)

    def diff(a: np.ndarray, b: np.ndarray) -> float:
        return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())

    assert diff(exported[band], original[band]) > 40  # the band is really there
    assert diff(exported[band], reference[band]) < 8  # and is the rendered watermark
    assert diff(exported, reference) < 6
    still = np.asarray(Image.open(io.BytesIO(opened.items["still-02.png"])).convert("RGB"))
    plain = setup.s.ctx.blobs.read_bytes(setup.still.blob_id)
    before = np.asarray(Image.open(io.BytesIO(plain)).convert("RGB"))
    assert diff(still[band], before[band]) > 40
    assert diff(still, apply(before, overlay)) < 1  # lossless: exactly the rendered mark


# -- locks, expiry, tampering --------------------------------------------------------------


def test_wrong_passphrase_fails_with_one_clear_error(setup: Setup, tmp_path: Path) -> None:
    out = tmp_path / "p.vigpkg"
    setup.exports.export(request(setup, out))
    with pytest.raises(WrongPackageSecret, match=r"^That passphrase does not open this package"):
        open_package_file(out, today=setup.s.ctx.today(), passphrase=SECRET + "x")


def test_expired_package_refuses_to_open(setup: Setup, tmp_path: Path) -> None:
    out = tmp_path / "p.vigpkg"
    result = setup.exports.export(request(setup, out))
    last = result.record.expires_on
    assert open_package_file(out, today=last, passphrase=SECRET).manifest.expires_on == last
    with pytest.raises(PackageExpired, match=r"expired on .* can no longer be opened"):
        open_package_file(out, today=last + timedelta(days=1), passphrase=SECRET)


def test_extending_the_expiry_in_the_header_fails_authentication(
    setup: Setup, tmp_path: Path
) -> None:
    out = tmp_path / "p.vigpkg"
    result = setup.exports.export(request(setup, out))
    data = out.read_bytes()
    old = f'"expires":"{result.record.expires_on.isoformat()}"'.encode()
    new = f'"expires":"{date(2099, 12, 31).isoformat()}"'.encode()
    assert data.count(old) == 1 and len(old) == len(new)
    out.write_bytes(data.replace(old, new))
    with pytest.raises(PackageTampered, match="changed or damaged"):
        open_package_file(out, today=setup.s.ctx.today(), passphrase=SECRET)


def test_public_key_round_trip(setup: Setup, tmp_path: Path) -> None:
    key_file = tmp_path / "ada.key"
    public = create_recipient_key(RECIPIENT, "lantern meadow quietly", key_file, fast_kdf())
    assert (tmp_path / "ada.key.pub").exists() and oct(key_file.stat().st_mode)[-3:] == "600"
    assert load_recipient_key(tmp_path / "ada.key.pub") == public
    out = tmp_path / "p.vigpkg"
    result = setup.exports.export(request(setup, out, passphrase=None, recipient_key=public))
    assert result.record.lock_mode == "public-key"
    assert result.record.recipient_key == public.fingerprint
    opened = open_package_file(
        out, today=setup.s.ctx.today(), passphrase="lantern meadow quietly", key_file=key_file
    )
    assert opened.header.mode == "public-key" and len(opened.manifest.items) == 2
    with pytest.raises(WrongPackageSecret, match="passphrase for this key file is wrong"):
        open_package_file(out, today=setup.s.ctx.today(), passphrase="nope", key_file=key_file)
    other = tmp_path / "other.key"
    create_recipient_key("Someone Else", "another long passphrase", other, fast_kdf())
    with pytest.raises(WrongPackageSecret, match="sealed to a different key"):
        open_package_file(
            out, today=setup.s.ctx.today(), passphrase="another long passphrase", key_file=other
        )


# -- the command line -----------------------------------------------------------------------


def test_cli_keygen_export_view_and_list(
    setup: Setup,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.conftest import PASSPHRASE

    monkeypatch.setattr(exports_module, "calibrate", fast_kdf)
    monkeypatch.setattr(export_files, "calibrate", fast_kdf)
    setup.s.vault.lock()  # the CLI unlocks the vault itself
    home = setup.s.vault.home
    monkeypatch.setenv("VIGDESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("VIGDESK_PACKAGE_PASSPHRASE", "willow copper ninety")
    key = tmp_path / "sup.key"
    assert main(["export", "keygen", "--out", str(key), "--name", RECIPIENT, "--json"]) == 0
    fingerprint = json.loads(capsys.readouterr().out)["fingerprint"]
    out = tmp_path / "cli.vigpkg"
    expires = (date.today() + timedelta(days=20)).isoformat()
    common = ["--home", str(home), "--json"]
    args = ["export", *common, "--purpose", "training", "--to", RECIPIENT, "--expires", expires]
    assert main([*args, "--recipient-key", f"{key}.pub", "--out", str(out), setup.clip.id]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["recipient_key"] == fingerprint and made["purpose"] == "training"
    assert main(["view", str(out), "--key", str(key), "--extract-check", "--json"]) == 0
    manifest = json.loads(capsys.readouterr().out)
    assert manifest["purpose"] == "training" and len(manifest["items"]) == 1
    monkeypatch.setenv("VIGDESK_PACKAGE_PASSPHRASE", "wrong but long enough")
    assert main(["view", str(out), "--key", str(key), "--extract-check"]) == 3
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["export", "list", *common]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [made["id"]]
