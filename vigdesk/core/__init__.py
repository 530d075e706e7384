"""Plain dataclasses and domain rules. Imports nothing from the rest of vigdesk."""
