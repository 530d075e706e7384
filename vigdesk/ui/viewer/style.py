"""The viewer's and export dialog's few extra rules, scoped by object name.

Applied with `setStyleSheet` on the viewer window and the export dialog, on top of the
app's sheet (resources/style/vigdesk.qss), so they cannot leak into other screens.
"""

from __future__ import annotations

from vigdesk.ui.look import icon_path


def viewer_qss() -> str:
    """The rules below, with the bundled icons' folder filled in."""
    return VIEWER_QSS.replace("@chevron@", icon_path("chevron-down").as_posix())


VIEWER_QSS = """
QListWidget#viewerItems {
    background: #FFFFFF;
    border: 1px solid #DFE3E8;
    border-radius: 10px;
    padding: 6px;
    outline: none;
}
QListWidget#viewerItems::item {
    border-radius: 8px;
    padding: 10px 10px;
    margin: 2px 0;
    color: #1B1F24;
}
QListWidget#viewerItems::item:hover { background: #F3F7F8; }
QListWidget#viewerItems::item:selected { background: #E8F3F4; color: #184A50; }
QFrame#viewerStage {
    background: #15191E;
    border-radius: 12px;
}
QFrame#viewerStage QLabel { color: #D7DCE1; }
QFrame#viewerStage QLabel[role="heading"] { color: #FFFFFF; }
QLabel#viewerChip {
    background: #E8F3F4;
    color: #184A50;
    border-radius: 9px;
    padding: 2px 10px;
    font-size: 8.5pt;
    font-weight: 600;
}
QSlider::groove:horizontal { height: 4px; background: #3A424B; border-radius: 2px; }
QSlider::sub-page:horizontal { background: #5FB3BC; border-radius: 2px; }
QSlider::handle:horizontal {
    background: #FFFFFF; width: 14px; height: 14px; margin: -5px 0; border-radius: 7px;
}
QDateEdit {
    background: #FFFFFF;
    border: 1px solid #C8CED6;
    border-radius: 6px;
    padding: 6px 8px;
    min-height: 20px;
}
QDateEdit:focus { border: 1px solid #1F6F78; }
QDateEdit::drop-down { border: none; width: 28px; }
QDateEdit::down-arrow { image: url(@chevron@); width: 12px; height: 12px; }
QRadioButton { spacing: 8px; }
"""
