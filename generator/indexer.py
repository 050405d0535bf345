"""Running Pagefind: pages go to its indexing service as they are rendered.

Pagefind's own Python client reads one reply every 0.1 s, far too slow for
10,000 pages, so this speaks the service's small protocol directly: each
message is base64-encoded JSON followed by a comma. The service is a separate
process, so it indexes on a second core while MkDocs renders the next pages.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import struct
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
WRITE_TIMEOUT = 300  # seconds
# Files at the top of the bundle that the browser loads; Pagefind's ready-made
# search interfaces are left out.
BUNDLE = (
    "pagefind.",
    "pagefind-entry.json",
    "pagefind-worker.js",
    "wasm.",
    "index/",
    "fragment/",
    "filter/",
)


class IndexerError(Exception):
    """Pagefind failed; the message says why, in Vietnamese."""


def executable() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    path = get_executable() if get_executable else None
    if path is None:
        raise IndexerError(
            "Không tìm thấy chương trình Pagefind để tạo chỉ mục tìm kiếm; "
            'hãy cài gói Python "pagefind[bin]" (python3 -m pip install -e .).'
        )
    return str(path)


class Indexer:
    """One Pagefind index fed page by page; `finish` writes the bundle."""

    def __init__(self, config: dict[str, Any]):
        self._process = subprocess.Popen(
            [executable(), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._next_id = 0
        self._pending = 0
        self._replies: dict[int, dict] = {}
        self._errors: list[str] = []
        self._done = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        reply = self._wait(self._send({"type": "NewIndex", "config": config}))
        self._index = reply["index_id"]

    def add(self, url: str, html: str) -> None:
        """Queue one page; the reply is checked in `finish`, never awaited here."""
        self._send(
            {
                "type": "AddFile",
                "index_id": self._index,
                "url": url,
                "file_contents": html,
                "file_path": None,
            },
            keep=False,
        )

    def finish(self, output: Path) -> None:
        """Wait for every page, then write the bundle the browser needs into `output`."""
        try:
            with self._done:
                self._done.wait_for(lambda: self._pending == 0 or self._process.poll() is not None)
            if self._errors:
                raise IndexerError(
                    "Pagefind không tạo được chỉ mục tìm kiếm:\n" + "\n".join(self._errors)
                )
            request = {"type": "WriteFiles", "index_id": self._index, "output_path": str(output)}
            self._wait(self._send(request))
            # The service answers before its last file is on disk: wait for them all.
            deadline = time.monotonic() + WRITE_TIMEOUT
            while not complete(output):
                if time.monotonic() > deadline or self._process.poll() is not None:
                    raise IndexerError("Pagefind chưa ghi xong chỉ mục tìm kiếm.")
                time.sleep(0.05)
        finally:
            self.close()
        canonicalize(output)

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def _send(self, payload: dict, keep: bool = True) -> int:
        with self._done:
            self._next_id += 1
            message_id = self._next_id
            self._pending += 1
            if keep:
                self._replies[message_id] = {}
        message = json.dumps({"message_id": message_id, "payload": payload}).encode()
        try:
            self._process.stdin.write(base64.b64encode(message) + b",")
            self._process.stdin.flush()
        except (BrokenPipeError, ValueError) as error:
            raise IndexerError("Chương trình Pagefind đã dừng giữa chừng.") from error
        return message_id

    def _wait(self, message_id: int) -> dict:
        with self._done:
            self._done.wait_for(
                lambda: bool(self._replies.get(message_id)) or self._process.poll() is not None
            )
            reply = self._replies.pop(message_id, None)
        if not reply:
            raise IndexerError("Chương trình Pagefind đã dừng giữa chừng.")
        if reply.get("type") == "Error":
            raise IndexerError(f"Pagefind báo lỗi: {reply.get('message')}")
        return reply

    def _read(self) -> None:
        buffer = bytearray()
        stream = self._process.stdout
        while chunk := stream.read1(1 << 20):
            searched = len(buffer)
            buffer += chunk
            end = buffer.find(b",", searched)
            received = []
            while end != -1:
                received.append(json.loads(base64.b64decode(bytes(buffer[:end]))))
                del buffer[: end + 1]
                end = buffer.find(b",")
            if received:
                with self._done:
                    for response in received:
                        self._receive(response)
                    self._done.notify_all()
        with self._done:
            self._done.notify_all()

    def _receive(self, response: dict) -> None:
        payload = response.get("payload") or {}
        message_id = response.get("message_id")
        if message_id is None:
            original = json.loads(payload.get("original_message") or "{}")
            message_id = original.get("message_id")
        self._pending -= 1
        if message_id in self._replies:
            self._replies[message_id] = payload
        elif payload.get("type") == "Error":
            self._errors.append(str(payload.get("message")))


# -- a bundle that is the same byte for byte for the same input ------------------
#
# Pagefind writes filters, their values and sorts in hash-map order, which changes
# from run to run (and with it the names of the filter and metadata files). The files
# are gzip-compressed CBOR after a signature; sorting the values and renaming the
# files by their content makes two builds of the same site identical.


def complete(bundle: Path) -> bool:
    """Whether every file the bundle's entry names is on disk and whole."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        for language in entry["languages"].values():
            meta = read_cbor((bundle / f"pagefind.{language['hash']}.pf_meta").read_bytes())
            names = [f"fragment/{page[0]}.pf_fragment" for page in meta[1]]
            names += [f"index/{chunk[-1]}.pf_index" for chunk in meta[2]]
            names += [f"filter/{item[1]}.pf_filter" for item in meta[3]]
            for name in names:
                gzip.decompress((bundle / name).read_bytes())
    except (OSError, EOFError, ValueError, KeyError, IndexError, IndexerError, gzip.BadGzipFile):
        return False
    return True


