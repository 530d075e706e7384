"""Key wrapping and derivation for the key hierarchy of DESIGN §3.

Wrapped form: 12-byte random nonce ‖ AES-256-GCM ciphertext+tag. The associated
data binds each wrapped key to its place (vault id, case id, blob id), so a
wrapped key copied to another row fails to unwrap.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from vigdesk.core.errors import IntegrityError

KEY_LEN = 32
NONCE_LEN = 12

DB_KEY_INFO = b"vigdesk/db/v1"


def new_key() -> bytes:
    """32 bytes from the OS CSPRNG."""
    return os.urandom(KEY_LEN)


def wrap(kek: bytes, key: bytes, aad: bytes) -> bytes:
    """Encrypt `key` under `kek` bound to `aad`."""
    nonce = os.urandom(NONCE_LEN)
    return nonce + AESGCM(kek).encrypt(nonce, key, aad)


def unwrap(kek: bytes, wrapped: bytes, aad: bytes) -> bytes:
    """Inverse of :func:`wrap`; raises IntegrityError on a wrong key or tampering."""
    try:
        return AESGCM(kek).decrypt(wrapped[:NONCE_LEN], wrapped[NONCE_LEN:], aad)
    except (InvalidTag, ValueError) as exc:
        raise IntegrityError("a wrapped key failed authentication") from exc


def hkdf(key: bytes, info: bytes, length: int = KEY_LEN) -> bytes:
    """HKDF-SHA256 sub-key derivation with no salt (the input is already uniform)."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(key)


def master_aad(vault_id: str) -> bytes:
    """DESIGN §3: the master key's wrap is bound to the vault id."""
    return vault_id.encode()


def case_key_aad(case_id: str) -> bytes:
    return b"vigdesk/case-key/" + case_id.encode()


def blob_key_aad(blob_id: str) -> bytes:
    return b"vigdesk/blob-key/" + blob_id.encode()


def blob_aad(blob_id: str) -> bytes:
    """Associated data of a sealed blob's stream (DESIGN §4)."""
    return b"vigdesk/blob/v1/" + blob_id.encode()
