"""Withdraw consent, as easily as it was given: tick, (optionally) say why, withdraw now.

The service withdraws at once (today), so whatever needed that consent is refused from
the next call on; the dialog says what that stops.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.core.consent import ConsentRecord, Purpose
from vigdesk.ui.consent.register.entries import RegisterEntry
from vigdesk.ui.consent.texts import consequence, purpose_short, purpose_title, short_date
from vigdesk.ui.consent.wizard.layout import scrolling_cards
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.field import labelled
from vigdesk.ui.widgets.message_line import MessageLine
from vigdesk.ui.widgets.page import card


class WithdrawDialog(QDialog):
    """Emits `withdrawn(list[ConsentRecord])` once the service has withdrawn them."""

    withdrawn = Signal(list)

    def __init__(
        self,
        ctx: MainContext,
        entries: list[RegisterEntry],
        preselected: set[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        code = entries[0].case_code if entries else ""
        self.setWindowTitle(self.tr("Withdraw consent · {code}").format(code=code))
        self.resize(640, 620)  # fits a 1280×720 laptop
        self.boxes: dict[str, tuple[QCheckBox, Purpose, RegisterEntry]] = {}
        choices, choice_layout = card(
            self.tr("What the family no longer agrees to"),
            self.tr("It takes effect straight away. Tick each consent to withdraw."),
        )
        choice_layout.addLayout(self._quick_buttons(entries))
        for entry in entries:
            in_force = entry.in_force()
            if not in_force:
                continue
            heading = self.tr("For {child}, given by {giver} on {day}").format(
                child=entry.child_initials,
                giver=entry.giver_initials,
                day=short_date(entry.given_on),
            )
            choice_layout.addWidget(set_role(QLabel(heading), "heading"))
            for purpose, consent_id in in_force:
                box = QCheckBox(purpose_title(purpose))
                box.setChecked(consent_id in preselected)
                box.toggled.connect(self._update)
                choice_layout.addWidget(box)
                self.boxes[consent_id] = (box, purpose, entry)
        self.effects = set_role(QLabel(), "muted")
        self.effects.setWordWrap(True)
        effects_card, effects_layout = card(self.tr("Once withdrawn"))
        effects_layout.addWidget(self.effects)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("For example: the family asked us to stop"))
        self.reason_edit.setMaxLength(300)
        self.message = MessageLine()
        self.busy = BusyIndicator()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.withdraw_button = mark_primary(QPushButton(self.tr("&Withdraw now")))
        self.buttons.addButton(self.withdraw_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        title = set_role(QLabel(self.tr("Withdraw consent")), "title")
        subtitle = set_role(
            QLabel(
                self.tr(
                    "Case {code}. Withdrawing is as easy as giving, and needs no reason."
                ).format(code=code)
            ),
            "muted",
        )
        subtitle.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        reason = labelled(self.tr("&Reason (optional)"), self.reason_edit)
        self.body = scrolling_cards([choices, effects_card, reason])
        layout.addWidget(self.body, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.withdraw)
        self.buttons.rejected.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        ctx.events.vault_locked.connect(self.close)
        if not self.boxes:
            self.message.show_notice(self.tr("Nothing to withdraw: no consent is in force here."))
        self._update()

    def _quick_buttons(self, entries: list[RegisterEntry]) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(set_role(QLabel(self.tr("Select:")), "small"))
        everything = set_role(QPushButton(self.tr("Everything")), "consent-compact")
        everything.clicked.connect(lambda: self.select(lambda p, e: True))
        row.addWidget(everything)
        purposes = [p for p in Purpose if any(p is q for e in entries for q, _ in e.in_force())]
        for purpose in purposes:
            button = set_role(QPushButton(purpose_short(purpose)), "consent-compact")
            button.setToolTip(purpose_title(purpose))
            button.clicked.connect(lambda _=False, p=purpose: self.select(lambda q, e: q is p))
            row.addWidget(button)
        children = sorted({e.child_initials for e in entries if e.in_force()})
        if len(children) > 1:
            for child in children:
                button = set_role(
                    QPushButton(self.tr("All for {child}").format(child=child)), "consent-compact"
                )
                button.clicked.connect(
                    lambda _=False, c=child: self.select(lambda q, e: e.child_initials == c)
                )
                row.addWidget(button)
        row.addStretch(1)
        return row

    def select(self, wanted: Callable[[Purpose, RegisterEntry], bool]) -> None:
        """Tick every consent for which `wanted(purpose, entry)` is true (others unchanged)."""
        for box, purpose, entry in self.boxes.values():
            if wanted(purpose, entry):
                box.setChecked(True)

    def chosen(self) -> list[str]:
        return [cid for cid, (box, _, _) in self.boxes.items() if box.isChecked()]

    def chosen_purposes(self) -> list[Purpose]:
        picked = {p for box, p, _ in self.boxes.values() if box.isChecked()}
        return [p for p in Purpose if p in picked]

    def _update(self) -> None:
        purposes = self.chosen_purposes()
        self.withdraw_button.setEnabled(bool(purposes))
        if purposes:
            self.effects.setText("\n".join(f"• {consequence(p)}" for p in purposes))
        else:
            self.effects.setText(self.tr("Tick a consent above to see what withdrawing it stops."))

    def withdraw(self) -> None:
        ids, reason = self.chosen(), self.reason_edit.text()
        if not ids:
            return
        consent = self._ctx.services.consent
        self.withdraw_button.setEnabled(False)
        self.body.setEnabled(False)
        self.busy.start(self.tr("Withdrawing…"))

        def work(_: TaskContext) -> list[ConsentRecord]:
            return consent.withdraw(ids, reason)

        self._ctx.runner.run(
            work,
            on_success=self._done,
            on_failure=self._failed,
            serial=True,
            changes={Changed.CONSENT},
            owner=self,
        )

    def _done(self, records: list[ConsentRecord]) -> None:
        self.busy.stop()
        purposes = [p for p in Purpose if any(r.purpose is p for r in records)]
        lines = [self.tr("Withdrawn today. From now on:")]
        lines += [f"• {consequence(p)}" for p in purposes]
        self.message.show_notice("\n".join(lines))
        self.withdraw_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).hide()
        self.close_button.show()
        self.close_button.setFocus()
        self.withdrawn.emit(records)

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self.body.setEnabled(True)
        self._update()
        self.message.show_error(failure.message)
