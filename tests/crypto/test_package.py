"""The package file format: both locks, clear failures, an authenticated header."""

from __future__ import annotations

import json
import os
import struct
from datetime import date

import pytest

from vigdesk.core.errors import NotAPackage, PackageExpired, PackageTampered, WrongPackageSecret
from vigdesk.crypto import package
from vigdesk.crypto.kdf import MIN_MEMORY_KIB, KdfParams
from vigdesk.crypto.package import (
    MAGIC,
    PassphraseLock,
    RecipientKey,
    RecipientSecret,
    open_package,
    read_header,
    seal_package,
)
from vigdesk.crypto.streaming import SEGMENT_SIZE

CONTENT = os.urandom(SEGMENT_SIZE + 4321)  # two segments of the sealed stream
MADE, EXPIRES = date(2026, 11, 24), date(2026, 12, 24)
PASS = "correct horse battery staple"


def kdf() -> KdfParams:
    return KdfParams(salt=os.urandom(16), memory_kib=MIN_MEMORY_KIB, iterations=1)


def sealed(to: PassphraseLock | RecipientKey) -> bytes:
    return seal_package(CONTENT, package_id="p" * 32, created_on=MADE, expires_on=EXPIRES, to=to)


@pytest.fixture(scope="module")
def by_passphrase() -> bytes:
    return sealed(PassphraseLock(PASS, kdf()))


@pytest.fixture(scope="module")
def secret() -> RecipientSecret:
    return RecipientSecret.generate("Dr Ada Supervisor")


def test_passphrase_round_trip_and_header(by_passphrase: bytes) -> None:
    assert by_passphrase.startswith(MAGIC + b"\x00\x01")
    header, content = open_package(by_passphrase, passphrase=PASS, today=EXPIRES)
    assert content == CONTENT
    assert (header.mode, header.created_on, header.expires_on) == ("passphrase", MADE, EXPIRES)
    assert header.kdf is not None and header.kdf.memory_kib == MIN_MEMORY_KIB
    (n,) = struct.unpack(">I", by_passphrase[10:14])
    fields = json.loads(by_passphrase[14 : 14 + n])
    assert fields["expires"] == "2026-12-24" and fields["kdf"]["alg"] == "argon2id"
    assert fields["content"] == "AES256_GCM_HKDF_1MB"


def test_hpke_round_trip(secret: RecipientSecret) -> None:
    public = RecipientKey.from_file(secret.public().to_file())
    data = sealed(public)
    header, content = open_package(data, secret=secret)
    assert content == CONTENT and header.recipient == public.fingerprint
    _, _, block, _ = read_header(data)
    assert len(block) == 1168  # ML-KEM-768 + X25519 encapsulation and the wrapped key


def test_private_key_file_round_trip(secret: RecipientSecret) -> None:
    blob = secret.protect("lantern meadow quietly", kdf())
    assert b"mlkem768" in blob and secret.mlkem_seed.hex().encode() not in blob
    again = RecipientSecret.unlock(blob, "lantern meadow quietly")
    assert again.public() == secret.public()
    with pytest.raises(WrongPackageSecret, match="key file is wrong"):
        RecipientSecret.unlock(blob, "lantern meadow quietlY")
    assert "mlkem_seed" not in repr(secret)


def test_wrong_secrets_fail_with_one_clear_error(
    by_passphrase: bytes, secret: RecipientSecret
) -> None:
    with pytest.raises(WrongPackageSecret, match="That passphrase does not open"):
        open_package(by_passphrase, passphrase=PASS + " ")
    with pytest.raises(WrongPackageSecret, match="opens with a passphrase"):
        open_package(by_passphrase, secret=secret)
    data = sealed(secret.public())
    with pytest.raises(WrongPackageSecret, match="sealed to a different key"):
        open_package(data, secret=RecipientSecret.generate("Someone Else"))
    with pytest.raises(WrongPackageSecret, match="opens with a key file"):
        open_package(data, passphrase=PASS)


def test_expired_is_refused_before_any_key_work(
    by_passphrase: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_kdf(*_: object) -> bytes:
        raise AssertionError("derived a key for an expired package")

    monkeypatch.setattr(package, "derive_kek", no_kdf)
    with pytest.raises(PackageExpired, match="expired on 24 Dec 2026"):
        open_package(by_passphrase, passphrase=PASS, today=date(2026, 12, 25))


@pytest.mark.parametrize(
    "change",
    [
        ("expires", b'"expires":"2026-12-24"', b'"expires":"2027-12-24"'),
        ("created", b'"created":"2026-11-24"', b'"created":"2026-11-25"'),
        ("id", b'"id":"pppp', b'"id":"qppp'),
    ],
)
def test_any_header_change_fails_authentication(
    by_passphrase: bytes, secret: RecipientSecret, change: tuple[str, bytes, bytes]
) -> None:
    _, old, new = change
    for data, opener in (
        (by_passphrase, {"passphrase": PASS}),
        (sealed(secret.public()), {"secret": secret}),
    ):
        assert data.count(old) == 1
        with pytest.raises(PackageTampered):
            open_package(data.replace(old, new), **opener)  # type: ignore[arg-type]


def test_flipped_truncated_and_foreign_files_fail(by_passphrase: bytes) -> None:
    flipped = bytearray(by_passphrase)
    flipped[-100] ^= 1
    for bad in (bytes(flipped), by_passphrase[: -SEGMENT_SIZE // 2]):
        with pytest.raises(PackageTampered):
            open_package(bad, passphrase=PASS)
    _, prefix, _block, _ = read_header(by_passphrase)
    wrong_block = bytearray(by_passphrase)
    wrong_block[len(prefix) + 4 + 20] ^= 1
    with pytest.raises(PackageTampered):
        open_package(bytes(wrong_block), passphrase=PASS)
    with pytest.raises(NotAPackage):
        open_package(b"\x00\x00\x00\x18ftypisom" + bytes(100), passphrase=PASS)
    with pytest.raises(PackageTampered):
        open_package(by_passphrase[:30], passphrase=PASS)
    with pytest.raises(NotAPackage):
        RecipientKey.from_file(b'{"format": "something else"}')


def test_implausible_kdf_parameters_are_refused_before_deriving(by_passphrase: bytes) -> None:
    old = b'"memory_kib":65536'
    assert by_passphrase.count(old) == 1
    greedy = by_passphrase.replace(old, b'"memory_kib":99999999')
    fixed = greedy[:10] + struct.pack(">I", struct.unpack(">I", greedy[10:14])[0] + 3) + greedy[14:]
    with pytest.raises(PackageTampered, match="header is damaged"):
        open_package(fixed, passphrase=PASS)
