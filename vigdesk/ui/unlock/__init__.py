"""The unlock screen: passphrase, error line and the backoff countdown."""

from vigdesk.ui.unlock.window import UnlockWindow

__all__ = ["UnlockWindow"]
