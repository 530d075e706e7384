"""Site folder sync (see DESIGN.md §6)."""
