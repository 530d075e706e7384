"""Markers travel in a supervision package as an initials-only list: time, type, who."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.services.test_exports import SECRET, Setup, make_setup, request
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import PackageTampered
from vigdesk.core.packages import Manifest, PackageMarker, markers_csv, unpack
from vigdesk.crypto.package import open_package
from vigdesk.services.session import Services

NOTE = "Marigold laughs"  # a note names people: it never leaves the vault


@pytest.fixture
def setup(services: Services, footage: Path) -> Setup:
    st = make_setup(services, footage, tuple(Purpose))
    services.markers.add(st.clip.id, 0.2, "child_initiative", who="PW", note=NOTE)
    services.markers.add(st.clip.id, 0.6, "vig:receiving/eyes", who="MW")
    return st


def opened(st: Setup, out: Path) -> tuple[Manifest, bytes]:
    st.exports.export(request(st, out))
    _header, content = open_package(out.read_bytes(), passphrase=SECRET)
    return unpack(content)[0], content


def test_the_package_lists_each_clips_markers_with_initials_only(
    setup: Setup, tmp_path: Path
) -> None:
    manifest, content = opened(setup, tmp_path / "p.vigpkg")
    assert manifest.markers_of("clip-01.mp4") == (
        PackageMarker(0.2, "child_initiative", "PW"),
        PackageMarker(0.6, "vig:receiving/eyes", "MW"),
    )
    assert manifest.markers_of("still-02.png") == ()
    assert NOTE.encode() not in content and b"Marigold" not in content
    assert markers_csv(manifest).splitlines() == [
        "item,time_s,type,who",
        "clip-01.mp4,0.200,child_initiative,PW",
        "clip-01.mp4,0.600,vig:receiving/eyes,MW",
    ]


@pytest.mark.parametrize(
    "bad",
    [
        {"still-02.png": []},  # only clips carry markers
        {"clip-09.mp4": []},
        {"clip-01.mp4": [{"at_s": "0.2", "type": "child_initiative", "who": "PW"}]},
        {"clip-01.mp4": [{"at_s": True, "type": "child_initiative", "who": "PW"}]},
        {"clip-01.mp4": [{"at_s": 99.0, "type": "child_initiative", "who": "PW"}]},
        {"clip-01.mp4": [{"at_s": 0.2, "type": "Marigold Wolstenholme", "who": "PW"}]},
        {"clip-01.mp4": [{"at_s": 0.2, "type": "child_initiative", "who": "ZZ"}]},
        {"clip-01.mp4": [{"at_s": 0.2, "type": "moment", "who": "", "note": "x"}]},
        [],
    ],
)
def test_a_malformed_marker_list_is_refused(setup: Setup, tmp_path: Path, bad: object) -> None:
    manifest, _ = opened(setup, tmp_path / "p.vigpkg")
    data = json.loads(json.dumps(manifest.to_json()))
    assert Manifest.from_json(data) == manifest  # a round trip keeps everything
    data["markers"] = bad
    with pytest.raises(PackageTampered):
        Manifest.from_json(data)


def test_a_package_from_before_markers_still_opens(setup: Setup, tmp_path: Path) -> None:
    manifest, _ = opened(setup, tmp_path / "p.vigpkg")
    data = json.loads(json.dumps(manifest.to_json()))
    del data["markers"]
    assert Manifest.from_json(data).markers == ()
