"""Turns one file per "Dân vận khéo" model into a searchable public website."""

__version__ = "0.1.0"
