"""The cases feature's fixtures, for the letters tab on a case page."""

from tests.ui.cases.conftest import cases, idle

__all__ = ["cases", "idle"]
