"""The versioned confidentiality agreement each practitioner accepts at first run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vigdesk.paths import resources_dir

_VERSION = re.compile(r"<!--\s*version:\s*([\w.\-]+)\s*-->")


@dataclass(frozen=True)
class Agreement:
    version: str
    text: str


@cache
def current_agreement() -> Agreement:
    """The agreement shipped in resources/agreement/ (a service may edit it)."""
    text = (resources_dir() / "agreement" / "confidentiality.md").read_text(encoding="utf-8")
    match = _VERSION.search(text)
    if not match:
        raise ValueError("resources/agreement/confidentiality.md has no '<!-- version: … -->' line")
    return Agreement(match.group(1), _VERSION.sub("", text).strip())
