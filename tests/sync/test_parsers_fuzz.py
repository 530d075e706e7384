"""Every decoder of a file from the share, fed hostile input: it refuses with the one
error type its callers handle (ValueError or IntegrityError), never crashes another way,
and never lets a name through that is not the shape vigdesk mints."""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vigdesk.core.errors import IntegrityError
from vigdesk.core.ids import is_id, new_id
from vigdesk.sync import journal, keywraps
from vigdesk.sync.audit_push import read_checkpoint, read_entries
from vigdesk.sync.changes import RowChange, Shred, entry_from_json
from vigdesk.sync.identity import DeviceKeys
from vigdesk.sync.journal import Header
from vigdesk.sync.manifest import Member, SiteManifest
from vigdesk.sync.requests import EnrolRequest

NASTY = st.sampled_from(
    [
        "..",
        "../../etc",
        "/etc/passwd",
        "C:\\Windows",
        "\\\\server\\vig",
        "",
        " ",
        "\x00",
        "a" * 5000,
        new_id().upper(),
        new_id() + "/..",
        "true",
        "false",
        "1e309",
    ]
)
LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    NASTY,
    st.just(new_id()),
)
JSON = st.recursive(
    LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=25,
)
KEYS = DeviceKeys.generate()
SITE = new_id()


def _like(template: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects shaped like `template` with some values replaced by hostile ones."""
    return st.fixed_dictionaries(
        {k: st.one_of(st.just(v), JSON, NASTY) for k, v in template.items()},
        optional={"extra": JSON},
    )


HEADER = Header(SITE, new_id(), new_id(), 1, "", "now", 0, "0" * 64, ()).to_json()
ROW = {
    "t": "blobs",
    "k": json.dumps([new_id()]),
    "c": new_id(),
    "h": "0" * 16 + new_id(),
    "a": [0, []],
}


def _refuses(call: Any, *args: Any) -> Any:
    try:
        return call(*args)
    except (ValueError, IntegrityError):
        return None


@settings(max_examples=300, deadline=None)
@given(st.one_of(JSON, _like(HEADER)))
def test_journal_headers(value: Any) -> None:
    header = _refuses(Header.from_json, value)
    if header is not None:
        assert all(is_id(x) for x in (header.site_id, header.device_id, header.member_id))
        for section in header.sections:
            assert section.scope in ("case", "site")
            if section.scope == "case":
                assert is_id(journal.split_tag(section.scope_id)[0])


@settings(max_examples=300, deadline=None)
@given(st.one_of(JSON, _like(ROW), _like({"s": new_id(), "h": "0" * 16 + new_id()})))
def test_change_entries(value: Any) -> None:
    entry = _refuses(entry_from_json, value)
    if isinstance(entry, Shred):
        assert is_id(entry.case_id)
    elif isinstance(entry, RowChange):
        assert is_id(entry.case_id)
        assert all(is_id(k) or len(str(k)) <= 128 for k in json.loads(entry.pk))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.one_of(JSON, _like(HEADER)))
def test_signed_journal_files(noise: bytes, header: Any) -> None:
    raw = json.dumps(header).encode()
    body = journal.MAGIC + len(raw).to_bytes(4, "big") + raw + noise
    signed = body + KEYS.sign(journal.SIGN_DOMAIN, body)  # validly signed by a member
    for data in (signed, noise, journal.MAGIC + noise):
        _refuses(journal.parse, data, KEYS.sign_public)


MEMBER = Member(
    new_id(), "Ann", "practitioner", new_id(), KEYS.sign_public, KEYS.hpke_public, "now"
)
SITE_JSON = json.loads(
    SiteManifest(SITE, "Site", 1, "now", os.urandom(32), 1, (MEMBER,)).to_bytes()
)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        JSON,
        _like(SITE_JSON),
        _like({**SITE_JSON, "members": [json.loads(json.dumps(MEMBER.to_json()))]}),
    )
)
def test_site_json(value: Any) -> None:
    manifest = _refuses(SiteManifest.from_bytes, json.dumps(value).encode())
    if manifest is not None:
        assert is_id(manifest.site_id)
        assert all(is_id(m.id) and is_id(m.device_id) for m in manifest.members)
        assert isinstance(manifest.hints.require_domain_network, bool)


@settings(max_examples=200, deadline=None)
@given(JSON, st.binary(max_size=200))
def test_wraps_requests_and_audit_files(value: Any, noise: bytes) -> None:
    site = SiteManifest(SITE, "Site", 1, "now", os.urandom(32), 1, (MEMBER,))
    for data in (json.dumps(value).encode(), noise):
        _refuses(keywraps.open_wrap, data, "case", new_id(), MEMBER, KEYS, site)
        _refuses(EnrolRequest.from_bytes, data)
        _refuses(read_checkpoint, data, KEYS.sign_public)
        _refuses(read_entries, data)


def test_the_string_false_is_not_true() -> None:
    hints = {**SITE_JSON["network_hints"], "require_domain_network": "false"}
    raw = json.dumps({**SITE_JSON, "network_hints": hints}).encode()
    assert _refuses(SiteManifest.from_bytes, raw) is None
    assert SiteManifest.from_bytes(json.dumps(SITE_JSON).encode()).site_id == SITE
