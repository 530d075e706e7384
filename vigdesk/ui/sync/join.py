"""Sync › Join the office folder… : a laptop asks to join the site from the app (the same
service as `vigdesk enrol PATH`).

Two pages. *Choose*: the folder the BSO gave, checked in a task; the site's name and key
fingerprint show, to compare with the one the BSO reads out; "Send request" enrols with
exactly that fingerprint, so a folder swapped in between is refused. *Waiting*: this
laptop's fingerprint for the BSO to check, then "waiting for approval" until a check of
the site (the sync feature's probe, every `poll_ms` and on "Check now") sees the
approval; the feature then syncs, and the page says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.services.site import Enrolment, SitePreview
from vigdesk.sync.run import SyncReport
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.sync.indicator import clock_time
from vigdesk.ui.sync.state import Reach, SiteState
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.message_line import MessageLine, grow_to_fit

if TYPE_CHECKING:
    from vigdesk.ui.sync.feature import SyncFeature

POLL_MS = 30_000


def _text(label: QLabel, role: str = "") -> QLabel:
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return set_role(label, role) if role else label


class JoinDialog(QDialog):
    """GUI thread only. `preview` holds the checked folder's site (None until checked)."""

    def __init__(
        self, ctx: MainContext, feature: SyncFeature, parent: QWidget, poll_ms: int = POLL_MS
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._feature = feature
        self.setObjectName("syncJoin")
        self.setWindowTitle(self.tr("Join the office folder"))
        self.resize(620, 360)  # grows when the site shows (grow_to_fit)
        self.preview: SitePreview | None = None
        self._checked_path = ""
        self.joined: Enrolment | None = None
        self._approval_seen = False

        self.pages = QStackedWidget()
        self.pages.addWidget(self._choose_page())
        self.pages.addWidget(self._waiting_page())
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.send_button = mark_primary(QPushButton(self.tr("Send request")))
        self.send_button.setEnabled(False)
        self.check_now_button = QPushButton(self.tr("Check now"))
        self.close_button = QPushButton(self.tr("Close"))
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.check_now_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.reject)
        self.send_button.clicked.connect(self.send)
        self.check_now_button.clicked.connect(self.check_now)

        col = QVBoxLayout(self)
        col.setContentsMargins(24, 20, 24, 16)
        col.setSpacing(10)
        col.addWidget(self.pages, 1)
        col.addWidget(self.buttons)

        self.poll = QTimer(self)
        self.poll.setInterval(poll_ms)
        self.poll.timeout.connect(self.check_now)
        feature.state_probed.connect(self._probed)
        feature.sync_finished.connect(self._synced)
        ctx.events.vault_locked.connect(self.reject)
        self._show_page(0)
        self._load()

    # -- pages ---------------------------------------------------------------------------

    def _choose_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(10)
        col.addWidget(set_role(QLabel(self.tr("Join the office folder")), "title"))
        col.addWidget(
            _text(
                QLabel(
                    self.tr(
                        "Your BSO gives you the office folder's path and reads out its key "
                        "fingerprint, in person or by phone. vigdesk syncs your families "
                        "there once the BSO approves this laptop."
                    )
                ),
                "muted",
            )
        )
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(self.tr("e.g. \\\\council\\vig or S:\\VIG"))
        self.folder.setAccessibleName(self.tr("Office folder"))
        self.folder.textChanged.connect(lambda _: self._folder_edited())
        self.folder.returnPressed.connect(self.check_folder)
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.check_button = QPushButton(self.tr("Check folder"))
        self.check_button.clicked.connect(self.check_folder)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.check_button)
        folder_label = QLabel(self.tr("&Office folder"))
        folder_label.setBuddy(self.folder)
        col.addWidget(folder_label)
        col.addLayout(row)
        self.message = MessageLine()
        col.addWidget(self.message)

        self.site_card = set_role(QFrame(), "card")
        self.site_card.setObjectName("syncJoinSite")
        card = QVBoxLayout(self.site_card)
        card.setContentsMargins(16, 14, 16, 14)
        card.setSpacing(6)
        self.site_name = _text(QLabel(), "heading")
        self.site_fingerprint = _text(QLabel(), "sync-fingerprint")
        self.site_fingerprint.setAccessibleName(self.tr("Site key fingerprint"))
        card.addWidget(self.site_name)
        card.addWidget(set_role(QLabel(self.tr("Site key fingerprint")), "small"))
        card.addWidget(self.site_fingerprint)
        card.addWidget(
            _text(
                QLabel(
                    self.tr(
                        "Does it match, group by group, the fingerprint your BSO reads out? "
                        "If not, do not send: call the BSO."
                    )
                )
            )
        )
        self.site_card.hide()
        col.addWidget(self.site_card)
        col.addStretch(1)
        return page

    def _waiting_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(10)
        self.waiting_title = set_role(QLabel(self.tr("Waiting for approval")), "title")
        col.addWidget(self.waiting_title)
        self.waiting_text = _text(QLabel())
        col.addWidget(self.waiting_text)
        device_card = set_role(QFrame(), "card")
        card = QVBoxLayout(device_card)
        card.setContentsMargins(16, 14, 16, 14)
        card.setSpacing(6)
        card.addWidget(set_role(QLabel(self.tr("This laptop's fingerprint")), "small"))
        self.device_fingerprint = _text(QLabel(), "sync-fingerprint")
        self.device_fingerprint.setAccessibleName(self.tr("This laptop's fingerprint"))
        card.addWidget(self.device_fingerprint)
        card.addWidget(
            _text(
                QLabel(
                    self.tr(
                        "Read it to your BSO: they check it against your request before "
                        "approving it in their Site console."
                    )
                ),
                "muted",
            )
        )
        col.addWidget(device_card)
        self.status_line = _text(QLabel(), "muted")
        self.status_line.setObjectName("syncJoinStatus")
        col.addWidget(self.status_line)
        col.addStretch(1)
        return page

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        choosing = index == 0
        self.cancel_button.setVisible(choosing)
        self.send_button.setVisible(choosing)
        self.check_now_button.setVisible(not choosing and self.joined is not None)
        self.close_button.setVisible(not choosing)
        if choosing:
            self.send_button.setDefault(True)
            self.folder.setFocus()
        else:
            self.close_button.setDefault(True)
            self.close_button.setFocus()

    @property
    def waiting(self) -> bool:
        return self.pages.currentIndex() == 1 and not self._approval_seen

    # -- choosing and checking the folder --------------------------------------------------

    def _load(self) -> None:
        """Open on the waiting page if this laptop has already asked."""
        site = self._ctx.services.sync.site

        def work(_: TaskContext) -> Enrolment | None:
            return site.joining()

        self._ctx.runner.run(work, on_success=self._loaded, owner=self)

    def _loaded(self, enrolment: Enrolment | None) -> None:
        if enrolment is not None:
            self._wait_for(enrolment)
            if not enrolment.approved:
                self.check_now()

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the office folder"), self.folder.text() or str(Path.home())
        )
        if chosen:
            self.folder.setText(chosen)
            self.check_folder()

    def _folder_edited(self) -> None:
        same = self.folder.text().strip() == self._checked_path
        self.send_button.setEnabled(same and self.preview is not None)
        self.site_card.setVisible(same and self.preview is not None)

    def check_folder(self) -> None:
        path = self.folder.text().strip()
        if not path:
            self.message.show_error(self.tr("Type or choose the folder your BSO gave you."))
            return
        site = self._ctx.services.sync.site

        def work(_: TaskContext) -> SitePreview:
            return site.preview(Path(path))

        self.message.show_notice(self.tr("Checking the folder…"))
        self.check_button.setEnabled(False)
        self._ctx.runner.run(
            work,
            on_success=lambda found: self._checked(path, found),
            on_failure=self._check_failed,
            owner=self,
        )

    def _checked(self, path: str, found: SitePreview) -> None:
        self.check_button.setEnabled(True)
        self.preview, self._checked_path = found, path
        self.message.hide()
        self.site_name.setText(found.site_name)
        self.site_fingerprint.setText(found.site_fingerprint)
        self._folder_edited()
        grow_to_fit(self)
        self.send_button.setFocus()

    def _check_failed(self, failure: Failure) -> None:
        self.check_button.setEnabled(True)
        self.preview = None
        self._folder_edited()
        self.message.show_error(failure.message)

    # -- sending and waiting -------------------------------------------------------------

    def send(self) -> None:
        found, path = self.preview, self._checked_path
        if found is None or not self.send_button.isEnabled():
            return
        site = self._ctx.services.sync.site

        def work(_: TaskContext) -> Enrolment:
            return site.enrol(Path(path), found.site_fingerprint)

        self.send_button.setEnabled(False)
        self.message.show_notice(self.tr("Sending the request…"))
        self._ctx.runner.run(
            work,
            on_success=self._sent,
            on_failure=self._send_failed,
            serial=True,
            changes={Changed.SYNC},
            owner=self,
        )

    def _sent(self, enrolment: Enrolment) -> None:
        self.message.hide()
        self._wait_for(enrolment)
        self.check_now()

    def _send_failed(self, failure: Failure) -> None:
        self._folder_edited()
        self.message.show_error(failure.message)

    def _wait_for(self, enrolment: Enrolment) -> None:
        self.joined = enrolment
        self.device_fingerprint.setText(enrolment.device_fingerprint)
        self.waiting_text.setText(
            self.tr(
                "Your request to join %1 is with the BSO. When they approve it, vigdesk "
                "syncs your families there. You can close this window: the check goes on."
            ).replace("%1", enrolment.site_name)
        )
        self._show_page(1)
        if enrolment.approved:
            self._approved(enrolment.site_name)
        else:
            self.status_line.setText(self.tr("Waiting for the BSO's approval…"))
            self.poll.start()

    def check_now(self) -> None:
        """Ask the sync feature to check the site (and sync once it is approved)."""
        self._feature.refresh(then_sync=True)

    def _probed(self, state: SiteState) -> None:
        if self.joined is None or self._approval_seen:
            return
        if state.reach is Reach.WAITING:
            self.status_line.setText(
                self.tr("Waiting for the BSO's approval (checked at %1).").replace(
                    "%1", clock_time(self._ctx.vault.clock().isoformat())
                )
            )
        elif state.reach is Reach.CONNECTED:
            self._approved(state.site_name or self.joined.site_name)
            self.status_line.setText(self.tr("Approved. The first sync is running…"))
        elif state.reason:
            self.status_line.setText(state.reason)

    def _approved(self, site_name: str) -> None:
        self._approval_seen = True
        self.poll.stop()
        self.check_now_button.hide()
        self.waiting_title.setText(self.tr("You have joined %1").replace("%1", site_name))
        self.waiting_text.setText(
            self.tr("The BSO approved this laptop. Your families sync with the office folder.")
        )
        self.status_line.setText(self.tr("Approved."))

    def _synced(self, report: SyncReport) -> None:
        if self._approval_seen:
            self.status_line.setText(
                self.tr("Approved. The first sync finished: sent %1, received %2.")
                .replace("%1", str(report.sent))
                .replace("%2", str(report.received))
            )
