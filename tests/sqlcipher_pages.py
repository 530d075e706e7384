"""Decrypt every page of an SQLCipher 4 file, free pages included, for forensic tests.

SQLCipher 4 defaults: 4096-byte pages, each ending in a 16-byte IV and a 64-byte
HMAC; page 1 starts with the 16-byte salt. With a raw key the 32 bytes are the
AES-256-CBC key itself. (The HMAC is not checked: these tests only look inside.)
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 16 + 64


def decrypted_pages(path: Path, raw_key: bytes) -> list[bytes]:
    data = path.read_bytes()
    pages = []
    for offset in range(0, len(data) - PAGE + 1, PAGE):
        page = data[offset : offset + PAGE]
        start = 16 if offset == 0 else 0
        iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(raw_key), modes.CBC(iv)).decryptor()
        pages.append(decryptor.update(page[start : PAGE - RESERVE]) + decryptor.finalize())
    return pages
