"""The lawful basis, the interpreter or accessible version, and the guider's commitments
(issue 19): the basis comes from the policy in force (one home: the policy JSON, which
a site overrides), is shown on the form and stored with each consent; the form and the
printed record carry the commitments."""

from __future__ import annotations

import json
from datetime import date
from html import escape
from typing import Any

import pytest

from tests.conftest import add_family
from vigdesk.core.cases import PersonKind
from vigdesk.core.consent import Method, Purpose
from vigdesk.core.consent_wording import COMMITMENTS
from vigdesk.core.errors import InvalidInput
from vigdesk.core.retention import Policy
from vigdesk.paths import resources_dir
from vigdesk.services.consent_record import ConsentRequest, facts_for_request
from vigdesk.services.consent_record_html import record_html
from vigdesk.services.documents import current_consent_text, lawful_basis
from vigdesk.services.retention import default_policy
from vigdesk.services.session import Services


def raw_policy() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (resources_dir() / "retention" / "policy.json").read_text("utf-8")
    )
    return data


def test_the_default_policy_states_the_lawful_basis() -> None:
    basis = lawful_basis(default_policy())
    assert "Article 6(1)(a)" in basis and "Article 9(2)(a)" in basis


def test_a_site_policy_names_its_own_basis_and_one_without_it_falls_back() -> None:
    raw = raw_policy()
    raw["lawful_basis"] = "UK GDPR Article 6(1)(e) public task, with Article 9(2)(h)."
    assert lawful_basis(Policy.from_json(raw)) == raw["lawful_basis"]
    del raw["lawful_basis"]  # a site policy written before the basis was stated
    assert lawful_basis(Policy.from_json(raw)) == lawful_basis(default_policy())
    for wrong in (True, 6, "", "x" * 2001):
        raw["lawful_basis"] = wrong
        with pytest.raises(InvalidInput, match="lawful_basis"):
            Policy.from_json(raw)


def test_the_form_states_the_basis_and_the_commitments() -> None:
    raw = raw_policy()
    raw["lawful_basis"] = "Article 6(1)(e) and 9(2)(h), as our test council decided."
    form = current_consent_text(Policy.from_json(raw))
    assert form.version == "2026.4"
    assert "as our test council decided" in form.text
    assert "{" not in form.text  # every placeholder filled
    for line in COMMITMENTS:
        assert line in form.text
    assert any("stop filming whenever you ask" in c for c in COMMITMENTS)
    assert any("without your written consent" in c for c in COMMITMENTS)
    assert any("supervision" in c and "review" in c for c in COMMITMENTS)


def test_each_consent_keeps_the_basis_in_force_and_the_support_used(services: Services) -> None:
    fam = add_family(services, consent=())
    made = services.consent.record(
        fam.case.id,
        fam.mother.id,
        [fam.child.id],
        {Purpose.FILM: True, Purpose.KEEP: True},
        form_version="2026.4",
        given_on=services.ctx.today(),
        method=Method.SCANNED_PAPER,
        interpreter="Polish, interpreter AK (Language Line)",
        accessible_version="easy read",
    )
    stored = services.consent.for_case(fam.case.id)
    assert stored == made
    assert {r.lawful_basis for r in stored} == {lawful_basis(services.retention.policy)}
    assert {r.interpreter for r in stored} == {"Polish, interpreter AK (Language Line)"}
    assert {r.accessible_version for r in stored} == {"easy read"}
    carer = services.cases.add_person(fam.case.id, PersonKind.ADULT, "Faith Carew")
    shown = services.consent.record(
        fam.case.id,
        carer.id,
        [carer.id],
        {Purpose.FILM: True},
        form_version="2026.4",
        given_on=services.ctx.today(),
        method=Method.SCANNED_PAPER,
        lawful_basis="The basis the wizard showed.",
    )
    assert [r.lawful_basis for r in shown] == ["The basis the wizard showed."]


def test_the_printed_record_carries_basis_support_and_commitments(services: Services) -> None:
    fam = add_family(services, consent=())
    request = ConsentRequest(
        case_id=fam.case.id,
        giver_id=fam.mother.id,
        child_ids=(fam.child.id,),
        purposes={p: True for p in Purpose},
        form_version="2026.4",
        given_on=date(2026, 10, 1),
        method=Method.SCANNED_PAPER,
        lawful_basis=lawful_basis(default_policy()),
        interpreter="Polish, interpreter AK",
        accessible_version="large print",
    )
    people = services.cases.people(fam.case.id)
    html = record_html(facts_for_request(request, "MW", people, "ZQ"))
    assert "Lawful basis" in html and "Article 9(2)(a)" in html
    assert "Polish, interpreter AK" in html and "large print" in html
    for line in COMMITMENTS:
        assert escape(line) in html
