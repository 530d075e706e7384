"""site.json: the signed description of the site (DESIGN §6).

The BSO's site key signs the exact bytes of site.json (signature in site.json.sig).
`version` grows by one at every re-signing, so a laptop can refuse an older copy.
Parsing is strict: anything malformed raises ValueError.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from vigdesk.sync import wire
from vigdesk.sync.codec import b64, canonical, unb64
from vigdesk.sync.identity import HPKE_PUBLIC_LEN, SIGN_KEY_LEN

APP = "vigdesk-site"
FORMAT = 1
SIGN_DOMAIN = b"vigdesk/site.json/v1"
ROLES = ("practitioner", "trainee", "bso")
NAME_MAX = 200
MAX_MEMBERS = 10_000
_SITE_KEYS = frozenset(
    {
        "app",
        "format",
        "site_id",
        "name",
        "version",
        "issued_at",
        "site_key",
        "key_epoch",
        "members",
        "retired",
        "retention",
        "network_hints",
    }
)
_MEMBER_KEYS = frozenset({"id", "name", "role", "device_id", "sign_key", "hpke_key", "added_at"})
_RETIRED_KEYS = frozenset({"id", "name", "device_id", "sign_key", "final_seq", "removed_at"})


@dataclass(frozen=True)
class Member:
    """An enrolled vault: its member id, device (= vault) id and public keys."""

    id: str
    name: str
    role: str
    device_id: str
    sign_key: bytes
    hpke_key: bytes
    added_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "device_id": self.device_id,
            "sign_key": b64(self.sign_key),
            "hpke_key": b64(self.hpke_key),
            "added_at": self.added_at,
        }

    @classmethod
    def from_json(cls, d: Any) -> Member:
        d = wire.obj(d, "member", _MEMBER_KEYS)
        member = cls(
            wire.ident(d["id"], "member id"),
            wire.text(d["name"], "member name", NAME_MAX),
            wire.text(d["role"], "role", 32),
            wire.ident(d["device_id"], "device id"),
            unb64(d["sign_key"]),
            unb64(d["hpke_key"]),
            wire.text(d["added_at"], "added at", 64),
        )
        if member.role not in ROLES:
            raise ValueError("unknown role")
        if len(member.sign_key) != SIGN_KEY_LEN or len(member.hpke_key) != HPKE_PUBLIC_LEN:
            raise ValueError("bad member key length")
        return member


@dataclass(frozen=True)
class Retired:
    """A removed member: journal files up to `final_seq` stay valid history."""

    id: str
    name: str
    device_id: str
    sign_key: bytes
    final_seq: int
    removed_at: str
    role: str = ""
    """Their role when removed (recorded since issue 17; "" before): a removed BSO's
    files may carry others' changes (`vigdesk.sync.handover`)."""

    def to_json(self) -> dict[str, Any]:
        return {
            **({"role": self.role} if self.role else {}),
            "id": self.id,
            "name": self.name,
            "device_id": self.device_id,
            "sign_key": b64(self.sign_key),
            "final_seq": self.final_seq,
            "removed_at": self.removed_at,
        }

    @classmethod
    def from_json(cls, d: Any) -> Retired:
        d = wire.obj(d, "removed member", _RETIRED_KEYS, frozenset({"role"}))
        role = wire.text(d.get("role", ""), "role", 32)
        if role and role not in ROLES:
            raise ValueError("unknown role")
        return cls(
            wire.ident(d["id"], "member id"),
            wire.text(d["name"], "member name", NAME_MAX),
            wire.ident(d["device_id"], "device id"),
            unb64(d["sign_key"]),
            wire.integer(d["final_seq"], "final seq", 0, 10**8 - 1),
            wire.text(d["removed_at"], "removed at", 64),
            role,
        )


@dataclass(frozen=True)
class NetworkHints:
    """Where the genuine site lives. `locations` empty = any path; hints are never proof."""

    locations: tuple[str, ...] = ()
    require_domain_network: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "locations": list(self.locations),
            "require_domain_network": self.require_domain_network,
        }

    @classmethod
    def from_json(cls, d: Any) -> NetworkHints:
        d = wire.obj(d, "network hints", frozenset({"locations", "require_domain_network"}))
        places = wire.array(d["locations"], "locations", 100)
        return cls(
            tuple(wire.text(x, "location", 1024) for x in places),
            wire.boolean(d["require_domain_network"], "require_domain_network"),
        )


@dataclass(frozen=True)
class SiteManifest:
    site_id: str
    name: str
    version: int
    issued_at: str
    site_key: bytes
    key_epoch: int
    members: tuple[Member, ...] = ()
    retired: tuple[Retired, ...] = ()
    retention: dict[str, Any] = field(default_factory=dict)
    hints: NetworkHints = NetworkHints()

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def by_device(self, device_id: str) -> Member | None:
        return next((m for m in self.members if m.device_id == device_id), None)

    def retired_device(self, device_id: str) -> Retired | None:
        return next((r for r in self.retired if r.device_id == device_id), None)

    def bso_ids(self) -> frozenset[str]:
        return frozenset(m.id for m in self.members if m.role == "bso")

    def next_version(self, issued_at: str, **changes: Any) -> SiteManifest:
        """A copy with `changes`, the version bumped and a new issue time."""
        return replace(self, version=self.version + 1, issued_at=issued_at, **changes)

    def to_bytes(self) -> bytes:
        return canonical(
            {
                "app": APP,
                "format": FORMAT,
                "site_id": self.site_id,
                "name": self.name,
                "version": self.version,
                "issued_at": self.issued_at,
                "site_key": b64(self.site_key),
                "key_epoch": self.key_epoch,
                "members": [m.to_json() for m in self.members],
                "retired": [r.to_json() for r in self.retired],
                "retention": self.retention,
                "network_hints": self.hints.to_json(),
            }
        )

    @classmethod
    def from_bytes(cls, raw: bytes) -> SiteManifest:
        """Parse (does not verify: see `vigdesk.sync.check`). Raises ValueError."""
        try:
            d = wire.obj(json.loads(raw), "site.json", _SITE_KEYS)
            if d["app"] != APP or d["format"] != FORMAT:
                raise ValueError("not a vigdesk site manifest")
            if not isinstance(d["retention"], dict):
                raise ValueError("retention is not an object")
            manifest = cls(
                site_id=wire.ident(d["site_id"], "site id"),
                name=wire.text(d["name"], "site name", NAME_MAX),
                version=wire.integer(d["version"], "version", 1),
                issued_at=wire.text(d["issued_at"], "issued at", 64),
                site_key=unb64(d["site_key"]),
                key_epoch=wire.integer(d["key_epoch"], "key epoch", 1, 10**6),
                members=tuple(
                    Member.from_json(m) for m in wire.array(d["members"], "members", MAX_MEMBERS)
                ),
                retired=tuple(
                    Retired.from_json(r) for r in wire.array(d["retired"], "retired", MAX_MEMBERS)
                ),
                retention=d["retention"],
                hints=NetworkHints.from_json(d["network_hints"]),
            )
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError("malformed site manifest") from exc
        if len(manifest.site_key) != SIGN_KEY_LEN:
            raise ValueError("bad site key")
        return manifest
