"""Dates on the review screens read "4 Dec 2026" whatever the laptop's locale, like every
other screen (issue 15: dates appeared in four formats)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QLocale

from tests.ui.review.conftest import Seed
from vigdesk.core.dates import day_text
from vigdesk.ui.cases.dialogs.form import date_edit
from vigdesk.ui.review.media_delegate import ROW_ROLE
from vigdesk.ui.review.page import ReviewPage
from vigdesk.ui.viewer.export_form import ExportForm

UK = re.compile(r"\b([1-9]|[12]\d|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")


@pytest.fixture
def german() -> Iterator[None]:
    """A laptop set up in German: Qt's own month names would say "Dez."."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


def test_media_list_dates(german: None, page: ReviewPage, seed: Seed) -> None:
    for row in range(page.library.list.count()):
        meta = page.library.list.item(row).data(ROW_ROLE).meta
        assert UK.search(meta), meta


def test_date_fields_show_the_same_format(german: None, qtbot: object) -> None:
    today = date(2026, 12, 4)
    form = ExportForm("VIG-26-0001", today)
    assert UK.fullmatch(form.expires.text()), form.expires.text()
    edit = date_edit(today)
    assert edit.text() == "4 Dec 2026"
    assert day_text(today + timedelta(days=1)) == "5 Dec 2026"
