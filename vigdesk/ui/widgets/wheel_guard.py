"""The wheel never changes a control that does not have focus.

Scrolling a long form with the mouse wheel must scroll the form, not change the combo
box, spin box or date the pointer happens to pass over. `guard_wheel(root)` gives every
such control under `root` (and `root` itself) strong focus, so the wheel does not focus
it, and passes its wheel events on to the scroll area while it is not focused.
GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox)


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QWidget)
            and isinstance(event, QWheelEvent)
            and not watched.hasFocus()
        ):
            return False
        area = _scroll_area_of(watched)
        if area is None:
            event.ignore()  # Qt offers an ignored wheel event to the parent
            return True
        viewport = area.viewport()
        forwarded = QWheelEvent(
            viewport.mapFrom(watched, event.position()),
            event.globalPosition(),
            event.pixelDelta(),
            event.angleDelta(),
            event.buttons(),
            event.modifiers(),
            event.phase(),
            event.inverted(),
            event.source(),
        )
        QApplication.sendEvent(viewport, forwarded)
        return True


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def guard_wheel(root: QWidget) -> None:
    """Guard `root` and every combo box and spin box (dates included) inside it now;
    call again after adding controls (a control is guarded once)."""
    guard = root.findChild(_WheelGuard, "wheelGuard", Qt.FindChildOption.FindDirectChildrenOnly)
    if guard is None:
        guard = _WheelGuard(root)
        guard.setObjectName("wheelGuard")
    found: list[QWidget] = list(root.findChildren(QComboBox))
    found += root.findChildren(QAbstractSpinBox)
    if isinstance(root, GUARDED):
        found.append(root)
    for widget in found:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.removeEventFilter(guard)
        widget.installEventFilter(guard)
