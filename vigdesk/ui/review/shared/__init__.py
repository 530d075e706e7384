"""Shared-review mode: a full-screen playlist of chosen clips and stills for the family."""
