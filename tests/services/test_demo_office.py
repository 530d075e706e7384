"""The office demo: three real vaults and a real site folder, built once for this module."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from vigdesk.cli import main
from vigdesk.core.cases import PersonKind
from vigdesk.core.errors import IntegrityError, InvalidInput
from vigdesk.paths import default_home, demo_home, demo_office_home
from vigdesk.services.access import unlock_vault
from vigdesk.services.demo import DEMO_PASSPHRASE, FAMILIES, DemoFamily
from vigdesk.services.demo_office import (
    ANN_FAMILIES,
    ANN_NOTE,
    BEN_FAMILIES,
    BEN_NOTE,
    ensure_demo_office,
    home_of,
    share_of,
)
from vigdesk.services.session import Services
from vigdesk.sync.keywraps import open_wrap
from vigdesk.sync.layout import SiteLayout


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = tmp_path_factory.mktemp("office-demo") / "office"
    assert ensure_demo_office(built)
    return built


@contextmanager
def opened(root: Path, folder: str) -> Iterator[Services]:
    services = Services.for_vault(unlock_vault(home_of(root, folder), DEMO_PASSPHRASE))
    try:
        yield services
    finally:
        services.vault.lock()


def adults(services: Services) -> dict[str, str]:
    """Adult's name → case id, for every case the vault holds (the family's adults, not
    the local authority's social worker of the foster family)."""
    return {
        p.full_name: c.id
        for c in services.cases.list_cases()
        for p in services.cases.people(c.id)
        if p.kind is PersonKind.ADULT and not p.represents_authority
    }


def names(families: tuple[DemoFamily, ...]) -> set[str]:
    return {f.adult for f in families}


def test_the_bso_holds_every_family_and_each_laptop_only_its_own(root: Path) -> None:
    shared = ANN_FAMILIES[0].adult
    with opened(root, "bso") as bso, opened(root, "ann") as ann, opened(root, "ben") as ben:
        assert set(adults(bso)) == names(FAMILIES)
        assert set(adults(ann)) == names(ANN_FAMILIES)
        assert set(adults(ben)) == names(BEN_FAMILIES) | {shared}
        assert names(ANN_FAMILIES).isdisjoint(names(BEN_FAMILIES))
        assert adults(ann)[shared] == adults(ben)[shared] == adults(bso)[shared]


def test_ann_has_no_key_to_bens_cases_on_the_share(root: Path) -> None:
    layout = SiteLayout(share_of(root))
    with opened(root, "bso") as bso, opened(root, "ann") as ann:
        members = {m.name: m.id for m in bso.sync.site.members()}
        cases = adults(bso)
        me, keys = ann.sync.site.me_as_member(), ann.sync.site.device().keys
        site = ann.sync.manifest()
        assert site is not None
        for family in BEN_FAMILIES:
            case_id = cases[family.adult]
            wraps = {p.stem for p in layout.case_keys_dir(case_id).iterdir()}
            assert wraps == {members["Ben Practitioner"], members["Bea Officer"]}
            data = layout.case_key(case_id, members["Ben Practitioner"]).read_bytes()
            with pytest.raises(IntegrityError):
                open_wrap(data, "case", case_id, me, keys, site)
        shared = layout.case_keys_dir(cases[ANN_FAMILIES[0].adult])
        assert {p.stem for p in shared.iterdir()} == set(members.values())


def test_both_laptops_show_the_one_concurrent_edit_as_an_open_conflict(root: Path) -> None:
    for folder in ("ann", "ben"):
        with opened(root, folder) as laptop:
            [conflict] = laptop.sync.conflicts()
            assert (conflict.table, conflict.column) == ("sessions", "notes")
            assert {conflict.kept, conflict.other} == {ANN_NOTE, BEN_NOTE}
            assert laptop.sync.status().open_conflicts == 1


def test_a_vault_opened_later_syncs_with_the_site_it_pinned(root: Path) -> None:
    with opened(root, "ann") as ann:
        status = ann.sync.status()
        assert status.approved and Path(status.location) == share_of(root)
        assert Path(status.location).is_absolute()
        report = ann.sync.sync()  # no share given: the pinned location
        assert not report.problems and report.conflicts == 0


def test_a_second_call_returns_false_and_changes_nothing(root: Path) -> None:
    def files() -> dict[str, tuple[int, int]]:
        return {
            str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in root.rglob("*")
            if p.is_file()
        }

    before = files()
    assert not ensure_demo_office(root)
    assert files() == before


def test_a_folder_holding_something_else_is_refused_and_kept(tmp_path: Path) -> None:
    (tmp_path / "bso").mkdir()
    (tmp_path / "bso" / "notes.txt").write_text("mine")
    with pytest.raises(InvalidInput, match="not empty"):
        ensure_demo_office(tmp_path, reset=True)
    assert (tmp_path / "bso" / "notes.txt").read_text() == "mine"


def test_the_cli_prints_where_everything_is(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--office", "--no-gui", "--json", "--root", str(root)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["created"] is False and out["opening"] is None
    assert out["passphrase"] == out["site_passphrase"] == DEMO_PASSPHRASE
    assert Path(out["share"]) == share_of(root)
    assert {k: Path(v["home"]) for k, v in out["vaults"].items()} == {
        f: home_of(root, f) for f in ("bso", "ann", "ben")
    }
    assert out["vaults"]["ben"]["open"] == f"vigdesk demo --office --root {root} --as ben"


def test_the_cli_keeps_office_options_with_office(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--as", "ben", "--no-gui"]) == 1
    assert main(["demo", "--office", "--home", "x", "--no-gui"]) == 1
    assert "--root" in capsys.readouterr().err
    assert len({demo_office_home(), demo_home(), default_home()}) == 3


def test_reset_rebuilds_only_what_the_demo_made(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "office"
    shutil.copytree(root, copy)
    (copy / "my-notes.txt").write_text("mine")
    header = (copy / "bso" / "vault.json").read_bytes()
    args = ["demo", "--office", "--reset", "--no-gui", "--json", "--root", str(copy)]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["created"] is True
    assert (copy / "bso" / "vault.json").read_bytes() != header
    assert (copy / "my-notes.txt").read_text() == "mine"
    with opened(copy, "ann") as ann:
        assert set(adults(ann)) == names(ANN_FAMILIES)


def test_the_demo_office_turns_data_minimisation_on(root: Path) -> None:
    with opened(root, "ann") as ann:
        in_force = ann.retention.policy_in_force()
    assert in_force.source == "site"
    assert in_force.policy.footage_after_review_days is not None  # off by default elsewhere
