"""`mkdocs serve` stays up when an editor saves a broken file, and serves the last good build."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def _wait_for(condition, what: str, timeout: float = 45.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = condition()
        except OSError:
            result = None
        if result:
            return result
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


def test_serve_survives_a_broken_file(project: Path, tmp_path: Path):
    port = _free_port()
    log = tmp_path / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=f"http://127.0.0.1:{port}/")
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    page = f"http://127.0.0.1:{port}/timeline/2019/"
    event = project / "site_data" / "events" / "front-takes-riverton.yaml"
    good = event.read_text()
    try:
        _wait_for(lambda: "Valley Front captures Riverton" in _get(page), "the first build")

        event.write_text(good.replace("date: 2019-08", "date: 2019-13"))
        _wait_for(lambda: "is not a valid EDTF date" in log.read_text(), "the problem in the log")
        html = _wait_for(lambda: (h := _get(page)) and "ex-build-errors" in h and h, "the banner")
        assert "Valley Front captures Riverton" in html  # the last good build
        assert "site_data/events/front-takes-riverton.yaml:4:7: &#39;date&#39;: &#39;2019-13&#39; is not a valid EDTF date" in html
        assert server.poll() is None

        event.write_text(good.replace("title: Valley Front captures Riverton", "title: Valley Front seizes Riverton"))
        html = _wait_for(lambda: (h := _get(page)) and "Valley Front seizes Riverton" in h and h, "the fixed build")
        assert "ex-build-errors" not in html
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert "Traceback" not in log.read_text()
