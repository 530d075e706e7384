"""Sealing a letter for the BSOs (HPKE per BSO + the blob format + a signature) and
opening it, versus sealing the same bytes with a symmetric key alone.

Run: ``python tests/bench/bench_letters.py [bsos]`` (default 2). Prints best-of-5
timings, the ratios and the file's size overhead; asserts nothing.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from vigdesk.crypto.streaming import open_bytes, seal_bytes
from vigdesk.sync.identity import DeviceKeys
from vigdesk.sync.letters import Envelope, LetterContent, open_letter, seal_letter
from vigdesk.sync.manifest import Member, SiteManifest

PDF = os.urandom(120 * 1024)  # a two-page letter with a logo is about this size
HTML = "<p>Dear family,</p>" * 200


def best_of_5(action: Callable[[], object]) -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str]) -> int:
    count = int(argv[1]) if len(argv) > 1 else 2
    author = DeviceKeys.generate()
    bso_keys = [DeviceKeys.generate() for _ in range(count)]

    def member(n: int, keys: DeviceKeys, role: str) -> Member:
        ident = f"{n:032x}"
        return Member(
            ident,
            f"M{n}",
            role,
            f"{n + 100:032x}",
            keys.sign_public,
            keys.hpke_public,
            "2026-12-04T00:00:00Z",
        )

    ann = member(0, author, "practitioner")
    bsos = [member(n + 1, k, "bso") for n, k in enumerate(bso_keys)]
    site = SiteManifest("f" * 32, "Bench", 1, "2026-12-04T00:00:00Z", b"k" * 32, 1, (ann, *bsos))
    envelope = Envelope("a" * 32, "b" * 32, "VIG-26-K7QM", "MW", "blank", ann.id, "now")
    content = LetterContent(HTML, PDF)
    sealed = seal_letter(envelope, content, bsos, author, ann.device_id)
    key = os.urandom(32)
    plain_sealed = seal_bytes(key, b"ad", content.pack())

    seal_t = best_of_5(lambda: seal_letter(envelope, content, bsos, author, ann.device_id))
    open_t = best_of_5(lambda: open_letter(sealed, "a" * 32, bsos[0], bso_keys[0], site))
    base_seal = best_of_5(lambda: seal_bytes(key, b"ad", content.pack()))
    base_open = best_of_5(lambda: open_bytes(key, b"ad", plain_sealed))
    print(f"letter of {len(content.pack()) / 1024:.0f} KB to {count} BSO(s)")
    print(
        f"seal  {seal_t * 1000:7.2f} ms   symmetric only {base_seal * 1000:6.2f} ms   "
        f"ratio {seal_t / base_seal:5.1f}x"
    )
    print(
        f"open  {open_t * 1000:7.2f} ms   symmetric only {base_open * 1000:6.2f} ms   "
        f"ratio {open_t / base_open:5.1f}x"
    )
    print(
        f"file  {len(sealed) / 1024:7.1f} KB   symmetric only {len(plain_sealed) / 1024:6.1f} KB"
        f"   ratio {len(sealed) / len(plain_sealed):5.2f}x (base64 and one wrap per BSO)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
