"""The case screens' dialogs: each a FormDialog that runs one service call in a task."""
