"""Errors of site set-up and sync. Each message says what happened and what to do."""

from __future__ import annotations

from vigdesk.core.errors import VigdeskError


class SiteUnavailable(VigdeskError):
    """The site folder cannot be reached (off the council network, unplugged, renamed)."""

    exit_code = 6


class SiteRefused(VigdeskError):
    """The folder is reachable but is not the trusted site: forged, stale, copied or foreign."""

    exit_code = 7


class NotEnrolled(VigdeskError):
    """This vault has no site yet, or its enrolment is not approved (or was revoked)."""

    exit_code = 8
