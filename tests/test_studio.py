"""The studio without a browser: it serves only the files its folder's manifest lists
(no path leads out), takes a free port when its own is taken, and puts each problem
beside the item it is about. (The loop itself: tests/test_studio_browser.py.)"""

from __future__ import annotations

import hashlib
import http.client
import json
import socket
import threading
from pathlib import Path

import pytest

from tests.conftest import ROOT
from toolkit.errors import Problem
from toolkit.publish.studiopage import concerns, gallery
from toolkit.run.studio import Studio
from toolkit.run.studioserver import HOST, serve

PDF = b"%PDF-1.7 a test file\n"


def _entry(path: str, data: bytes, **fields) -> dict:
    return {"path": path, "region": "maasdal", "product": "poster", "format": "A4",
            "media": "print", **fields, "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}


@pytest.fixture
def server(tmp_path):
    """A studio server over a folder holding one listed file, one unlisted file, the
    cache, and a file outside the folder."""
    out = tmp_path / "studio"
    (out / "maasdal/poster").mkdir(parents=True)
    (out / "maasdal/poster/poster-buren-A4.pdf").write_bytes(PDF)
    (out / "maasdal/poster/not-listed.pdf").write_bytes(PDF)
    (out / ".toolkit-cache.json").write_text("{}")
    (tmp_path / "secret.txt").write_text("not for the browser")
    (out / "maasdal/poster/link.pdf").symlink_to(tmp_path / "secret.txt")
    entries = [_entry("maasdal/poster/poster-buren-A4.pdf", PDF),
               _entry("maasdal/poster/link.pdf", b"not for the browser")]
    (out / "manifest.json").write_text(json.dumps({"files": entries}))
    instance = serve(Studio(ROOT, out, ("maasdal",)), 0)
    thread = threading.Thread(target=instance.serve_forever, daemon=True)
    thread.start()
    yield instance.server_address
    instance.shutdown()
    instance.server_close()


def _get(address, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(*address, timeout=10)
    connection.request("GET", path)  # sent as written: no client-side normalising
    answer = connection.getresponse()
    return answer.status, answer.read()


def test_serves_a_listed_file_and_nothing_else(server):
    assert server[0] == HOST == "127.0.0.1"
    assert _get(server, "/files/maasdal/poster/poster-buren-A4.pdf") == (200, PDF)
    for path in ("/files/maasdal/poster/not-listed.pdf", "/files/.toolkit-cache.json",
                 "/files/../secret.txt", "/files/maasdal/../../secret.txt",
                 "/files/%2e%2e/secret.txt", "/files/maasdal/poster/..%2f..%2f..%2fsecret.txt",
                 "/files//etc/passwd", "/files/%2fetc%2fpasswd", "/files/maasdal/poster/link.pdf",
                 "/../secret.txt", "/files/maasdal\\..\\..\\secret.txt"):
        status, body = _get(server, path)
        assert status == 404 and b"not for the browser" not in body, path


def test_version_answers_json(server):
    status, body = _get(server, "/version")
    assert status == 200 and set(json.loads(body)) >= {"version", "building"}


def test_a_taken_port_falls_back_to_a_free_one(tmp_path):
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        instance = serve(Studio(ROOT, tmp_path, ("maasdal",)), port)
        try:
            assert instance.server_address[0] == HOST
            assert instance.server_address[1] not in (port, 0)
        finally:
            instance.server_close()


def _items() -> list[dict]:
    return [{"path": f"maasdal/{product}/{name}", "region": "maasdal", "product": product}
            for product, names in (
                ("poster", [f"poster-{a}-{f}.pdf" for a in ("buren", "docenten")
                            for f in ("A4", "A3", "A2")]),
                ("social", ["begrip/begrip-square.png", "buren/buren-story.png"]))
            for name in names]


def test_a_problem_is_shown_beside_the_item_and_slot_it_is_about():
    items = _items()
    headline = Problem("templates/poster.nl.j2", "buren_headline",
                       "the word 'x' is wider than its box in the A3 poster", "shorten it")
    assert concerns(headline, "poster", items) == ["maasdal/poster/poster-buren-A3.pdf"]
    logo = Problem("assets/regions/maasdal/region.toml", "partners[1].logo",
                   "Jeugdpunt Heuvelrand prints at 250 ppi (below 300 ppi) on the A2 poster")
    assert concerns(logo, "poster", items) == [f"maasdal/poster/poster-{a}-A2.pdf"
                                               for a in ("buren", "docenten")]
    other_region = Problem("assets/regions/noord/region.toml", "partners[0].logo", "A2")
    assert concerns(other_region, "poster", items) == []
    story = Problem("templates/social.nl.j2", "buren_headline", "does not fit the story")
    assert concerns(story, "poster", items) == ["maasdal/social/buren/buren-story.png"]
    groups = gallery([{**item, "sha256": "0" * 64} for item in items],
                     {"poster": [("error", headline), ("warning", Problem("x.csv", "", "m"))]})
    poster = next(group for group in groups if group["product"] == "poster")
    assert [p["field"] for p in poster["problems"]] == [""]  # about the product as a whole
    shown = {f["path"]: [p["field"] for p in f["problems"]] for f in poster["files"]}
    assert shown["maasdal/poster/poster-buren-A3.pdf"] == ["buren_headline"]
    assert shown["maasdal/poster/poster-buren-A4.pdf"] == []


def test_the_page_is_dutch_and_escapes_what_it_shows(tmp_path):
    from toolkit.publish.studiopage import studio_html

    problem = Problem("templates/poster.nl.j2", "buren_headline", "<script>x</script>")
    html = studio_html(ROOT / "templates", [_entry("maasdal/poster/poster-buren-A4.pdf", PDF)],
                       {"poster": [("error", problem)]}, {"version": 3, "building": False},
                       ("maasdal",)).decode()
    assert '<html lang="nl">' in html and "Bijgewerkt" in html and "Fout" in html
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    assert 'data-version="3"' in html


def test_an_unknown_region_or_product_is_refused(capsys, tmp_path):
    from toolkit.run.cli import main

    assert main(["studio", "--campaign", str(ROOT), "--out", str(tmp_path / "s"),
                 "--region", "maasdaal"]) == 2
    assert "did you mean 'maasdal'" in capsys.readouterr().err
    assert main(["studio", "--campaign", str(ROOT), "--out", str(tmp_path / "s"),
                 "--region", "maasdal", "--only", "posters"]) == 2
    assert "did you mean 'poster'" in capsys.readouterr().err
    assert not Path(tmp_path / "s").exists()
