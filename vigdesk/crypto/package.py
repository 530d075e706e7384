"""The package file: one sealed file for a supervisor or trainer (DESIGN §3, §4).

Layout (all integers big-endian)::

    0       8  magic  b"\\x89VIGPKG\\n"
    8       2  format version (1)
    10      4  header length N (<= 16 KiB)
    14      N  header: canonical JSON (sorted keys, UTF-8): format, version, id,
               created, expires, mode and, by mode, kdf + check or hpke suite + recipient
    14+N    4  key-block length K (<= 4 KiB)
    18+N    K  key block: the random 32-byte content key CK, sealed to the recipient
    18+N+K  …  content: Tink AES-GCM-HKDF streaming (AES256_GCM_HKDF_1MB) under CK,
               associated data "vigdesk/package/v1/content/" ‖ SHA-256(bytes 0..18+N+K)

Mode "passphrase": KEK = Argon2id(passphrase, header.kdf); header.check =
HKDF(KEK, "…/check")[:16] tells a wrong passphrase from tampering; the key block is
AES-256-GCM(HKDF(KEK, "…/wrap"), CK) with the prefix (bytes 0..14+N) as associated data.
Mode "public-key": the key block is HPKE (RFC 9180, MLKEM768_X25519 + HKDF_SHA256 +
AES_256_GCM, base mode) of CK to the recipient's key, info "…/key/" ‖ SHA-256(prefix);
header.recipient is the key's fingerprint. Either way the header (expiry included) is
authenticated: any change makes the content key unrecoverable.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import struct
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519

from vigdesk.core import messages
from vigdesk.core.errors import IntegrityError, NotAPackage, PackageTampered, WrongPackageSecret
from vigdesk.core.packages import check_not_expired
from vigdesk.crypto import keys
from vigdesk.crypto.kdf import KdfParams, derive_kek
from vigdesk.crypto.streaming import open_bytes, seal_bytes

MAGIC = b"\x89VIGPKG\n"
VERSION = 1
MODE_PASSPHRASE = "passphrase"
MODE_PUBLIC_KEY = "public-key"
SUITE = "MLKEM768_X25519/HKDF_SHA256/AES_256_GCM"
_PREFIX = struct.Struct(">8sHI")
_MAX_HEADER, _MAX_KEY_BLOCK = 16 * 1024, 4096
_INFO = b"vigdesk/package/v1/"
_SECRET_FORMAT, _PUBLIC_FORMAT = "vigdesk-recipient-secret-key", "vigdesk-recipient-public-key"


def _suite() -> hpke.Suite:
    return hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _bounded(kdf: KdfParams) -> KdfParams:
    """Refuse Argon2id parameters no vigdesk would write (a crafted file must not make the
    viewer allocate terabytes or spin for hours): at most 1 GiB, 64 passes, 16 lanes."""
    if not (
        len(kdf.salt) >= 16
        and 8 * kdf.lanes <= kdf.memory_kib <= 1 << 20
        and 1 <= kdf.iterations <= 64
        and 1 <= kdf.lanes <= 16
    ):
        raise ValueError("implausible KDF parameters")
    return kdf


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")


# --- recipient keys --------------------------------------------------------------------


@dataclass(frozen=True)
class RecipientKey:
    """A supervisor's public key (safe to e-mail); `fingerprint` is read aloud to check it."""

    name: str
    mlkem: bytes
    x25519: bytes

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256(b"vigdesk/recipient/v1" + self.mlkem + self.x25519).hexdigest()
        return digest[:32]

    def hpke_key(self) -> hpke.MLKEM768X25519PublicKey:
        return hpke.MLKEM768X25519PublicKey(
            mlkem.MLKEM768PublicKey.from_public_bytes(self.mlkem),
            x25519.X25519PublicKey.from_public_bytes(self.x25519),
        )

    def to_json(self) -> dict[str, Any]:
        return {"mlkem768": _b64(self.mlkem), "x25519": _b64(self.x25519)}

    def to_file(self) -> bytes:
        data = {"format": _PUBLIC_FORMAT, "version": 1, "suite": SUITE, "name": self.name}
        data |= self.to_json() | {"fingerprint": self.fingerprint}
        return json.dumps(data, indent=2, sort_keys=True).encode("utf-8") + b"\n"

    @classmethod
    def from_json(cls, name: str, data: dict[str, Any]) -> RecipientKey:
        key = cls(name, base64.b64decode(data["mlkem768"]), base64.b64decode(data["x25519"]))
        key.hpke_key()  # validates both parts
        return key

    @classmethod
    def from_file(cls, blob: bytes) -> RecipientKey:
        """Raises NotAPackage for anything but a vigdesk public key file."""
        try:
            data = json.loads(blob)
            if data["format"] != _PUBLIC_FORMAT or data["suite"] != SUITE:
                raise ValueError
            key = cls.from_json(str(data["name"]), data)
        except (ValueError, KeyError, TypeError) as exc:
            raise NotAPackage(messages.not_a_public_key()) from exc
        if data.get("fingerprint") not in (None, key.fingerprint):
            raise NotAPackage(messages.public_key_damaged())
        return key


