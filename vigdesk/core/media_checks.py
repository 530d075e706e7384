"""What the whole-footage decode check found (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MediaCheck:
    """`damage` is the warning shown with the footage, "" when every frame decoded."""

    media_id: str
    checked_at: str
    damage: str = ""
