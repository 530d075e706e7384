"""Supervision and training packages can mask other people too: the redaction is burnt
in under the watermark in the same re-encode, and the sound span is silent."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import Family, fast_kdf
from tests.media.test_redact import decoded, moving_square, over_the_square, red_pixels
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import InvalidInput
from vigdesk.core.packages import unpack
from vigdesk.crypto.package import open_package
from vigdesk.services.exports import ExportRequest, ExportService
from vigdesk.services.session import Services

SECRET = "a long package passphrase for the test"


def test_a_package_clip_has_the_other_person_masked(
    services: Services, family: Family, tmp_path: Path
) -> None:
    video = tmp_path / "square.mp4"
    video.write_bytes(moving_square(scale=4))  # big enough to clear the watermark band
    footage = services.media.import_footage(family.case.id, video).item
    clip = services.media.make_clip(footage.id, 0.0, footage.duration_s, title="Play")
    exports = ExportService(services.ctx, services.consent, fast_kdf)

    def package(name: str, **kw: object) -> bytes:
        out = tmp_path / name
        exports.export(
            ExportRequest(
                media_ids=(clip.id,),
                purpose=Purpose.SUPERVISION,
                recipient="Dr A. Supervisor",
                expires_on=services.ctx.today() + timedelta(days=30),
                out=out,
                passphrase=SECRET,
                **kw,  # type: ignore[arg-type]
            )
        )
        _, content = open_package(out.read_bytes(), passphrase=SECRET)
        _, items = unpack(content)
        (data,) = items.values()
        return bytes(data)

    plain, _, _ = decoded(package("plain.vigpkg"))
    assert min(red_pixels(f) for f in plain) > 50  # the square shows without masks
    frames, sound, rate = decoded(
        package("masked.vigpkg", redactions={clip.id: over_the_square("fill")})
    )
    assert max(red_pixels(f) for f in frames) == 0
    a, b = (round(t * rate) for t in (0.6, 1.2))
    assert np.abs(sound[a:b]).max() < 1e-3
    with pytest.raises(InvalidInput, match="in the package"):
        package("other.vigpkg", redactions={footage.id: over_the_square("fill")})
