"""What `vigdesk doctor` reports: findings with a severity, and the exit code they make."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

SHOWN = 10  # paths or ids listed in one finding's details, at most


class Severity(IntEnum):
    OK = 0  # the check passed
    INFO = 1  # worth knowing, nothing to do
    WARNING = 2  # to tidy up or to watch
    ERROR = 3  # integrity, security or data at risk

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Finding:
    """One check's result. `code` is stable (`area.check`) for scripts; `details` holds
    counts, relative paths and random ids only."""

    code: str
    severity: Severity
    message: str
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.label,
            "message": self.message,
            "details": dict(self.details),
        }


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]

    @property
    def worst(self) -> Severity:
        return max((f.severity for f in self.findings), default=Severity.OK)

    @property
    def exit_code(self) -> int:
        """0 when all is fine (or only information), 1 with warnings, 2 with errors."""
        return {Severity.ERROR: 2, Severity.WARNING: 1}.get(self.worst, 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "exit_code": self.exit_code,
            "worst": self.worst.label,
            "findings": [f.to_json() for f in self.findings],
        }


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def agree(n: int, one: str, many: str) -> str:
    """The verb (or phrase) that agrees with `n`: agree(1, "is", "are")."""
    return one if n == 1 else many
