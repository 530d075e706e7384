"""Training clips are kept while the training consent lasts, packages never outlive it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import fast_kdf
from tests.services.test_exports import Setup, make_setup, request
from tests.services.test_retention import Clock, clock, s  # noqa: F401  (fixtures)
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import InvalidInput
from vigdesk.core.retention import Policy
from vigdesk.paths import resources_dir
from vigdesk.services.exports import ExportService
from vigdesk.services.retention import RetentionService
from vigdesk.services.session import Services


@pytest.fixture
def trained(s: Services, footage: Path, tmp_path: Path) -> Setup:  # noqa: F811
    """A training package holding the clip (not the still), made 24 Nov 2026."""
    st = make_setup(s, footage, tuple(Purpose))
    limit = s.retention.training_limit
    st = replace(st, exports=ExportService(s.ctx, s.consent, fast_kdf, training_limit=limit))
    st.exports.export(request(st, tmp_path / "t.vigpkg", Purpose.TRAINING, media_ids=(st.clip.id,)))
    return st


def test_a_training_clip_outlives_the_closure_until_the_consent_is_withdrawn(
    s: Services,  # noqa: F811
    trained: Setup,
    clock: Clock,  # noqa: F811
) -> None:
    case_id = trained.family.case.id
    s.cases.close_case(case_id, date(2026, 11, 24), "goals met")
    clock.travel(100)
    swept = s.retention.sweep()
    assert trained.clip.id not in {d.object_id for d in swept.deleted}
    assert trained.still.id in {d.object_id for d in swept.deleted}
    assert s.media.get(trained.clip.id).id == trained.clip.id
    training = [r.id for r in s.consent.for_case(case_id) if r.purpose is Purpose.TRAINING]
    s.consent.withdraw(training)
    assert [r.record.purpose for r in s.exports.packages_to_recall(case_id)] == [Purpose.TRAINING]
    [item] = s.retention.preview()
    assert (item.object_id, item.rule) == (trained.clip.id, "training")
    assert [d.object_id for d in s.retention.sweep().deleted] == [trained.clip.id]


def test_a_training_package_cannot_expire_after_the_consent_allows(
    s: Services,  # noqa: F811
    footage: Path,
    tmp_path: Path,
) -> None:
    raw = json.loads((resources_dir() / "retention" / "policy.json").read_text("utf-8"))
    raw["rules"]["training"]["max_years"] = 0
    raw["rules"]["training"]["max_months"] = 4  # consent given 10 Sep 2026 → 10 Jan 2027
    retention = RetentionService(s.ctx, Policy.from_json(raw))
    st = make_setup(s, footage, tuple(Purpose))
    exports = ExportService(s.ctx, s.consent, fast_kdf, training_limit=retention.training_limit)
    assert retention.training_limit(st.family.case.id) == date(2027, 1, 10)
    late = request(st, tmp_path / "late.vigpkg", Purpose.TRAINING, expires_on=date(2027, 1, 11))
    with pytest.raises(InvalidInput, match="cannot outlive the family's training consent"):
        exports.export(late)
    assert not (tmp_path / "late.vigpkg").exists()
    ok = request(st, tmp_path / "ok.vigpkg", Purpose.TRAINING, expires_on=date(2027, 1, 10))
    assert exports.export(ok).record.expires_on == date(2027, 1, 10)
    # Supervision packages are not bound by the training consent.
    sup = s.ctx.today() + timedelta(days=60)
    assert exports.export(request(st, tmp_path / "s.vigpkg", expires_on=sup)).record
