"""vigdesk: an offline-first desk for a council's Video Interaction Guidance service."""

__version__ = "0.1.0"
