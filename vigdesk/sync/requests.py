"""Enrolment requests (``requests/<device-id>.json``), self-signed by the new device.

The signature proves the request was made by the holder of the private keys; the BSO
still compares the device fingerprint out of band before approving.
"""

from __future__ import annotations

from dataclasses import dataclass

from vigdesk.core.errors import IntegrityError
from vigdesk.sync import wire
from vigdesk.sync.codec import b64, canonical, unb64
from vigdesk.sync.identity import DeviceKeys, fingerprint, verify
from vigdesk.sync.manifest import NAME_MAX, Member

SIGN_DOMAIN = b"vigdesk/enrol-request/v1"
_KEYS = frozenset(
    {
        "site_id",
        "member_id",
        "device_id",
        "name",
        "role",
        "sign_key",
        "hpke_key",
        "requested_at",
        "sig",
    }
)


@dataclass(frozen=True)
class EnrolRequest:
    site_id: str
    member_id: str
    device_id: str
    name: str
    role: str
    sign_key: bytes
    hpke_key: bytes
    requested_at: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_key)

    def as_member(self, added_at: str) -> Member:
        return Member(
            self.member_id,
            self.name,
            self.role,
            self.device_id,
            self.sign_key,
            self.hpke_key,
            added_at,
        )

    def _body(self) -> dict[str, str]:
        return {
            "site_id": self.site_id,
            "member_id": self.member_id,
            "device_id": self.device_id,
            "name": self.name,
            "role": self.role,
            "sign_key": b64(self.sign_key),
            "hpke_key": b64(self.hpke_key),
            "requested_at": self.requested_at,
        }

    def to_bytes(self, keys: DeviceKeys) -> bytes:
        body = self._body()
        return canonical({**body, "sig": b64(keys.sign(SIGN_DOMAIN, canonical(body)))})

    @classmethod
    def from_bytes(cls, data: bytes) -> EnrolRequest:
        """Parse and check the self-signature. Raises IntegrityError."""
        try:
            d = wire.obj(wire.loads(data, "request"), "request", _KEYS)
            sig = unb64(d.pop("sig"))
            req = cls(
                wire.ident(d["site_id"], "site id"),
                wire.ident(d["member_id"], "member id"),
                wire.ident(d["device_id"], "device id"),
                wire.text(d["name"], "name", NAME_MAX),
                wire.text(d["role"], "role", 32),
                unb64(d["sign_key"]),
                unb64(d["hpke_key"]),
                wire.text(d["requested_at"], "requested at", 64),
            )
            Member.from_json(req.as_member("-").to_json())  # checks role and key lengths
        except ValueError as exc:
            raise IntegrityError(f"the enrolment request is malformed ({exc})") from exc
        if not verify(req.sign_key, SIGN_DOMAIN, canonical(req._body()), sig):
            raise IntegrityError("the enrolment request's signature does not verify")
        return req
