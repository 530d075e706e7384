"""Editing a record on a laptop whose search index holds a county (issue 17, migration 0030).

Every edit of a person, video, session or case rewrites that record's search entry. The
triggers once found it by columns FTS5 cannot index, so each edit read the whole index;
they now go straight to its rowid. This times renaming one person with the index at its
small size and again after it has grown to `entries` (default 150,000, about a county's
BSO laptop), in one real vault. A ratio near 1 means edits do not scan the index.

Run: ``python tests/bench/bench_search_edits.py [entries]``. Prints best-of-3 milliseconds
per edit and the ratio; asserts nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tests.conftest import PASSPHRASE, add_family, fast_kdf
from vigdesk.core.ids import new_id
from vigdesk.services.access import create_vault
from vigdesk.services.session import Services
from vigdesk.storage.db import Database

EDITS = 50


def ms_per_edit(db: Database, person_id: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for i in range(EDITS):
            with db.transact() as tx:
                tx.execute("UPDATE people SET full_name = ? WHERE id = ?", (f"Name {i}", person_id))
        best = min(best, (time.perf_counter() - start) / EDITS * 1000)
    return best


def grow(db: Database, like: str, entries: int) -> None:
    """`entries` more people, copies of `like` under new ids (each gets a search entry)."""
    columns = [str(r[1]) for r in db.execute("PRAGMA table_info(people)")]
    rest = ", ".join(c for c in columns if c != "id")
    sql = f"INSERT INTO people (id, {rest}) SELECT ?, {rest} FROM people WHERE id = ?"
    for start in range(0, entries, 10_000):
        with db.transact() as tx:
            tx.executemany(sql, [(new_id(), like) for _ in range(min(10_000, entries - start))])


def main(entries: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        vault = create_vault(
            Path(folder) / "vault", PASSPHRASE, display_name="Bench", role="bso", kdf=fast_kdf()
        )
        family = add_family(Services.for_vault(vault))
        db, person = vault.db, family.mother.id
        small = ms_per_edit(db, person)
        grow(db, family.child.id, entries)
        size = int(db.scalar("SELECT count(*) FROM search_index"))
        large = ms_per_edit(db, person)
        vault.lock()
    print(f"rename a person, index of a few entries:  {small:7.2f} ms")
    print(f"rename a person, index of {size:,} entries: {large:7.2f} ms")
    print(f"ratio large / small: {large / small:.2f}x (a scan would grow with the index)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 150_000)