def canonicalize(bundle: Path) -> None:
    """Sort what Pagefind left in hash-map order; drop the ready-made interfaces."""
    for path in bundle.iterdir():
        if path.is_file() and not path.name.startswith(BUNDLE):
            path.unlink()
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        prefix = language["hash"].split("_")[0]
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = read_cbor(meta_path.read_bytes())
        meta[3].sort()  # filters: [name, file hash]
        meta[4].sort()  # sorts: [name, page order]
        for item in meta[3]:
            path = bundle / "filter" / f"{item[1]}.pf_filter"
            name, values = read_cbor(path.read_bytes())
            values.sort(key=lambda value: value[0])
            path.unlink()
            item[1], data = write_cbor(prefix, 7, [name, values])
            (bundle / "filter" / f"{item[1]}.pf_filter").write_bytes(data)
        meta_path.unlink()
        language["hash"], data = write_cbor(prefix, 10, meta)
        (bundle / f"pagefind.{language['hash']}.pf_meta").write_bytes(data)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


def read_cbor(data: bytes) -> Any:
    data = gzip.decompress(data)
    value, end = cbor_decode(data, len(SIGNATURE)) if data.startswith(SIGNATURE) else (None, 0)
    if end != len(data):
        raise IndexerError("Chỉ mục Pagefind không đúng định dạng mong đợi.")
    return value


def write_cbor(prefix: str, digits: int, value: Any) -> tuple[str, bytes]:
    """(name from the content, gzip-compressed file) of a value."""
    data = SIGNATURE + cbor_encode(value)
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}", gzip.compress(data, mtime=0)


def cbor_decode(data: bytes, i: int) -> tuple[Any, int]:
    """The CBOR subset Pagefind writes: integers, strings, bytes, arrays, maps."""
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n = int.from_bytes(data[i : i + size], "big")
        i += size
    else:
        raise IndexerError("Chỉ mục Pagefind có dữ liệu CBOR không hỗ trợ.")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return data[i : i + n], i + n
    if major == 3:
        return data[i : i + n].decode("utf-8"), i + n
    if major in (4, 5):
        items = []
        for _ in range(n * (major - 3)):
            item, i = cbor_decode(data, i)
            items.append(item)
        if major == 4:
            return items, i
        return dict(zip(items[::2], items[1::2], strict=True)), i
    raise IndexerError("Chỉ mục Pagefind có dữ liệu CBOR không hỗ trợ.")


def cbor_encode(value: Any) -> bytes:
    def head(major: int, n: int) -> bytes:
        if n < 24:
            return bytes([major << 5 | n])
        for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
            if n < 1 << (8 * struct.calcsize(fmt)):
                return bytes([major << 5 | info]) + struct.pack(fmt, n)
        raise ValueError(n)

    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return head(3, len(data)) + data
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(map(cbor_encode, value))
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(
            cbor_encode(k) + cbor_encode(v) for k, v in value.items()
        )
    raise TypeError(type(value))