@dataclass(frozen=True, repr=False)
class RecipientSecret:
    """A supervisor's private key in memory. Never printed; stored only via `protect`."""

    name: str
    mlkem_seed: bytes = field(repr=False)
    x25519: bytes = field(repr=False)

    @classmethod
    def generate(cls, name: str) -> RecipientSecret:
        seed = mlkem.MLKEM768PrivateKey.generate().private_bytes_raw()
        return cls(name, seed, x25519.X25519PrivateKey.generate().private_bytes_raw())

    def hpke_key(self) -> hpke.MLKEM768X25519PrivateKey:
        return hpke.MLKEM768X25519PrivateKey(
            mlkem.MLKEM768PrivateKey.from_seed_bytes(self.mlkem_seed),
            x25519.X25519PrivateKey.from_private_bytes(self.x25519),
        )

    def public(self) -> RecipientKey:
        ml = mlkem.MLKEM768PrivateKey.from_seed_bytes(self.mlkem_seed).public_key()
        xp = x25519.X25519PrivateKey.from_private_bytes(self.x25519).public_key()
        return RecipientKey(self.name, ml.public_bytes_raw(), xp.public_bytes_raw())

    def protect(self, passphrase: str, kdf: KdfParams) -> bytes:
        """The key file: the private parts AES-256-GCM-wrapped under Argon2id(passphrase)."""
        public = self.public()
        data: dict[str, Any] = {"format": _SECRET_FORMAT, "version": 1, "suite": SUITE}
        data |= {"name": self.name, "public": public.to_json(), "kdf": kdf.to_json()}
        data["fingerprint"] = public.fingerprint
        kek = derive_kek(passphrase, kdf)
        data["wrapped"] = _b64(keys.wrap(kek, self.mlkem_seed + self.x25519, _canonical(data)))
        return json.dumps(data, indent=2, sort_keys=True).encode("utf-8") + b"\n"

    @classmethod
    def unlock(cls, blob: bytes, passphrase: str) -> RecipientSecret:
        """Raises NotAPackage (not a key file) or WrongPackageSecret (wrong passphrase)."""
        try:
            data = json.loads(blob)
            if data["format"] != _SECRET_FORMAT or data["suite"] != SUITE:
                raise ValueError
            wrapped = base64.b64decode(data.pop("wrapped"))
            kdf = _bounded(KdfParams.from_json(data["kdf"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise NotAPackage(messages.not_a_private_key()) from exc
        try:
            raw = keys.unwrap(derive_kek(passphrase, kdf), wrapped, _canonical(data))
        except IntegrityError as exc:
            raise WrongPackageSecret(messages.key_passphrase_wrong()) from exc
        secret = cls(str(data["name"]), raw[:64], raw[64:])
        if secret.public().fingerprint != data["fingerprint"]:
            raise NotAPackage(messages.private_key_damaged())
        return secret


# --- the header ------------------------------------------------------------------------


@dataclass(frozen=True)
class PackageHeader:
    """The public, authenticated header. `check` (hex) only in passphrase mode,
    `recipient` (a key fingerprint) only in public-key mode."""

    package_id: str
    created_on: date
    expires_on: date
    mode: str
    kdf: KdfParams | None = None
    check: str = ""
    recipient: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": "vigdesk-package",
            "version": VERSION,
            "id": self.package_id,
            "created": self.created_on.isoformat(),
            "expires": self.expires_on.isoformat(),
            "mode": self.mode,
            "content": "AES256_GCM_HKDF_1MB",
        }
        if self.kdf is not None:
            data |= {"kdf": self.kdf.to_json(), "check": self.check}
        if self.mode == MODE_PUBLIC_KEY:
            data["hpke"] = {"suite": SUITE, "recipient": self.recipient}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PackageHeader:
        if data.get("format") != "vigdesk-package" or data.get("version") != VERSION:
            raise NotAPackage(messages.package_too_new())
        mode = data["mode"]
        if mode not in (MODE_PASSPHRASE, MODE_PUBLIC_KEY):
            raise NotAPackage(messages.package_lock_unknown())
        passphrase = mode == MODE_PASSPHRASE
        return cls(
            package_id=str(data["id"]),
            created_on=date.fromisoformat(data["created"]),
            expires_on=date.fromisoformat(data["expires"]),
            mode=mode,
            kdf=_bounded(KdfParams.from_json(data["kdf"])) if passphrase else None,
            check=str(data["check"]) if passphrase else "",
            recipient="" if passphrase else str(data["hpke"]["recipient"]),
        )


@dataclass(frozen=True, repr=False)
class PassphraseLock:
    """Seal to whoever knows `passphrase` (told to them separately)."""

    passphrase: str = field(repr=False)
    kdf: KdfParams


def _kek_parts(passphrase: str, kdf: KdfParams) -> tuple[bytes, bytes]:
    kek = derive_kek(passphrase, kdf)
    return keys.hkdf(kek, _INFO + b"check", 16), keys.hkdf(kek, _INFO + b"wrap")


def _content_ad(prefix_and_key_block: bytes) -> bytes:
    return _INFO + b"content/" + hashlib.sha256(prefix_and_key_block).digest()


def seal_package(
    content: bytes,
    *,
    package_id: str,
    created_on: date,
    expires_on: date,
    to: PassphraseLock | RecipientKey,
) -> bytes:
    """The whole package file as bytes (write it atomically). Slow in passphrase mode."""
    ck = keys.new_key()
    if isinstance(to, PassphraseLock):
        check, wrap_key = _kek_parts(to.passphrase, to.kdf)
        header = PackageHeader(
            package_id, created_on, expires_on, MODE_PASSPHRASE, to.kdf, check.hex()
        )
    else:
        header = PackageHeader(
            package_id, created_on, expires_on, MODE_PUBLIC_KEY, recipient=to.fingerprint
        )
    head = _canonical(header.to_json())
    prefix = _PREFIX.pack(MAGIC, VERSION, len(head)) + head
    if isinstance(to, PassphraseLock):
        block = keys.wrap(wrap_key, ck, prefix)
    else:
        info = _INFO + b"key/" + hashlib.sha256(prefix).digest()
        block = _suite().encrypt(ck, to.hpke_key(), info=info)
    front = prefix + struct.pack(">I", len(block)) + block
    return front + seal_bytes(ck, _content_ad(front), content)


def read_header(data: bytes) -> tuple[PackageHeader, bytes, bytes, bytes]:
    """(header, prefix, key block, sealed content). Raises NotAPackage / PackageTampered."""
    if len(data) < _PREFIX.size or data[:8] != MAGIC:
        raise NotAPackage(messages.not_a_package())
    _, version, n = _PREFIX.unpack_from(data)
    if version != VERSION:
        raise NotAPackage(messages.package_too_new())
    end = _PREFIX.size + n
    if n > _MAX_HEADER or len(data) < end + 4:
        raise PackageTampered(messages.package_truncated())
    (k,) = struct.unpack_from(">I", data, end)
    if k > _MAX_KEY_BLOCK or len(data) < end + 4 + k:
        raise PackageTampered(messages.package_truncated())
    try:
        header = PackageHeader.from_json(json.loads(data[_PREFIX.size : end]))
    except (ValueError, KeyError, TypeError) as exc:
        raise PackageTampered(messages.package_header_damaged()) from exc
    return header, data[:end], data[end + 4 : end + 4 + k], data[end + 4 + k :]


def open_package(
    data: bytes,
    *,
    passphrase: str | None = None,
    secret: RecipientSecret | None = None,
    today: date | None = None,
) -> tuple[PackageHeader, bytes]:
    """Authenticate and decrypt: (header, content). With `today`, an expired package is
    refused first (PackageExpired), before any key derivation.

    Raises NotAPackage, WrongPackageSecret (wrong passphrase or another recipient's key:
    one clear sentence) or PackageTampered (header or content changed, truncated).
    """
    header, prefix, block, sealed = read_header(data)
    if today is not None:
        check_not_expired(header.expires_on, today)
    if header.mode == MODE_PASSPHRASE:
        if passphrase is None or header.kdf is None:
            raise WrongPackageSecret(messages.package_needs_passphrase())
        check, wrap_key = _kek_parts(passphrase, header.kdf)
        if not hmac.compare_digest(check.hex(), header.check):
            raise WrongPackageSecret(messages.package_passphrase_wrong())
        try:
            ck = keys.unwrap(wrap_key, block, prefix)
        except IntegrityError as exc:
            raise PackageTampered(messages.package_tampered()) from exc
    else:
        if secret is None:
            raise WrongPackageSecret(messages.package_needs_key_file())
        if secret.public().fingerprint != header.recipient:
            raise WrongPackageSecret(messages.package_for_another_key())
        info = _INFO + b"key/" + hashlib.sha256(prefix).digest()
        try:
            ck = _suite().decrypt(block, secret.hpke_key(), info=info)
        except (InvalidTag, ValueError) as exc:
            raise PackageTampered(messages.package_tampered()) from exc
    front = data[: len(data) - len(sealed)]
    try:
        return header, open_bytes(ck, _content_ad(front), sealed)
    except (IntegrityError, ValueError) as exc:
        raise PackageTampered(messages.package_tampered()) from exc
