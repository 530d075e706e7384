"""Key wrap files: a case key or site data key HPKE-sealed to one member, signed.

``keys/<case-id>/<member-id>.key`` and ``keys/site/<epoch>/<member-id>.key`` hold JSON
naming the key, the recipient and the signing device, the HPKE ciphertext (its `info`
binds kind, scope and recipient) and an Ed25519 signature by a current member's device
(for site data keys: a BSO's). Anyone may read the folder; only the recipient can open
a wrap, and nobody can plant one. Pure functions; raise IntegrityError.
"""

from __future__ import annotations

from vigdesk.core.errors import IntegrityError
from vigdesk.sync import wire
from vigdesk.sync.codec import b64, canonical, unb64
from vigdesk.sync.identity import DeviceKeys, seal_to, verify
from vigdesk.sync.manifest import Member, SiteManifest

SIGN_DOMAIN = b"vigdesk/key-wrap/v1"
_KEYS = frozenset({"kind", "scope", "recipient", "by", "sealed", "sig"})


def _info(kind: str, scope_id: str, recipient: str) -> bytes:
    return f"vigdesk/key-wrap/v1/{kind}/{scope_id}/{recipient}".encode()


def make(
    kind: str, scope_id: str, recipient: Member, key: bytes, signer: DeviceKeys, signer_device: str
) -> bytes:
    body = {
        "kind": kind,
        "scope": scope_id,
        "recipient": recipient.id,
        "by": signer_device,
        "sealed": b64(seal_to(recipient.hpke_key, key, _info(kind, scope_id, recipient.id))),
    }
    sig = signer.sign(SIGN_DOMAIN, canonical(body))
    return canonical({**body, "sig": b64(sig)})


def _checked(
    data: bytes,
    kind: str,
    scope_id: str,
    recipient: str,
    site: SiteManifest,
    issuers: frozenset[str] | None,
) -> bytes:
    """The sealed key of a wrap for `recipient`, once its place, its signature by a
    current member's device and its issuer are checked. Raises IntegrityError."""
    try:
        d = wire.obj(wire.loads(data, "key wrap"), "key wrap", _KEYS)
        sig = unb64(d.pop("sig"))
        sealed = unb64(d["sealed"])
        if (d["kind"], d["scope"], d["recipient"]) != (kind, scope_id, recipient):
            raise ValueError("wrap for another place")
        signer = site.by_device(wire.ident(d["by"], "signing device"))
    except ValueError as exc:
        raise IntegrityError("a key wrap file is malformed") from exc
    if signer is None or not verify(signer.sign_key, SIGN_DOMAIN, canonical(d), sig):
        raise IntegrityError("a key wrap file is not signed by a member of the site")
    if kind == "site" and signer.role != "bso":
        raise IntegrityError("a site key wrap is not signed by the BSO")
    if issuers is not None and signer.id not in issuers:
        raise IntegrityError(f"{signer.name} may not give this key (only the BSO can)")
    return sealed


def open_wrap(
    data: bytes,
    kind: str,
    scope_id: str,
    me: Member,
    keys: DeviceKeys,
    site: SiteManifest,
    issuers: frozenset[str] | None = None,
) -> bytes:
    """The key inside a wrap addressed to `me`, after checking who signed it.

    `issuers`, when given, are the member ids allowed to give this key (see
    `vigdesk.sync.authority`); a valid signature by anyone else is refused too."""
    sealed = _checked(data, kind, scope_id, me.id, site, issuers)
    key = keys.open(sealed, _info(kind, scope_id, me.id))
    if len(key) != 32:
        raise IntegrityError("a wrapped key has the wrong length")
    return key


def acceptable(
    data: bytes,
    kind: str,
    scope_id: str,
    recipient: str,
    site: SiteManifest,
    issuers: frozenset[str] | None = None,
) -> bool:
    """Whether `open_wrap` on the recipient's laptop would take this wrap (all but the
    opening, which only the recipient can do): another device's valid wrap on the site
    need not be written again (a new BSO laptop would rewrite every family's wraps)."""
    try:
        _checked(data, kind, scope_id, recipient, site, issuers)
    except IntegrityError:
        return False
    return True
