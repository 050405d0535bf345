"""The data contract: reading, checking and counting model files; no HTML, no MkDocs."""
