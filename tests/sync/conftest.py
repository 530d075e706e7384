"""Fixtures: one office built per test session, copied per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sync.office import Office, build_office, copy_office


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_office(tmp_path_factory.mktemp("office-template"))


@pytest.fixture
def office(office_template: Path, tmp_path: Path) -> Iterator[Office]:
    with copy_office(office_template, tmp_path / "office") as built:
        yield built
