"""The supervisor's reply to a supervision package: time-stamped comments on its clips.

The package carries the practitioner's reply key and a random reply token; the reply is
sealed to that key (so only the practitioner's vault opens it) and carries an HMAC under
the token (so it comes from someone who opened that package, not from anyone who merely
holds the practitioner's public key). Strict JSON both ways: a reply is hostile input.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from vigdesk.core.errors import PackageTampered
from vigdesk.core.ids import is_id

REPLY_FORMAT = "vigdesk-supervision-reply"
MAX_COMMENTS = 500
MAX_TEXT = 2000
_ITEM = re.compile(r"^(clip|still)-\d{2,3}\.(mp4|png)$")


@dataclass(frozen=True)
class Comment:
    item: str  # the package item's name, e.g. "clip-01.mp4"
    at_s: float  # seconds from the clip's start (0 for a still)
    text: str


@dataclass(frozen=True)
class Reply:
    package_id: str
    supervisor: str
    written_on: date
    minutes: int  # time the supervisor spent, for the trainee's supervision log
    comments: tuple[Comment, ...]


def moment_text(at_s: float) -> str:
    """Where a comment sits, to a tenth of a second: "1:04.5"."""
    tenths = max(0, round(at_s * 10))
    minutes, rest = divmod(tenths, 600)
    return f"{minutes}:{rest // 10:02d}.{rest % 10}"


def check_comment(item: str, at_s: float, text: str) -> Comment:
    """ValueError for a comment that is empty, too long or not on a package item."""
    clean = text.strip()
    if not clean:
        raise ValueError("A comment needs some text.")
    if len(clean) > MAX_TEXT:
        raise ValueError(f"A comment is limited to {MAX_TEXT:,} characters.")
    if not _ITEM.match(item) or not 0 <= at_s < 24 * 3600:
        raise ValueError("A comment must be on one of the package's clips or stills.")
    return Comment(item, round(at_s, 2), clean)


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _body(reply: Reply) -> dict[str, Any]:
    return {
        "format": REPLY_FORMAT,
        "version": 1,
        "package_id": reply.package_id,
        "supervisor": reply.supervisor,
        "written_on": reply.written_on.isoformat(),
        "minutes": reply.minutes,
        "comments": [{"item": c.item, "at_s": c.at_s, "text": c.text} for c in reply.comments],
    }


def reply_mac(reply: Reply, token: bytes) -> str:
    return hmac.new(token, _canonical(_body(reply)), hashlib.sha256).hexdigest()


def reply_bytes(reply: Reply, token: bytes) -> bytes:
    """The reply's plaintext content: canonical JSON with its HMAC under `token`."""
    return _canonical(_body(reply) | {"mac": reply_mac(reply, token)})


def parse_reply(content: bytes) -> tuple[Reply, str]:
    """(reply, mac) from decrypted content; PackageTampered for anything malformed."""
    try:
        data = json.loads(content)
        keys = {
            "format",
            "version",
            "package_id",
            "supervisor",
            "written_on",
            "minutes",
            "comments",
            "mac",
        }
        if not isinstance(data, dict) or set(data) != keys:
            raise ValueError("fields")
        if data["format"] != REPLY_FORMAT or data["version"] != 1:
            raise ValueError("format")
        supervisor, mac, minutes = data["supervisor"], data["mac"], data["minutes"]
        if not (isinstance(supervisor, str) and 0 < len(supervisor.strip()) <= 120):
            raise ValueError("supervisor")
        if type(minutes) is not int or not 1 <= minutes <= 24 * 60:
            raise ValueError("minutes")
        if not (isinstance(mac, str) and re.fullmatch(r"[0-9a-f]{64}", mac)):
            raise ValueError("mac")
        if not (isinstance(data["package_id"], str) and is_id(data["package_id"])):
            raise ValueError("package")
        rows = data["comments"]
        if not isinstance(rows, list) or len(rows) > MAX_COMMENTS:
            raise ValueError("comments")
        comments = []
        for row in rows:
            if not isinstance(row, dict) or set(row) != {"item", "at_s", "text"}:
                raise ValueError("comment")
            at_s = row["at_s"]
            if not (isinstance(row["item"], str) and isinstance(row["text"], str)):
                raise ValueError("comment")
            if type(at_s) not in (int, float) or not math.isfinite(at_s):
                raise ValueError("comment")
            comments.append(check_comment(row["item"], float(at_s), row["text"]))
        reply = Reply(
            data["package_id"],
            supervisor.strip(),
            date.fromisoformat(data["written_on"]),
            minutes,
            tuple(comments),
        )
    except (ValueError, TypeError, KeyError, OverflowError, RecursionError) as exc:
        raise PackageTampered("That reply file is damaged or not a vigdesk reply.") from exc
    return reply, mac
