"""Serving a built site on 127.0.0.1 and the flags for Debian's chromium, shared by the tests,
the PDF printer (``tools/print_book.py``) and the performance report (``bench/run.py``).

``serve(folder)`` yields the URL of a static server on a free port; with ``compress=True`` it
sends text types gzip-compressed to clients that accept it, as a real host does.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Headless chromium with no sandbox (containers), no GPU and no traffic of its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
#: Media types a host compresses.
COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml)|image/svg\+xml)")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, quietly; with ``compress``, compressible types go out gzip-compressed."""

    def __init__(self, *args: object, compress: bool = False, **kwargs: object) -> None:
        self.compress = compress
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not (self.compress and accepts and path.is_file() and COMPRESSIBLE.match(kind)):
            return super().send_head()
        body = _compressed(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@functools.lru_cache(maxsize=512)
def _compressed(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), 6, mtime=0)


@contextmanager
def serve(folder: Path, compress: bool = False) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1 and yield its URL.

    Examples
    --------
    >>> import tempfile, urllib.request
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "a.txt").write_text("hello")
    ...     with serve(Path(tmp)) as url:
    ...         urllib.request.urlopen(url + "/a.txt").read()
    b'hello'
    """
    handler = functools.partial(_Handler, directory=str(folder), compress=compress)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
