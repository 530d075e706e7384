"""site.json: the signed description of the site (DESIGN §6).

The BSO's site key signs the exact bytes of site.json (signature in site.json.sig).
`version` grows by one at every re-signing, so a laptop can refuse an older copy.
Parsing is strict: anything malformed raises ValueError.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from vigdesk.sync.codec import b64, canonical, unb64
from vigdesk.sync.identity import HPKE_PUBLIC_LEN, SIGN_KEY_LEN

APP = "vigdesk-site"
FORMAT = 1
SIGN_DOMAIN = b"vigdesk/site.json/v1"
ROLES = ("practitioner", "trainee", "bso")


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
    def from_json(cls, d: dict[str, Any]) -> Member:
        member = cls(
            str(d["id"]),
            str(d["name"]),
            str(d["role"]),
            str(d["device_id"]),
            unb64(d["sign_key"]),
            unb64(d["hpke_key"]),
            str(d["added_at"]),
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

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "device_id": self.device_id,
            "sign_key": b64(self.sign_key),
            "final_seq": self.final_seq,
            "removed_at": self.removed_at,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Retired:
        return cls(
            str(d["id"]),
            str(d["name"]),
            str(d["device_id"]),
            unb64(d["sign_key"]),
            int(d["final_seq"]),
            str(d["removed_at"]),
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
    def from_json(cls, d: dict[str, Any]) -> NetworkHints:
        return cls(tuple(str(x) for x in d["locations"]), bool(d["require_domain_network"]))


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
            d = json.loads(raw)
            if d.get("app") != APP or int(d["format"]) != FORMAT:
                raise ValueError("not a vigdesk site manifest")
            manifest = cls(
                site_id=str(d["site_id"]),
                name=str(d["name"]),
                version=int(d["version"]),
                issued_at=str(d["issued_at"]),
                site_key=unb64(d["site_key"]),
                key_epoch=int(d["key_epoch"]),
                members=tuple(Member.from_json(m) for m in d["members"]),
                retired=tuple(Retired.from_json(r) for r in d["retired"]),
                retention=dict(d["retention"]),
                hints=NetworkHints.from_json(d["network_hints"]),
            )
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError("malformed site manifest") from exc
        if len(manifest.site_key) != SIGN_KEY_LEN:
            raise ValueError("bad site key")
        return manifest
