"""Versioned texts a service may edit in resources/: the agreement and the consent form.

Each file carries a `<!-- version: X -->` line; the version is stored with every
acceptance or consent so it is always known what a person was shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vigdesk.paths import resources_dir

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


def current_consent_text() -> VersionedText:
    """The plain-English explanation families read before consenting."""
    return load_versioned("consent/consent-form.md")
