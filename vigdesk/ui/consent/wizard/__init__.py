"""The consent wizard (see wizard.py)."""

from vigdesk.ui.consent.wizard.wizard import ConsentWizard, open_consent_wizard

__all__ = ["ConsentWizard", "open_consent_wizard"]
