"""The consent register: rows, table model and dialog."""
