"""A family with consent in place, on a real vault, and a generated video."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from vigdesk.core.cases import Case, Person, PersonKind
from vigdesk.core.consent import Method, Purpose
from vigdesk.media.synth import make_video
from vigdesk.services.session import Services
from vigdesk.storage.vault import Vault

MOTHER = "Marigold Wolstenholme"
CHILD = "Peregrine Wolstenholme"


@dataclass
class Family:
    case: Case
    mother: Person
    child: Person


@pytest.fixture
def services(vault: Vault) -> Iterator[Services]:
    yield Services.for_vault(vault)


def add_family(s: Services, *, consent: tuple[Purpose, ...] = tuple(Purpose)) -> Family:
    case = s.cases.add_case("MW", date(2026, 9, 1), referral_source="health visitor")
    mother = s.cases.add_person(
        case.id, PersonKind.ADULT, MOTHER, parental_responsibility=True, relationship="mother"
    )
    child = s.cases.add_person(case.id, PersonKind.CHILD, CHILD, date_of_birth=date(2024, 3, 2))
    if consent:
        s.consent.record(
            case.id,
            mother.id,
            [child.id],
            dict.fromkeys(consent, True),
            form_version="2026.1",
            given_on=date(2026, 9, 10),
            method=Method.SIGNED_ON_SCREEN,
            evidence=b"\x89PNG signature",
        )
    return Family(case, mother, child)


@pytest.fixture
def family(services: Services) -> Family:
    return add_family(services)


@pytest.fixture(scope="session")
def footage_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("videos") / "home-visit-wolstenholme.mp4"
    make_video(path, seconds=6.0, fps=25, size=(320, 240), gop=25, label="VIG")
    return path


@pytest.fixture
def footage(footage_template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / footage_template.name
    copy.write_bytes(footage_template.read_bytes())
    return copy
