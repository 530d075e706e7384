"""The office demo: a site folder, the BSO's vault and two practitioners' laptops.

Shows sync end to end on invented families only (issue #8). `share/` stands in for
the council's restricted network folder; `bso/` is Bea's vault (role bso), `ann/` and
`ben/` two practitioners' laptops, enrolled and approved. Ann and Ben each hold their
own demo families; the BSO gives Ben one of Ann's cases and both then edit the same
session's notes without syncing in between, so the conflicts list has one true
concurrent edit. Everything goes through the real services and a real sync. The
vaults and the site key share the public DEMO_PASSPHRASE, hence the fast KDF.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vigdesk.core.errors import InvalidInput, VigdeskError
from vigdesk.core.ids import CaseId
from vigdesk.core.sessions import SessionKind
from vigdesk.paths import resources_dir
from vigdesk.services.access import create_vault
from vigdesk.services.demo import DEMO_PASSPHRASE, FAMILIES, add_families, demo_kdf
from vigdesk.services.session import Services

SITE_NAME = "Demo VIG Service"
MARKER = "demo-office.json"
SHARE = "share"


@dataclass(frozen=True)
class DemoMember:
    folder: str
    name: str
    role: str
    desk: str  # where they sit, for the printed guide


PEOPLE = (
    DemoMember("bso", "Bea Officer", "bso", "business support officer"),
    DemoMember("ann", "Ann Practitioner", "practitioner", "practitioner's laptop"),
    DemoMember("ben", "Ben Practitioner", "practitioner", "practitioner's laptop"),
)
FOLDERS = tuple(p.folder for p in PEOPLE)
ANN_FAMILIES = FAMILIES[0::2]  # the first is the case the BSO also gives Ben
BEN_FAMILIES = FAMILIES[1::2]
ANN_NOTE = "Teddy waved at the door today; we watched the goodbye clip twice."
BEN_NOTE = "Covering for Ann: mum asked to see the goodbye clip again next visit."
SETTLE_ROUNDS = 6
DEMO_FOOTAGE_AFTER_REVIEW_DAYS = 14


def ensure_demo_office(root: Path, *, reset: bool = False) -> bool:
    """Build the office demo in `root` once (or again with `reset`); True when built now.

    Raises InvalidInput if `root` holds anything but an office demo (nothing is
    deleted then), VigdeskError if the demo office did not settle.
    """
    root = root.absolute()  # the site pins this path: it must not depend on the cwd
    marker = root / MARKER
    if marker.exists():
        if _ready(marker) and not reset:
            return False
        _clear(root)
    elif root.exists() and any(root.iterdir()):
        raise InvalidInput(
            f"{root} is not empty and holds no office demo: choose an empty or new folder."
        )
    root.mkdir(parents=True, exist_ok=True)
    _mark(marker, ready=False)  # an interrupted build is rebuilt next time
    _build(root)
    _mark(marker, ready=True)
    return True


def share_of(root: Path) -> Path:
    return root.absolute() / SHARE


def home_of(root: Path, folder: str) -> Path:
    if folder not in FOLDERS:
        raise InvalidInput(f"The office demo has no {folder!r}: choose {', '.join(FOLDERS)}.")
    return root.absolute() / folder


def _ready(marker: Path) -> bool:
    try:
        return bool(json.loads(marker.read_text("utf-8")).get("ready"))
    except (OSError, ValueError, AttributeError):
        return False


def _mark(marker: Path, *, ready: bool) -> None:
    marker.write_text(json.dumps({"vigdesk_office_demo": 1, "ready": ready}) + "\n", "utf-8")


def _clear(root: Path) -> None:
    """Delete what the demo made, by name, so a wrong `root` loses nothing else."""
    for name in (SHARE, *FOLDERS):
        if (root / name).exists():
            shutil.rmtree(root / name)
    (root / MARKER).unlink(missing_ok=True)


def _build(root: Path) -> None:
    share = share_of(root)
    share.mkdir()
    opened: dict[str, Services] = {}
    try:
        for p in PEOPLE:
            vault = create_vault(
                root / p.folder, DEMO_PASSPHRASE, display_name=p.name, role=p.role, kdf=demo_kdf()
            )
            opened[p.folder] = Services.for_vault(vault)
        bso, ann, ben = (opened[f] for f in FOLDERS)
        bso.sync.site.init_site(share, SITE_NAME, DEMO_PASSPHRASE)
        bso.sync.site.set_retention_policy(demo_policy(), DEMO_PASSPHRASE)
        for laptop in (ann, ben):
            laptop.sync.site.enrol(share)
        for request in bso.sync.site.requests():
            bso.sync.site.approve(request.device_id, DEMO_PASSPHRASE)
        shared = add_families(ann, ANN_FAMILIES)[0]
        add_families(ben, BEN_FAMILIES)
        _settle((ann, ben, bso))
        bso.sync.assign(shared.id, ben.vault.profile.member_id)
        _settle((bso, ben, ann))
        _edit_at_once(ann, ben, shared.id)
        _settle((ann, ben, bso))
    finally:
        for services in opened.values():
            services.vault.lock()


def demo_policy() -> dict[str, Any]:
    """The default policy with data minimisation on: raw footage whose clips exist and
    whose review has a written summary goes this many days after that review."""
    raw: dict[str, Any] = json.loads(
        (resources_dir() / "retention" / "policy.json").read_text("utf-8")
    )
    raw["version"] = f"{raw.get('version', '')}-demo"
    raw["footage_after_review_days"] = DEMO_FOOTAGE_AFTER_REVIEW_DAYS
    return raw


def _edit_at_once(ann: Services, ben: Services, case_id: CaseId) -> None:
    """Ann and Ben rewrite the same session's notes, neither having seen the other's."""
    sessions = ann.sessions.list_sessions(case_id)
    last = [s for s in sessions if s.kind is SessionKind.SHARED_REVIEW][-1]
    ann.sessions.update_session(last.id, notes=ANN_NOTE)
    ben.sessions.update_session(last.id, notes=BEN_NOTE)


def _settle(devices: Sequence[Services]) -> None:
    """Sync each device in turn until a whole round moves nothing."""
    for _ in range(SETTLE_ROUNDS):
        reports = [d.sync.sync() for d in devices]
        problems = [p for r in reports for p in r.problems]
        if problems:
            raise VigdeskError("The office demo could not sync: " + "; ".join(problems))
        if not any(r.changed for r in reports):
            return
    raise VigdeskError("The office demo did not settle; run it again with --reset.")
