"""Passphrase → key-encryption key with Argon2id, calibrated once per vault."""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

MIN_MEMORY_KIB = 64 * 1024  # DESIGN §3: never below 64 MiB
MAX_MEMORY_KIB = 256 * 1024
LANES = 4
SALT_LEN = 16


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters stored (public) in vault.json."""

    salt: bytes
    memory_kib: int = MIN_MEMORY_KIB
    iterations: int = 3
    lanes: int = LANES

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["salt"] = self.salt.hex()
        data["alg"] = "argon2id"
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> KdfParams:
        if data.get("alg") != "argon2id":
            raise ValueError("unknown KDF")
        return cls(
            salt=bytes.fromhex(str(data["salt"])),
            memory_kib=int(str(data["memory_kib"])),
            iterations=int(str(data["iterations"])),
            lanes=int(str(data["lanes"])),
        )


def derive_kek(passphrase: str, params: KdfParams) -> bytes:
    """The 32-byte key-encryption key. Slow by design; call off the GUI thread."""
    kdf = Argon2id(
        salt=params.salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))


def calibrate(target_seconds: float = 0.75) -> KdfParams:
    """Parameters that take about `target_seconds` here, never below 64 MiB and t=1.

    Memory grows first (it is what makes guessing expensive on GPUs), then passes.
    One timed probe at 64 MiB, t=1 is enough: Argon2 time is linear in both.
    """
    salt = os.urandom(SALT_LEN)
    probe = KdfParams(salt=salt, memory_kib=MIN_MEMORY_KIB, iterations=1)
    start = time.perf_counter()
    derive_kek("calibration", probe)
    per_unit = max(time.perf_counter() - start, 1e-4)  # seconds per 64 MiB pass
    units = max(1.0, target_seconds / per_unit)
    memory_units = min(units, MAX_MEMORY_KIB / MIN_MEMORY_KIB)
    memory = int(MIN_MEMORY_KIB * memory_units) // 1024 * 1024
    iterations = max(1, round(units / memory_units))
    return KdfParams(salt=salt, memory_kib=max(memory, MIN_MEMORY_KIB), iterations=iterations)
