"""Qt item models that adapt core dataclasses for views (GUI thread only).

Models hold plain snapshots handed over by tasks; they never call services.
"""
