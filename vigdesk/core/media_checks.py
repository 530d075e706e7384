"""What the whole-footage decode check found (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass

from vigdesk.core.ids import MediaId


@dataclass(frozen=True)
class MediaCheck:
    """`damage` is the warning shown with the footage, "" when every frame decoded."""

    media_id: MediaId
    checked_at: str
    damage: str = ""
