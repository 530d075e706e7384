"""How the ui names the vault roles (storage keeps the short keys)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

ROLE_KEYS = ("practitioner", "trainee", "bso")


def role_label(role: str) -> str:
    """The display name of a role key; unknown keys are shown as they are."""
    labels = {
        "practitioner": QCoreApplication.translate("Roles", "Practitioner"),
        "trainee": QCoreApplication.translate("Roles", "Trainee practitioner"),
        "bso": QCoreApplication.translate("Roles", "Business support officer"),
    }
    return labels.get(role, role)
