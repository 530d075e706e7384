"""Turning OS errors on the site folder into messages a practitioner can act on."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager

from vigdesk.core import messages
from vigdesk.core.errors import SiteUnavailable, VigdeskError
from vigdesk.sync.layout import SiteLayout

_GONE = frozenset(
    {
        errno.ENOENT,
        errno.ENOTDIR,
        errno.EHOSTDOWN,
        errno.ENETUNREACH,
        errno.ETIMEDOUT,
        errno.EIO,
        errno.ESTALE,
        errno.ENODEV,
    }
)


def unavailable(layout: SiteLayout, doing: str) -> SiteUnavailable:
    return SiteUnavailable(messages.site_went_away(layout.share, doing))


@contextmanager
def share_errors(layout: SiteLayout, doing: str) -> Iterator[None]:
    """Map OSError inside the block: a vanished site → SiteUnavailable, else VigdeskError.

    Errors about the local vault must not be raised inside this block.
    """
    try:
        yield
    except OSError as exc:
        if not layout.root.is_dir() or exc.errno in _GONE:
            raise unavailable(layout, doing) from exc
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise VigdeskError(messages.site_access_refused(layout.share, doing)) from exc
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise VigdeskError(messages.site_full(layout.share)) from exc
        raise VigdeskError(messages.site_unusable(doing, str(exc))) from exc
