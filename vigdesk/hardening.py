"""Process hardening that every entry point applies before it touches a secret.

A crash must not leave a core file holding keys or decrypted video, and nothing the
process writes may be readable by other users. POSIX: no core files (RLIMIT_CORE 0)
and umask 077 (files 0600, folders 0700); Linux also: not dumpable, so neither a
core-dump pipe nor another process of the same user can read its memory (ptrace).
Windows has none of these and needs none: %LOCALAPPDATA% is private to the user by
its ACLs, and crash dumps (WER) are off unless IT enables LocalDumps by policy.

Three guarded calls, so one module with no per-OS classes. Qt's own cache switches
live in `app.harden_process`, which calls this.
"""

from __future__ import annotations

import contextlib
import os
import sys

PR_SET_DUMPABLE = 4  # <linux/prctl.h>
PRIVATE_UMASK = 0o077


def harden_process() -> None:
    """Idempotent; call first in every entry point. Never raises: a step the OS refuses
    is skipped (the rest still apply)."""
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)
        _no_core_files()
    if sys.platform.startswith("linux"):
        _not_dumpable()


def _no_core_files() -> None:
    import resource

    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _not_dumpable() -> None:
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
