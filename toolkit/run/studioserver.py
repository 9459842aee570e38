"""The studio's web server: the standard library's ThreadingHTTPServer on 127.0.0.1 only.

Three kinds of address: `/` (the gallery, rendered on each request), `/version` (JSON: the
page polls it and reloads when it changes) and `/files/<path>` (a file of the studio's
output folder, served only when the folder's manifest lists it and it is a plain file
inside the folder: no path leads out of it, hidden files and the cache stay private).
"""

from __future__ import annotations

import errno
import json
import mimetypes
import os
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from toolkit.errors import ToolkitError
from toolkit.publish.outputs import output_file
from toolkit.publish.studiopage import studio_html

HOST = "127.0.0.1"  # never another interface: the studio shows unpublished work
DEFAULT_PORT = 8765
FILES = "/files/"


def _handler(studio) -> type[BaseHTTPRequestHandler]:
    page: dict[str, tuple[int, bytes]] = {}  # the page of the last version asked for

    class Handler(BaseHTTPRequestHandler):
        server_version = "toolkit-studio"

        def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base's name)
            pass  # the terminal shows the studio's own lines, not every request

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            path = urlsplit(self.path).path
            if path == "/":
                self._page()
            elif path == "/version":
                self._send(json.dumps(studio.state.snapshot()).encode(), "application/json")
            elif path.startswith(FILES):
                self._file(unquote(path[len(FILES):]))
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _page(self) -> None:
            with studio.state.lock:
                problems = dict(studio.state.problems)
                state = {"version": studio.state.version, "building": studio.state.building}
            key = state["version"] * 2 + state["building"]
            if page.get("html", (None, b""))[0] != key:
                try:
                    page["html"] = (key, studio_html(studio.root / "templates",
                                                     studio.entries(), problems, state,
                                                     studio.regions))
                except ToolkitError as error:  # the page's own template is being edited
                    text = "\n".join(str(p) for p in error.problems).encode("utf-8")
                    self._send(text, "text/plain; charset=utf-8")
                    return
            self._send(page["html"][1], "text/html; charset=utf-8")

        def _file(self, relative: str) -> None:
            listed = {entry["path"] for entry in studio.entries()}
            if relative not in listed or not output_file(studio.out, relative):
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            try:  # never through a symbolic link
                descriptor = os.open(studio.out / relative, os.O_RDONLY | os.O_NOFOLLOW)
                with os.fdopen(descriptor, "rb") as handle:
                    data = handle.read()
            except OSError:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            kind = mimetypes.guess_type(relative)[0] or "application/octet-stream"
            self._send(data, kind)

        def _send(self, data: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store" if not kind.startswith("image/")
                             else "max-age=3600")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(data)

    return Handler


def serve(studio, port: int) -> ThreadingHTTPServer:
    """A server for the studio on 127.0.0.1:port, or on a free port when that one is taken
    (not yet serving: call serve_forever)."""
    try:
        server = ThreadingHTTPServer((HOST, port), _handler(studio))
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        server = ThreadingHTTPServer((HOST, 0), _handler(studio))
    server.daemon_threads = True
    return server

