"""Plain words for a subject access answer: what the family reads instead of the
codes the database keeps ("film", "keep", "footage", "0.0 s" for a still). Pure data."""

from __future__ import annotations

PERSON_KIND = {"adult": "Adult", "child": "Child"}
CASE_STATUS = {
    "referred": "Referred, not started yet",
    "active": "We are working with you",
    "closed": "Our work has ended",
}
SESSION_KIND = {
    "initial_meeting": "First meeting",
    "filming": "Visit with filming",
    "shared_review": "Watching the video together",
    "final_review": "Final review",
}
TIMEPOINT = {"baseline": "At the start", "mid": "Half-way", "end": "At the end"}
PURPOSE = {
    "film": "Filming you and your child",
    "keep": "Keeping the video while we work with you",
    "supervision": "Showing clips to a VIG supervisor",
    "training": "Showing clips at training events",
    "review_filming": "Filming our review meetings, for supervision",
    "family_copy": "A copy of the clips for your family to keep",
}
PURPOSE_SHARED = {"supervision": "Supervision of your practitioner", "training": "Training"}
METHOD = {"signed_on_screen": "Signed on screen", "scanned_paper": "Signed paper form"}
MEDIA_KIND = {"footage": "Video recording", "clip": "Short clip", "still": "Still picture"}
REQUEST_STATUS = {
    "open": "Being answered",
    "answered": "Answered",
    "refused": "Refused",
    "withdrawn": "Withdrawn by you",
}
DELIVERY = {
    "post": "By post",
    "email": "By email",
    "secure_transfer": "By secure transfer",
    "collected": "Collected in person",
    "viewed_in_person": "Viewed in person, by agreement",
}
ACTIONS = {
    "case.created": "Your case was opened",
    "case.read": "Your case record was opened",
    "case.activated": "Our work started",
    "case.assigned": "A practitioner was assigned",
    "case.unassigned": "A practitioner was taken off your case",
    "case.listed": "Your case appeared in a list",
    "case.searched": "Your case was found by a search",
    "consent.recorded": "Consent was recorded",
    "consent.withdrawn": "Consent was withdrawn",
    "consent.read": "Consent was looked at",
    "consent.record_read": "The consent record was opened",
    "consent.record_printed": "The consent record was printed",
    "media.imported": "Video was saved",
    "media.played": "Video was watched",
    "media.listed": "Video was listed",
    "media.annotated": "A title or note was changed",
    "media.appearing_set": "Who appears in a video was recorded",
    "media.exported": "Video was exported",
    "clip.created": "A clip was cut",
    "still.viewed": "A still picture was looked at",
    "session.added": "A meeting was recorded",
    "helping.rated": "A helping question was rated",
    "questionnaire.recorded": "A questionnaire was recorded",
    "export.created": "Clips were shared",
    "retention.deleted": "Something was deleted at the end of its period",
    "sar.exported": "A copy of your data was made",
    "sar.request_recorded": "Your request for your data was recorded",
    "person.consent_standing": "Your consent was checked",
}


def action(code: str) -> str:
    return ACTIONS.get(code, code.replace(".", ": ").replace("_", " ").capitalize())


def clock(seconds: float) -> str:
    """ "0:02.4": where in a video, as a player shows it."""
    minutes, rest = divmod(max(0.0, seconds), 60)
    return f"{int(minutes)}:{rest:04.1f}"


def length(kind: str, seconds: float) -> str:
    """ "1 min 5 s", "12 s"; a still picture has no length."""
    if kind == "still":
        return "A single picture"
    total = round(seconds)
    minutes, secs = divmod(total, 60)
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{max(secs, 1)} s"
