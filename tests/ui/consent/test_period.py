"""One home per fact: the video period every consent text promises is the policy's."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.conftest import add_family
from tests.ui.conftest import WAIT_MS
from tests.ui.consent.drawing import draw_signature
from tests.ui.consent.test_wizard import click_next, open_wizard
from tests.ui.records.conftest import feature_of as records_feature
from vigdesk.core.consent import Purpose
from vigdesk.core.retention import Policy
from vigdesk.core.sessions import SessionKind
from vigdesk.paths import resources_dir
from vigdesk.services.consent_record import ConsentRecordService
from vigdesk.services.consent_record_html import record_html
from vigdesk.services.documents import current_consent_text
from vigdesk.services.retention import RetentionService
from vigdesk.ui.main_window import MainWindow

TWO = re.compile(r"\btwo\s+months\b", re.IGNORECASE)
TWO_ANY = re.compile(r"\b(two|2)\s+months?\b", re.IGNORECASE)


def three_months() -> Policy:
    raw = json.loads((resources_dir() / "retention" / "policy.json").read_text("utf-8"))
    for kind in ("footage", "clip", "still"):
        raw["rules"][kind]["months"] = 3
    return Policy.from_json(raw)


def test_the_shipped_texts_state_the_period_only_through_the_policy() -> None:
    """No consent text hard-codes a period: each has the placeholder instead."""
    form = (resources_dir() / "consent" / "consent-form.md").read_text("utf-8")
    assert "{video_period}" in form and not TWO.search(form)
    sources = Path(__file__).parents[3] / "vigdesk"
    texts = [
        *(sources / "ui" / "consent").rglob("*.py"),
        *(sources / "services").glob("consent*.py"),
        sources / "services" / "documents.py",
        sources / "core" / "consent_wording.py",
        *(resources_dir() / "consent").rglob("*"),
    ]
    for path in texts:
        assert not TWO.search(path.read_text("utf-8")), path
    assert "two months" in current_consent_text().text  # the default policy's


def test_a_three_month_policy_changes_the_wizard_the_record_and_the_form(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    services = main_window.ctx.services
    policy = three_months()
    services.retention = RetentionService(services.ctx, policy)
    fam = add_family(services, consent=())

    form = current_consent_text(policy).text
    assert "within three months of the end" in form and not TWO.search(form)

    wizard = open_wizard(qtbot, main_window, fam.case.id)
    click_next(qtbot, wizard)
    shown = wizard.explain.text.toPlainText()
    assert "three months" in shown and not TWO.search(shown)
    wizard.explain.read_box.click()
    click_next(qtbot, wizard)
    lines = " ".join(label.text() for label in wizard.purposes.findChildren(QLabel))
    assert "within three months of the end" in lines and not TWO.search(lines)
    for purpose in Purpose:
        wizard.purposes.yes[purpose].click()
    click_next(qtbot, wizard)
    draw_signature(wizard.method.pad)
    click_next(qtbot, wizard)
    printed = wizard.summary.html
    assert printed.count("three months") >= 2  # the purpose line and the form appendix
    assert not TWO.search(printed)

    # A reprint of a stored record reads the policy in force too.
    services.consent.record(
        fam.case.id,
        fam.mother.id,
        [fam.child.id],
        dict.fromkeys(Purpose, True),
        form_version=current_consent_text().version,
        given_on=services.ctx.today(),
        method=wizard.draft.request().method,
        evidence=b"\x89PNG signature",
    )
    ids = [r.id for r in services.consent.for_case(fam.case.id)]
    reprint = record_html(
        ConsentRecordService(services.ctx, services.consent, lambda: policy).stored_facts(
            fam.case.id, ids
        )
    )
    assert "three months" in reprint and not TWO.search(reprint)


def test_a_three_month_policy_changes_the_dashboard(
    qtbot: QtBot, main_window: MainWindow, footage: Path
) -> None:
    """The dashboard's "why is this kept?" lines, its timeline and the inactive prompt
    count the period the policy in force sets."""
    services = main_window.ctx.services
    services.retention = RetentionService(services.ctx, three_months())
    fam = add_family(services)
    source = services.media.import_footage(fam.case.id, footage).item
    services.media.make_clip(source.id, 1.0, 2.0)
    services.cases.close_case(fam.case.id, date(2026, 11, 2), "goals met")
    idle = services.cases.add_case("JB", date(2024, 1, 8))
    services.sessions.add_session(idle.id, SessionKind.INITIAL_MEETING, date(2024, 2, 1))

    feature = records_feature(main_window)
    qtbot.waitUntil(lambda: not feature.checking, timeout=WAIT_MS)
    dashboard = feature.open_dashboard(fam.case.id)
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=WAIT_MS)
    dashboard.focus_case(fam.case.id)
    why = [row[3] for row in dashboard.due_table.cell_texts()]
    assert why[:2] == ["case closed 02 Nov 2026 + 3 months"] * 2
    timeline = " ".join(" ".join(r) for r in dashboard.timeline_table.cell_texts())
    assert "+ 3 months" in timeline and "2 Feb 2027" in timeline
    dashboard.focus_case(idle.id)
    [prompt] = dashboard.inactive_table.cell_texts()
    assert prompt[2] == "1 Nov 2024"  # inactive from 1 Aug 2024 + three months
    shown = " ".join(" ".join(" ".join(r) for r in t.cell_texts()) for t in (
        dashboard.due_table, dashboard.timeline_table, dashboard.inactive_table
    ))  # fmt: skip
    assert not TWO_ANY.search(shown + timeline + " ".join(why))
