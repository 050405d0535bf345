"""A local static server that compresses text with gzip, as static hosts do.

Used by the benchmarks so that download sizes and Lighthouse scores are those a
visitor would see, not those of uncompressed files.
"""

from __future__ import annotations

import gzip
import os
from http.server import SimpleHTTPRequestHandler
from pathlib import Path


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files; text compressed with gzip for clients that accept it."""

    TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv")

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not (
            "gzip" in self.headers.get("Accept-Encoding", "")
            and os.path.isfile(path)
            and path.endswith(self.TEXT)
        ):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, *args):
        pass
