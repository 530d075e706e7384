"""A real package for the viewer tests: a family, a 1.2 s clip and a still, exported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import add_family, fast_kdf
from vigdesk.core.consent import Purpose
from vigdesk.services.exports import ExportRequest, ExportService
from vigdesk.services.session import Services

SECRET = "plum orchard seventeen"


@dataclass(frozen=True)
class Package:
    path: Path
    today: date
    expires_on: date
    clip_id: str
    still_id: str


def make_package(
    services: Services,
    footage: Path,
    out: Path,
    *,
    markers: bool = False,
    answerable: bool = False,
) -> Package:
    """A family, a 1.2 s clip (with two markers if asked) and a still, exported for
    supervision under SECRET; `answerable` packages carry the reply address."""
    family = add_family(services)
    source = services.media.import_footage(family.case.id, footage).item
    clip = services.media.make_clip(source.id, 1.0, 2.2, title="Peregrine reaches for the cup")
    still = services.media.make_still(source.id, 1.5, caption="A shared smile")
    if markers:
        services.markers.add(clip.id, 0.2, "child_initiative", who="PW")
        services.markers.add(clip.id, 0.8, "adult_reception", who="MW")
    today = services.ctx.today()
    reply_to = services.replies.reply_to if answerable else None
    ExportService(services.ctx, services.consent, fast_kdf, reply_to=reply_to).export(
        ExportRequest(
            media_ids=(clip.id, still.id),
            purpose=Purpose.SUPERVISION,
            recipient="Dr Ada Supervisor",
            expires_on=today + timedelta(days=14),
            out=out,
            passphrase=SECRET,
        )
    )
    return Package(out, today, today + timedelta(days=14), clip.id, still.id)


@pytest.fixture
def package(services: Services, footage: Path, tmp_path: Path) -> Package:
    return make_package(services, footage, tmp_path / "supervision.vigpkg")
