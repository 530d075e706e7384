"""The supervisor answers: a reply file sealed to the practitioner's vault, checked by a
token only the package's holders know, attached to the clips by initials only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import MOTHER, PASSPHRASE, fast_kdf
from tests.services.test_exports import RECIPIENT, Setup, make_setup
from vigdesk.cli import main
from vigdesk.core.cases import PersonKind
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import InvalidInput, PackageTampered, WrongPackageSecret
from vigdesk.core.packages import ReplyTo
from vigdesk.core.replies import Comment
from vigdesk.crypto.package import RecipientKey, RecipientSecret, seal_package
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


def sealed_to_vault(opened: OpenedPackage, content: bytes, path: Path, today: date) -> Path:
    """Any content sealed to the practitioner's reply key, as a hostile sender could."""
    to = opened.manifest.reply_to
    assert to is not None
    key = RecipientKey.from_json(to.name, to.to_json())
    path.write_bytes(
        seal_package(
            content,
            package_id=opened.manifest.package_id,
            created_on=today,
            expires_on=today + timedelta(days=5),
            to=key,
        )
    )
    return path


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 200_000 + b"]" * 200_000,
        (
            b'{"format": "vigdesk-supervision-reply", "version": 1, "package_id": "%s",'
            b' "supervisor": "S", "written_on": "2026-12-01", "minutes": 5, "mac": "%s",'
            b' "comments": [{"item": "clip-01.mp4", "at_s": %s, "text": "x"}]}'
        )
        % (b"0" * 32, b"0" * 64, b"9" * 500),
        b"not json at all",
    ],
    ids=["deep nesting", "huge number", "garbage"],
)
def test_hostile_reply_content_is_one_clear_refusal(
    setup: Setup, tmp_path: Path, content: bytes
) -> None:
    opened = package(setup, tmp_path)
    path = sealed_to_vault(opened, content, tmp_path / "bad.vigreply", setup.s.ctx.today())
    with pytest.raises(PackageTampered, match="damaged or not a vigdesk reply"):
        setup.s.replies.import_reply(path)


def test_comments_must_fit_the_items_they_name(setup: Setup, tmp_path: Path) -> None:
    opened = package(setup, tmp_path)
    today = setup.s.ctx.today()
    for n, wrong in enumerate(
        (Comment("still-01.png", 0.0, "a still where the clip is"),
         Comment("clip-01.mp4", 5000.0, "long after the clip ends"))
    ):  # fmt: skip
        path = tmp_path / f"wrong-{n}.vigreply"
        write_reply(path, opened.manifest, "Dr Ada Supervisor", 10, [wrong], today)
        with pytest.raises(PackageTampered, match="did not hold"):
            setup.s.replies.import_reply(path)
    assert setup.s.training.supervision() == []


def test_a_recalled_package_takes_no_reply(setup: Setup, tmp_path: Path) -> None:
    opened = package(setup, tmp_path)
    reply = tmp_path / "reply.vigreply"
    write_reply(reply, opened.manifest, "Dr Ada", 10, comments(), setup.s.ctx.today())
    setup.s.exports.mark_recalled(opened.manifest.package_id, "deleted")
    with pytest.raises(InvalidInput, match="recalled"):
        setup.s.replies.import_reply(reply)


def test_a_supervisor_sharing_a_name_with_a_family_can_still_reply(
    setup: Setup, tmp_path: Path
) -> None:
    other = setup.s.cases.add_case("AO", date(2026, 9, 1))
    setup.s.cases.add_person(other.id, PersonKind.ADULT, "Ada Okafor")
    opened = package(setup, tmp_path)
    reply = tmp_path / "reply.vigreply"
    write_reply(reply, opened.manifest, "Dr Ada Supervisor", 10, comments(), setup.s.ctx.today())
    assert setup.s.replies.import_reply(reply).comments == 2
