"""Small helpers shared by the sync tests."""

from __future__ import annotations

import os
from datetime import date

from tests.conftest import Family, add_family
from vigdesk.core.consent import Method, Purpose
from vigdesk.services.session import Services


def family_with_files(s: Services, files: int = 1, size: int = 64 * 1024) -> Family:
    """A family whose consent records carry `files` sealed evidence files of `size` bytes."""
    fam = add_family(s)
    for _ in range(files):
        s.consent.record(
            fam.case.id,
            fam.mother.id,
            [fam.child.id],
            {Purpose.FILM: True},
            form_version="2026.1",
            given_on=date(2026, 9, 11),
            method=Method.SCANNED_PAPER,
            evidence=os.urandom(size),
        )
    return fam


def blob_ids(s: Services, case_id: str | None = None) -> list[str]:
    sql = "SELECT id FROM blobs" + (" WHERE case_id = ?" if case_id else "") + " ORDER BY id"
    return [r[0] for r in s.vault.db.execute(sql, (case_id,) if case_id else ())]
