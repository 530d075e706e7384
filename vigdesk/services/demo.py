"""The demo vault: invented families and generated videos, apart from any real vault."""

from __future__ import annotations

import shutil
from pathlib import Path

from vigdesk.crypto.kdf import MIN_MEMORY_KIB, KdfParams
from vigdesk.services.access import create_vault
from vigdesk.storage.header import HEADER_NAME

DEMO_PASSPHRASE = "demo garden kettle 42"
DEMO_NAME = "Demo Practitioner"


def ensure_demo_vault(home: Path, *, reset: bool = False) -> bool:
    """Create the demo vault once (or again with `reset`); True when it was created now."""
    if reset and (home / HEADER_NAME).exists():
        shutil.rmtree(home)
    if (home / HEADER_NAME).exists():
        return False
    import os

    # The demo passphrase is printed for all to see, so a slow KDF protects nothing.
    kdf = KdfParams(salt=os.urandom(16), memory_kib=MIN_MEMORY_KIB, iterations=1)
    vault = create_vault(
        home, DEMO_PASSPHRASE, display_name=DEMO_NAME, role="practitioner", kdf=kdf
    )
    try:
        populate(vault)
    finally:
        vault.lock()
    return True


def populate(vault: object) -> None:
    """Fill the demo vault; later features add families, videos and consents here."""
    del vault
