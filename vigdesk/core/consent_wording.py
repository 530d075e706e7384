"""What each consent purpose means, said once, and the video period read from the policy.

`PURPOSE_TITLES` names each purpose, `PURPOSE_LINES` explains it; the ui wraps both
for translation.

The consent screens, the consent form and the printed consent record all take their
purpose lines and the promised period (in words, from the policy) from here, so a
policy that changes the period changes every sentence that promises it.
"""

from __future__ import annotations

from vigdesk.core.consent import Purpose
from vigdesk.core.retention import Policy, period_words

PERIOD = "{video_period}"
"""Where a text (the consent form, a purpose line) states how long video is kept."""

BASIS = "{lawful_basis}"
"""Where the consent form states the lawful basis (the policy's `lawful_basis`)."""

PROMISES = "{commitments}"
"""Where the consent form lists `COMMITMENTS`, one per line."""

COMMITMENTS = (
    "We will stop filming whenever you ask.",
    "We will not make any copy of the video for anyone, you included, without your "
    "written consent.",
    "Our review meetings, where we watch the clips together, may be filmed for your "
    "practitioner's supervision, only if you agree to that below; that film is kept and "
    "deleted like the rest of the video.",
)
"""What the guider promises (VIG practice), on the form and on every printed record.
Changing one changes what families are told: give the consent form a new version."""

PURPOSE_TITLES = {
    Purpose.FILM: "Filming",
    Purpose.KEEP: "Keeping the video",
    Purpose.SUPERVISION: "Supervision",
    Purpose.TRAINING: "Training",
    Purpose.REVIEW_FILMING: "Filming our review meetings",
    Purpose.FAMILY_COPY: "A copy for your family",
}

PURPOSE_LINES = {
    Purpose.FILM: "We may film you and your child at home, usually 5 to 20 minutes.",
    Purpose.KEEP: (
        "We may keep the video, encrypted, while we work with you, and delete it "
        f"within {PERIOD} of the end."
    ),
    Purpose.SUPERVISION: (
        "An accredited VIG supervisor may see short clips, to help your practitioner."
    ),
    Purpose.TRAINING: (
        "Short clips may be shown at training events beyond the service, for as long as you agree."
    ),
    Purpose.REVIEW_FILMING: (
        "We may film the meetings where we watch the clips together, so an accredited VIG "
        "supervisor can help your practitioner with their own practice (supervision)."
    ),
    Purpose.FAMILY_COPY: (
        "We may give you a copy of the clips we chose together, to keep. It shows everyone "
        "on it, so each of them must agree. Once given, it is yours: we do not ask for it "
        "back, even if consent is withdrawn later."
    ),
}


def video_period(policy: Policy) -> str:
    """How long after the end of the work video is deleted, in words (the policy's)."""
    return period_words(policy.video_months)


def with_period(text: str, period: str) -> str:
    """`text` with its period placeholder filled in."""
    return text.replace(PERIOD, period)


def fill_form(text: str, period: str, basis: str) -> str:
    """The consent form with its period, lawful basis and commitments filled in."""
    promises = "\n".join(f"- {c}" for c in COMMITMENTS)
    return with_period(text, period).replace(BASIS, basis).replace(PROMISES, promises)


def purpose_line(purpose: Purpose, period: str) -> str:
    """The one-line explanation of `purpose`, stating `period` where it promises one."""
    return with_period(PURPOSE_LINES[purpose], period)
