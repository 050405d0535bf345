"""Dân vận khéo: one YAML/Markdown file per model becomes a searchable public site."""
