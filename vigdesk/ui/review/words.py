"""Counted phrases for the review screens: English picks the form, each form is its own
string for translators ("%n" is the number)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def count(n: int, one: str, many: str) -> str:
    return QCoreApplication.translate("Review", one if n == 1 else many, "", n)
