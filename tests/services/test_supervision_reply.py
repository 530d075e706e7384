"""The supervisor answers: a reply file sealed to the practitioner's vault, checked by a
token only the package's holders know, attached to the clips by initials only."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import MOTHER, PASSPHRASE, fast_kdf
from tests.services.test_exports import RECIPIENT, Setup, make_setup
from vigdesk.cli import main
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import InvalidInput, PackageTampered, WrongPackageSecret
from vigdesk.core.packages import ReplyTo
from vigdesk.core.replies import Comment
from vigdesk.crypto.package import RecipientSecret
from vigdesk.services.exports import ExportRequest, create_recipient_key, open_package_file
from vigdesk.services.session import Services
from vigdesk.storage.exports import OpenedPackage, write_reply

KEY_PASSPHRASE = "supervisor key passphrase here"


@pytest.fixture
def setup(services: Services, footage: Path) -> Setup:
    return make_setup(services, footage, tuple(Purpose))


def package(st: Setup, tmp_path: Path, purpose: Purpose = Purpose.SUPERVISION) -> OpenedPackage:
    """Made by the practitioner's own services, opened as the supervisor would."""
    key_file = tmp_path / "supervisor.key"
    public = create_recipient_key(RECIPIENT, KEY_PASSPHRASE, key_file, kdf=fast_kdf())
    out = tmp_path / f"{purpose.value}.vigpkg"
    st.s.exports.export(
        ExportRequest(
            (st.clip.id, st.still.id),
            purpose,
            RECIPIENT,
            st.s.ctx.today() + timedelta(days=30),
            out,
            recipient_key=public,
        )
    )
    return open_package_file(
        out, today=st.s.ctx.today(), passphrase=KEY_PASSPHRASE, key_file=key_file
    )


def comments() -> list[Comment]:
    return [
        Comment("clip-01.mp4", 0.52, f"{MOTHER} waits for him here: lovely"),
        Comment("still-02.png", 0.0, "Eye contact"),
    ]


def test_a_reply_round_trip_attaches_comments_by_initials(setup: Setup, tmp_path: Path) -> None:
    opened = package(setup, tmp_path)
    reply = tmp_path / "reply.vigreply"
    write_reply(reply, opened.manifest, "Dr Ada Supervisor", 45, comments(), setup.s.ctx.today())
    assert MOTHER.encode() not in reply.read_bytes()  # sealed

    done = setup.s.replies.import_reply(reply)
    assert (done.comments, done.skipped, done.supervisor) == (2, 0, "Dr Ada Supervisor")
    on_clip = setup.s.replies.comments(setup.clip.id)
    assert [(c.at_s, c.text, c.author) for c in on_clip] == [
        (0.52, "MW waits for him here: lovely", "Dr Ada Supervisor")
    ]
    assert [c.text for c in setup.s.replies.comments(setup.still.id)] == ["Eye contact"]
    (entry,) = setup.s.training.supervision()
    assert (entry.minutes, entry.watched) == (45, (opened.manifest.package_id,))
    actions = [r[0] for r in setup.s.ctx.db.execute("SELECT action FROM audit")]
    assert "supervision.reply_imported" in actions

    with pytest.raises(InvalidInput, match="already imported"):
        setup.s.replies.import_reply(reply)


def test_tampered_forged_and_foreign_replies_are_refused(setup: Setup, tmp_path: Path) -> None:
    opened = package(setup, tmp_path)
    today = setup.s.ctx.today()
    reply = tmp_path / "reply.vigreply"
    write_reply(reply, opened.manifest, "Dr Ada Supervisor", 45, comments(), today)
    data = bytearray(reply.read_bytes())
    data[-40] ^= 1
    tampered = tmp_path / "tampered.vigreply"
    tampered.write_bytes(bytes(data))
    with pytest.raises(PackageTampered):
        setup.s.replies.import_reply(tampered)

    # Someone with the practitioner's public key but not the package: no token.
    real = opened.manifest.reply_to
    assert real is not None
    forged_to = replace(real, token="A" * 43 + "=")
    forged = tmp_path / "forged.vigreply"
    write_reply(
        forged, replace(opened.manifest, reply_to=forged_to), "Mallory", 5, comments(), today
    )
    with pytest.raises(PackageTampered, match="opened the package"):
        setup.s.replies.import_reply(forged)

    # A reply sealed to another practitioner's reply key.
    other = RecipientSecret.generate("other").public().to_json()
    foreign_to = ReplyTo("other", other["mlkem768"], other["x25519"], real.token)
    foreign = tmp_path / "foreign.vigreply"
    write_reply(
        foreign, replace(opened.manifest, reply_to=foreign_to), "Dr A", 5, comments(), today
    )
    with pytest.raises(WrongPackageSecret, match="another practitioner"):
        setup.s.replies.import_reply(foreign)
    assert setup.s.replies.comments(setup.clip.id) == []
    assert setup.s.training.supervision() == []


def test_training_packages_take_no_reply(setup: Setup, tmp_path: Path) -> None:
    opened = package(setup, tmp_path, Purpose.TRAINING)
    assert opened.manifest.reply_to is None
    with pytest.raises(InvalidInput, match="does not take a reply"):
        write_reply(tmp_path / "r", opened.manifest, "Dr A", 5, comments(), setup.s.ctx.today())


def test_the_cli_imports_a_reply(
    setup: Setup,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    opened = package(setup, tmp_path)
    reply = tmp_path / "reply.vigreply"
    write_reply(reply, opened.manifest, "Dr Ada Supervisor", 30, comments(), setup.s.ctx.today())
    monkeypatch.setenv("VIGDESK_PASSPHRASE", PASSPHRASE)
    home = str(setup.s.ctx.vault.home)
    setup.s.vault.lock()  # the CLI unlocks the vault itself
    assert main(["export", "reply", str(reply), "--home", home]) == 0
    assert capsys.readouterr().out.startswith("Imported 2 comments from Dr Ada Supervisor")
    assert main(["export", "reply", str(reply), "--home", home]) != 0
    assert "already imported" in capsys.readouterr().err
