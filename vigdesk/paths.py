"""Where vigdesk keeps its data: `$VIGDESK_HOME` overrides the platform location."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "vigdesk"
# The vault's public header: its presence is what makes a folder a vault (first run vs
# unlock). Here, not only in storage/header.py, so the unlock window need not load crypto.
VAULT_HEADER = "vault.json"


def default_home() -> Path:
    """The vault folder: `$VIGDESK_HOME` if set, else the platform's user data dir."""
    env = os.environ.get("VIGDESK_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def make_private_dir(path: Path) -> None:
    """Create `path` (and its parents) if missing and make it 0700 on POSIX, whatever
    the umask: a library caller may have skipped `hardening.harden_process`. Elsewhere
    only creates it (Windows: the user's profile ACLs apply). Raises OSError."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)


def demo_home() -> Path:
    """The demo vault lives apart from any real vault, so demo never touches one."""
    return Path(platformdirs.user_data_dir(APP_NAME + "-demo", appauthor=False))


def demo_office_home() -> Path:
    """The office demo (three vaults and a site folder) lives apart from any real vault too."""
    return Path(platformdirs.user_data_dir(APP_NAME + "-demo-office", appauthor=False))


def resources_dir() -> Path:
    """Bundled resources: the checkout's `resources/` or the wheel's `_resources/`."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_resources", here.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("vigdesk resources folder is missing from this installation")
