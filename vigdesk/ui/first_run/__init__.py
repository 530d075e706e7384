"""The first-run screen: who you are, your passphrase, the agreement, create."""

from vigdesk.ui.first_run.window import FirstRunWindow

__all__ = ["FirstRunWindow"]
