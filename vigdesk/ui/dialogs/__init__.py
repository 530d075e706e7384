"""Dialogs of the main window. Each is parented to it, so locking closes them too."""
