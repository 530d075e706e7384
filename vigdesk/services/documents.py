"""Versioned texts a service may edit in resources/: the agreement and the consent form.

Each file carries a `<!-- version: X -->` line; the version is stored with every
acceptance or consent so it is always known what a person was shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vigdesk.core.consent_wording import fill_form, video_period
from vigdesk.core.retention import Policy
from vigdesk.paths import resources_dir
from vigdesk.services.retention import default_policy

_VERSION = re.compile(r"<!--\s*version:\s*([\w.\-]+)\s*-->")


@dataclass(frozen=True)
class VersionedText:
    version: str
    text: str


@cache
def load_versioned(relative: str) -> VersionedText:
    """Read `resources/<relative>`; ValueError naming the file if it has no version."""
    path = resources_dir() / relative
    text = path.read_text(encoding="utf-8")
    match = _VERSION.search(text)
    if not match:
        raise ValueError(f"{path} has no '<!-- version: … -->' line")
    return VersionedText(match.group(1), _VERSION.sub("", text).strip())


def current_agreement() -> VersionedText:
    """The confidentiality agreement each practitioner accepts at first run."""
    return load_versioned("agreement/confidentiality.md")


def current_consent_text(policy: Policy | None = None) -> VersionedText:
    """The plain-English explanation families read before consenting, promising the
    video period and stating the lawful basis of `policy` (the policy in force; default:
    this build's), with the guider's commitments."""
    form = load_versioned("consent/consent-form.md")
    in_force = policy or default_policy()
    text = fill_form(form.text, video_period(in_force), lawful_basis(in_force))
    return VersionedText(form.version, text)


def lawful_basis(policy: Policy | None = None) -> str:
    """The lawful basis consent is recorded under: `policy`'s (the policy in force), or
    this build's default when that policy does not state one."""
    if policy is not None and policy.lawful_basis:
        return policy.lawful_basis
    basis = default_policy().lawful_basis
    assert basis, "resources/retention/policy.json must state lawful_basis"
    return basis
