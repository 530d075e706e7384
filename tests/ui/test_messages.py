"""User-facing messages are built in one place (core/messages.py) and translated by the
ui (issue 20): an error raised in the services carries an English template and its
fields; the ui looks the template up in the installed translator, then fills it in.
The CLI and logs keep the English sentence (`str(error)`)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication

from vigdesk.core import messages
from vigdesk.core.errors import InvalidInput, VigdeskError
from vigdesk.ui.failures import describe


class Pirate(QTranslator):
    """A translator for the "messages" context, as a .qm file would install one."""

    def __init__(self, table: dict[str, str]) -> None:
        super().__init__()
        self.table = table

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return self.table.get(source, "") if context == "messages" else ""

    def isEmpty(self) -> bool:
        return False


def test_a_service_error_is_shown_in_the_translators_words(qapp: QApplication) -> None:
    folder = Path("share") / "vig"
    error = InvalidInput(messages.not_a_folder(folder))
    english = f"{folder} is not a folder: create it (or connect the share) first."
    assert str(error) == english
    assert describe(error).message == english  # no translator: the English template
    pirate = Pirate({error.message.template: "Arr, {folder} be no folder."})
    QCoreApplication.installTranslator(pirate)
    try:
        assert describe(error).message == f"Arr, {folder} be no folder."
        assert str(error) == english  # the CLI still prints English
    finally:
        QCoreApplication.removeTranslator(pirate)


def test_plain_strings_still_work_while_messages_move() -> None:
    error = VigdeskError("Something plain.")
    assert str(error) == "Something plain." and error.message.template == "Something plain."
    assert describe(error).message == "Something plain."
    braces = VigdeskError("A marker is {at_s, type, who}.")  # not a template: as written
    assert str(braces) == str(braces.message) == describe(braces).message


def test_every_catalogue_template_names_only_its_fields() -> None:
    """Each catalogue function's template uses exactly the fields it is given."""
    import inspect
    import string

    for name, fn in inspect.getmembers(messages, inspect.isfunction):
        if fn.__module__ != messages.__name__ or name.startswith("_"):
            continue
        params = list(inspect.signature(fn).parameters)
        made = fn(*[f"<{p}>" for p in params])
        assert isinstance(made, messages.Message), name
        used = {
            re.split(r"[.\[]", f)[0] for _, f, _, _ in string.Formatter().parse(made.template) if f
        }
        assert used == set(params) == set(made.fields), name
