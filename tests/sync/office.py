"""A council office in a temp folder: the site folder, a BSO vault and laptop vaults.

`build_office` makes one from scratch (slow-ish: vaults, site, enrolment, approval);
`copy_office` copies a built one and points everything at the copy, which is what tests
use. Real vaults, real services, real files.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.conftest import PASSPHRASE, fast_kdf
from vigdesk.core.ids import new_id
from vigdesk.services.access import create_vault, unlock_vault
from vigdesk.services.session import Services
from vigdesk.sync.run import SyncReport
from vigdesk.sync.schema import TABLES

PEOPLE = {
    "bso": ("Bea Officer", "bso"),
    "a": ("Ann Practitioner", "practitioner"),
    "b": ("Ben Practitioner", "practitioner"),
    "c": ("Cat Trainee", "trainee"),
}
LAPTOPS = ("a", "b", "c")


class Office:
    """Open vaults by name; `sync` runs a real sync against the office's share."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.share = root / "share"
        self.open: dict[str, Services] = {}
        self.located: set[str] = set()

    def home(self, name: str) -> Path:
        return self.root / name

    def __getitem__(self, name: str) -> Services:
        if name not in self.open:
            services = Services.for_vault(unlock_vault(self.home(name), PASSPHRASE))
            self.open[name] = services
            if name not in self.located:  # a copied office: use this copy's folder
                services.sync.site.use_location(self.share)
                self.located.add(name)
        return self.open[name]

    def member_id(self, name: str) -> str:
        return self[name].vault.profile.member_id

    def sync(self, name: str, **kwargs: Any) -> SyncReport:
        return self[name].sync.sync(**kwargs)

    def settle(self, names: tuple[str, ...], rounds: int = 4) -> None:
        """Sync everyone in turn until a whole round moves nothing."""
        for _ in range(rounds):
            reports = [self.sync(n) for n in names]
            if not any(r.changed for r in reports):
                return
        raise AssertionError(f"the office did not settle: {reports}")

    def close(self, name: str) -> None:
        services = self.open.pop(name, None)
        if services is not None:
            services.vault.lock()

    def close_all(self) -> None:
        for name in list(self.open):
            self.close(name)


def build_office(root: Path, laptops: tuple[str, ...] = LAPTOPS) -> Path:
    share = root / "share"
    share.mkdir(parents=True)
    for name in ("bso", *laptops):
        display, role = PEOPLE[name]
        create_vault(
            root / name, PASSPHRASE, display_name=display, role=role, kdf=fast_kdf()
        ).lock()
    office = Office(root)
    office.located.update(("bso", *laptops))
    office["bso"].sync.site.init_site(share, "VIG Test Service", PASSPHRASE)
    for name in laptops:
        office[name].sync.site.enrol(share)
    for request in office["bso"].sync.site.requests():
        office["bso"].sync.site.approve(request.device_id, PASSPHRASE)
    office.settle(("bso", *laptops))
    office.close_all()
    for name in ("bso", *laptops):
        (root / name / "unlock-state.json").unlink(missing_ok=True)
    return root


@contextmanager
def copy_office(template: Path, dest: Path) -> Iterator[Office]:
    """A private copy of a built office, re-pointed at its own share folder."""
    shutil.copytree(template, dest)
    office = Office(dest)
    office.located.add("bso")  # registers the copy's folder before using it
    try:
        office["bso"].sync.site.add_location(office.share, PASSPHRASE)
        office["bso"].sync.site.use_location(office.share)
        for name in ("a", "b"):  # seen the copy's current site.json; "c" opens on demand
            _ = office[name]
        yield office
    finally:
        office.close_all()


def snapshot(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every synced table, sorted: what must be identical on converged devices."""
    db = services.vault.db
    return {t.name: sorted(db.execute(f"SELECT * FROM {t.name}"), key=repr) for t in TABLES}


def fresh_dir(base: Path) -> Path:
    return base / new_id()[:8]
