"""The passphrase rule shown at first run and on change, and the demo vault's passphrase."""

from __future__ import annotations

MIN_LENGTH = 12
# The demo's invented vault (services/demo.py); here so the unlock window need not load it.
DEMO_PASSPHRASE = "demo garden kettle 42"
_COMMON = {"password", "passphrase", "vigdesk", "123456", "qwerty", "letmein", "derbyshire"}


def passphrase_problem(passphrase: str) -> str | None:
    """Why a new passphrase is too weak, or None when it is acceptable.

    Length matters most (a few unrelated words beat symbols), so the rule is:
    at least 12 characters, at least 6 different characters, not a common word.
    """
    if len(passphrase) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters; a few unrelated words work well."
    if len(set(passphrase)) < 6:
        return "Use more different characters; repeated letters are easy to guess."
    lowered = passphrase.lower()
    if any(word in lowered and len(lowered) - len(word) < 6 for word in _COMMON):
        return "That passphrase is too common; add a few unrelated words."
    return None


def passphrase_strength(passphrase: str) -> int:
    """A 0–4 meter for the first-run form: rough, honest, never the only check."""
    classes = sum(
        any(test(c) for c in passphrase)
        for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    score = min(len(passphrase) // 6, 3) + (1 if classes >= 3 else 0)
    if passphrase_problem(passphrase):
        score = min(score, 1)
    return min(score, 4)
