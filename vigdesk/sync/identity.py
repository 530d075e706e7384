"""Device keys: Ed25519 for signing, HPKE (MLKEM768_X25519) for receiving wrapped keys.

Every signature is domain-separated (``domain ‖ 0x00 ‖ data``) so a signature made for one
kind of file can never be replayed as another. HPKE `info` binds each wrap to its place.
All functions are pure and thread-safe.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import ed25519, mlkem, x25519

from vigdesk.core.errors import IntegrityError

SUITE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
MLKEM_PUBLIC_LEN = 1184
X25519_LEN = 32
SIGN_KEY_LEN = 32
HPKE_PUBLIC_LEN = MLKEM_PUBLIC_LEN + X25519_LEN
HPKE_PRIVATE_LEN = 64 + X25519_LEN  # ML-KEM seed ‖ X25519 private


def fingerprint(public_key: bytes) -> str:
    """Short SHA-256 fingerprint for reading aloud: 8 groups of 4 hex digits."""
    digest = hashlib.sha256(public_key).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def _message(domain: bytes, data: bytes) -> bytes:
    return domain + b"\x00" + data


def sign(key: ed25519.Ed25519PrivateKey, domain: bytes, data: bytes) -> bytes:
    return key.sign(_message(domain, data))


def verify(public_key: bytes, domain: bytes, data: bytes, signature: bytes) -> bool:
    """True only for a valid signature by `public_key` (raw 32 bytes) over domain+data."""
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(public_key).verify(
            signature, _message(domain, data)
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def public_hpke(raw: bytes) -> hpke.MLKEM768X25519PublicKey:
    """Parse ML-KEM-768 public ‖ X25519 public; raises ValueError if malformed."""
    if len(raw) != HPKE_PUBLIC_LEN:
        raise ValueError("an HPKE public key has the wrong length")
    return hpke.MLKEM768X25519PublicKey(
        mlkem.MLKEM768PublicKey.from_public_bytes(raw[:MLKEM_PUBLIC_LEN]),
        x25519.X25519PublicKey.from_public_bytes(raw[MLKEM_PUBLIC_LEN:]),
    )


def seal_to(recipient_public: bytes, plaintext: bytes, info: bytes) -> bytes:
    """HPKE single-shot encryption to one recipient (1,168 + len bytes for 32)."""
    return SUITE.encrypt(plaintext, public_hpke(recipient_public), info=info)


@dataclass(frozen=True)
class DeviceKeys:
    """One vault's signing and HPKE key pairs. Never written anywhere unwrapped."""

    sign_key: ed25519.Ed25519PrivateKey
    hpke_raw: bytes

    @classmethod
    def generate(cls) -> DeviceKeys:
        seed = mlkem.MLKEM768PrivateKey.generate().private_bytes_raw()
        ecdh = x25519.X25519PrivateKey.generate().private_bytes_raw()
        return cls(ed25519.Ed25519PrivateKey.generate(), seed + ecdh)

    @classmethod
    def from_raw(cls, sign_raw: bytes, hpke_raw: bytes) -> DeviceKeys:
        if len(hpke_raw) != HPKE_PRIVATE_LEN:
            raise ValueError("an HPKE private key has the wrong length")
        return cls(ed25519.Ed25519PrivateKey.from_private_bytes(sign_raw), hpke_raw)

    @property
    def sign_raw(self) -> bytes:
        return self.sign_key.private_bytes_raw()

    @property
    def sign_public(self) -> bytes:
        return self.sign_key.public_key().public_bytes_raw()

    def _hpke_private(self) -> hpke.MLKEM768X25519PrivateKey:
        return hpke.MLKEM768X25519PrivateKey(
            mlkem.MLKEM768PrivateKey.from_seed_bytes(self.hpke_raw[:64]),
            x25519.X25519PrivateKey.from_private_bytes(self.hpke_raw[64:]),
        )

    @property
    def hpke_public(self) -> bytes:
        seed, ecdh = self.hpke_raw[:64], self.hpke_raw[64:]
        return (
            mlkem.MLKEM768PrivateKey.from_seed_bytes(seed).public_key().public_bytes_raw()
            + x25519.X25519PrivateKey.from_private_bytes(ecdh).public_key().public_bytes_raw()
        )

    def sign(self, domain: bytes, data: bytes) -> bytes:
        return sign(self.sign_key, domain, data)

    def open(self, sealed: bytes, info: bytes) -> bytes:
        """Open an HPKE wrap addressed to this device; IntegrityError if not ours/tampered."""
        try:
            return SUITE.decrypt(sealed, self._hpke_private(), info=info)
        except (InvalidTag, ValueError) as exc:
            raise IntegrityError("a wrapped key is not addressed to this device") from exc
