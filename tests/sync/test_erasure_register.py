"""The erasure register: the certificate says what is still pending on the site, the
sync that finds the share clear records the day, and the BSO's laptop lists erasures
made on other laptops until they are confirmed (issue 17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from tests.conftest import PASSPHRASE, add_family
from tests.sync.office import Office
from vigdesk.core.cases import PersonKind
from vigdesk.core.sessions import SessionKind
from vigdesk.services import report_html
from vigdesk.services.subject_access import SubjectAccessService, certificate_of
from vigdesk.storage.erasures import ErasureRepo


def test_the_site_is_confirmed_clear_once_every_laptop_has_synced(office: Office) -> None:
    fam = add_family(office["a"])
    grandad = office["a"].cases.add_person(
        fam.case.id, PersonKind.ADULT, "Zebedee Quartermaine", date_of_birth=date(1951, 7, 14)
    )
    office["a"].sessions.add_session(fam.case.id, SessionKind.FILMING, date(2026, 10, 2))
    office.settle(("a", "bso"))
    office["bso"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b", "a"))

    cert = SubjectAccessService(office["b"].ctx).erase(grandad.id, "asked to be forgotten")
    assert cert.synced and cert.site_confirmed_on is None
    assert "pending" in report_html.erasure_certificate(cert)

    office.sync("b")  # sent; a and the BSO still hold the records in their change files
    mine = ErasureRepo(office["b"].vault.db).get(grandad.id)
    assert mine is not None and mine.erased_here and mine.pending
    assert set(mine.waiting) >= {office["a"].vault.header.vault_id}
    office.sync("bso")
    listed = ErasureRepo(office["bso"].vault.db).pending()
    assert [(e.person_id, e.initials, e.case_code) for e in listed] == [
        (grandad.id, "ZQ", fam.case.code)
    ]
    assert not listed[0].erased_here

    office.settle(("a", "bso", "b"))
    done = ErasureRepo(office["b"].vault.db).get(grandad.id)
    assert done is not None and done.confirmed_on is not None and not done.waiting
    assert ErasureRepo(office["bso"].vault.db).pending() == []
    html = report_html.erasure_certificate(certificate_of(done))
    assert "Confirmed gone on" in html and "pending" not in html
    kinds = [e.action for e in office["b"].ctx.audit.entries()]
    assert "person.erasure_confirmed" in kinds


def test_sar_erasures_lists_the_register_and_issues_certificates(
    office: Office, tmp_path: Path
) -> None:
    s = office["a"]
    fam = add_family(s)
    person = s.cases.add_person(fam.case.id, PersonKind.ADULT, "Ida Lone")
    SubjectAccessService(s.ctx).erase(person.id, "asked")
    office.close("a")
    env = {**os.environ, "VIGDESK_PASSPHRASE": PASSPHRASE}
    base = [sys.executable, "-m", "vigdesk", "--home", str(office.home("a")), "sar", "erasures"]
    listed = subprocess.run(
        [*base, "--pending", "--json"], env=env, capture_output=True, text=True, check=True
    )
    (row,) = json.loads(listed.stdout)
    assert (row["person_id"], row["initials"], row["confirmed_on"]) == (person.id, "IL", None)
    out = tmp_path / "certs"
    made = subprocess.run(
        [*base, "--certificates", str(out)], env=env, capture_output=True, text=True, check=True
    )
    (pdf,) = out.iterdir()
    assert pdf.read_bytes().startswith(b"%PDF") and "pending on the site" in made.stdout
