"""Use cases across layers; the only API the ui and the CLI call."""
