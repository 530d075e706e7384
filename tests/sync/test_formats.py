"""The file formats and building blocks on their own: journal, transfer, clock, wraps."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vigdesk.core.errors import IntegrityError
from vigdesk.core.ids import new_id
from vigdesk.crypto.segments import SEGMENT_SIZE
from vigdesk.crypto.streaming import SealedWriter
from vigdesk.sync import hlc, journal, keywraps
from vigdesk.sync.identity import DeviceKeys
from vigdesk.sync.journal import Header, Section
from vigdesk.sync.manifest import Member, SiteManifest
from vigdesk.sync.transfer import copy_verified

SITE, DEV, MEM, C1, C2 = (new_id() for _ in range(5))
KEY = os.urandom(32)
AD = b"vigdesk/blob/v1/abc"


def _header(seq: int = 1) -> Header:
    return Header(SITE, DEV, MEM, seq, "", "now", 7, "0" * 64, ())


def test_a_journal_round_trips_and_resists_tampering() -> None:
    device = DeviceKeys.generate()
    case_key, site_key = os.urandom(32), os.urandom(32)
    data = journal.build(
        _header(),
        [
            (Section("case", C1, 0), case_key, b'[{"x":1}]'),
            (Section("site", "1", 0), site_key, b"[]"),
        ],
        device,
    )
    parsed = journal.parse(data, device.sign_public)
    assert journal.open_section(parsed, "case", C1, case_key) == [{"x": 1}]
    assert journal.open_section(parsed, "site", "1", site_key) == []
    with pytest.raises(IntegrityError):
        journal.open_section(parsed, "case", C1, site_key)  # wrong key
    with pytest.raises(IntegrityError):
        journal.parse(data, DeviceKeys.generate().sign_public)  # another device
    for at in (10, len(data) // 2, len(data) - 3):
        bad = bytearray(data)
        bad[at] ^= 1
        with pytest.raises(IntegrityError):
            journal.parse(bytes(bad), device.sign_public)


def test_a_section_cannot_be_moved_to_another_file() -> None:
    device = DeviceKeys.generate()
    key = os.urandom(32)
    one = journal.parse(
        journal.build(_header(1), [(Section("case", C1, 0), key, b"[1]")], device),
        device.sign_public,
    )
    two = journal.parse(
        journal.build(_header(2), [(Section("case", C1, 0), key, b"[2]")], device),
        device.sign_public,
    )
    moved = journal.Parsed(two.header, one.sealed)
    with pytest.raises(IntegrityError):
        journal.open_section(moved, "case", C1, key)


def _sealed(path: Path, size: int) -> bytes:
    with SealedWriter(path, KEY, AD) as writer:
        writer.write(os.urandom(size))
    return path.read_bytes()


def test_copy_verified_resumes_after_the_last_good_segment(tmp_path: Path) -> None:
    source, target = tmp_path / "src", tmp_path / "dst"
    blob = _sealed(source, 5 * SEGMENT_SIZE)
    tmp = tmp_path / "dst.tmp"
    tmp.write_bytes(blob[: 3 * SEGMENT_SIZE + 1000])  # three whole segments and a torn one
    copied = copy_verified(source, target, KEY, AD)
    assert target.read_bytes() == blob and not tmp.exists()
    assert copied == len(blob) - 3 * SEGMENT_SIZE


def test_copy_verified_redoes_a_damaged_prefix(tmp_path: Path) -> None:
    source, target = tmp_path / "src", tmp_path / "dst"
    blob = _sealed(source, 4 * SEGMENT_SIZE)
    torn = bytearray(blob[: 3 * SEGMENT_SIZE])
    torn[SEGMENT_SIZE + 10] ^= 1  # segment 1 is damaged: resume after segment 0
    (tmp_path / "dst.tmp").write_bytes(bytes(torn))
    assert copy_verified(source, target, KEY, AD) == len(blob) - SEGMENT_SIZE
    assert target.read_bytes() == blob


def test_copy_verified_refuses_a_tampered_or_truncated_source(tmp_path: Path) -> None:
    source, target = tmp_path / "src", tmp_path / "dst"
    blob = _sealed(source, 2 * SEGMENT_SIZE + 5)
    # one bit flipped (writing b"x" there left the random byte unchanged 1 time in 256)
    flipped = blob[:100] + bytes([blob[100] ^ 1]) + blob[101:]
    for damaged in (blob[:-1], blob[:SEGMENT_SIZE], flipped):
        source.write_bytes(damaged)
        with pytest.raises(IntegrityError):
            copy_verified(source, target, KEY, AD)
        assert not target.exists() and not (tmp_path / "dst.tmp").exists()
    source.write_bytes(blob)
    with pytest.raises(IntegrityError):
        copy_verified(source, target, os.urandom(32), AD)


def test_the_clock_never_goes_back_and_orders_after_what_it_saw() -> None:
    last = hlc.tick(0, 1000)
    assert hlc.tick(last, 500) > last  # the wall clock went back: the stamp did not
    seen = hlc.tick(0, 9000)
    later = hlc.tick(hlc.observe(last, seen), 1001)
    assert later > seen
    assert hlc.stamp(later, "b") > hlc.stamp(seen, "z")
    assert hlc.value_of(hlc.stamp(later, "dev")) == later


def test_a_key_wrap_opens_only_for_its_recipient_and_signer() -> None:
    bso, ann, ben = DeviceKeys.generate(), DeviceKeys.generate(), DeviceKeys.generate()
    ids = {name: (new_id(), new_id()) for name in ("bso", "ann", "ben")}
    members = tuple(
        Member(ids[name][0], name, role, ids[name][1], k.sign_public, k.hpke_public, "now")
        for name, role, k in (
            ("bso", "bso", bso),
            ("ann", "practitioner", ann),
            ("ben", "practitioner", ben),
        )
    )
    site = SiteManifest(SITE, "Site", 1, "now", os.urandom(32), 1, members)
    key = os.urandom(32)
    wrap = keywraps.make("case", C1, members[1], key, bso, ids["bso"][1])
    assert keywraps.open_wrap(wrap, "case", C1, members[1], ann, site) == key
    with pytest.raises(IntegrityError):
        keywraps.open_wrap(wrap, "case", C1, members[2], ben, site)
    with pytest.raises(IntegrityError):
        keywraps.open_wrap(wrap, "case", C2, members[1], ann, site)  # moved elsewhere
    by_ann = keywraps.make("site", "1", members[2], key, ann, ids["ann"][1])
    with pytest.raises(IntegrityError, match="BSO"):
        keywraps.open_wrap(by_ann, "site", "1", members[2], ben, site)
    outsider = keywraps.make("case", C1, members[1], key, DeviceKeys.generate(), new_id())
    with pytest.raises(IntegrityError, match="member"):
        keywraps.open_wrap(outsider, "case", C1, members[1], ann, site)
    by_ann_case = keywraps.make("case", C1, members[2], key, ann, ids["ann"][1])
    assert keywraps.open_wrap(by_ann_case, "case", C1, members[2], ben, site) == key
    only_bso_or_self = frozenset({members[0].id, members[2].id})
    with pytest.raises(IntegrityError, match="may not give"):
        keywraps.open_wrap(by_ann_case, "case", C1, members[2], ben, site, only_bso_or_self)
