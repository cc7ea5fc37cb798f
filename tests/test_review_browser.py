"""The HTML review loaded in headless Chromium through the DevTools protocol over a pipe
(--remote-debugging-pipe: no websocket library, no port): no console errors, no requests
other than the file itself, readable on a phone (no horizontal overflow of the page), and a
screenshot kept in tests/artifacts/."""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from tests.support.review import consolidate_with_history, write_review

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which(
    "google-chrome")
ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = pytest.mark.skipif(CHROMIUM is None,
                                reason="Chromium is not installed (Debian package `chromium`)")


class DevTools:
    """A minimal CDP client over --remote-debugging-pipe (fd 3: commands in, fd 4: out)."""

    def __init__(self, user_dir: Path):
        to_child_r, self._w = os.pipe()
        self._r, from_child_w = os.pipe()

        def fds():
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)
        args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--mute-audio", f"--user-data-dir={user_dir}",
                "--remote-debugging-pipe", "about:blank"]
        # pass_fds keeps 3 and 4 open in the child after preexec_fn has put the pipes there
        self.proc = subprocess.Popen(args, preexec_fn=fds, pass_fds=(3, 4),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []
        self.session: str | None = None

    def _read(self, timeout: float) -> dict | None:
        while b"\0" not in self._buf:
            ready, _, _ = select.select([self._r], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict | None = None, timeout: float = 30,
             session: bool = True) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(method)
            m = self._read(left)
            if m is None:
                raise TimeoutError(method)
            if m.get("id") == self._id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        for e in self.events:
            if e.get("method") == method:
                return e
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = self._read(deadline - time.monotonic())
            if m is None:
                break
            self.events.append(m)
            if m.get("method") == method:
                return m
        raise TimeoutError(method)

    def drain(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            m = self._read(max(0.0, end - time.monotonic()))
            if m is None:
                break
            self.events.append(m)

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._w)
        os.close(self._r)


@pytest.fixture(scope="module")
def review_html(settings, tmp_path_factory):
    cons, _prev = consolidate_with_history(settings)
    _doc, html_path, _pdf = write_review(cons, tmp_path_factory.mktemp("browser"))
    return html_path


def _load(tmp_path, html_path: Path, width: int, height: int, mobile: bool):
    cdp = DevTools(tmp_path / f"profile-{width}")
    try:
        target = cdp.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = cdp.send("Target.attachToTarget",
                            {"targetId": target["targetId"], "flatten": True}, session=False)
        cdp.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            cdp.send(f"{domain}.enable")
        cdp.send("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        cdp.send("Page.navigate", {"url": html_path.as_uri()})
        cdp.wait_for("Page.loadEventFired")
        cdp.drain(0.5)
        metrics = cdp.send("Runtime.evaluate", {"returnByValue": True, "expression": (
            "JSON.stringify({scroll: document.documentElement.scrollWidth,"
            " client: document.documentElement.clientWidth,"
            " svgs: document.querySelectorAll('svg').length,"
            " title: document.title, lang: document.documentElement.lang,"
            " font: getComputedStyle(document.querySelector('main p') || document.body).fontSize})")})
        shot = cdp.send("Page.captureScreenshot", {"format": "png",
                                                   "captureBeyondViewport": False})
        return cdp.events, json.loads(metrics["result"]["value"]), base64.b64decode(shot["data"])
    finally:
        cdp.close()


def _problems(events):
    errors, requests = [], []
    for e in events:
        method, p = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert",
                                                                       "warning"):
            errors.append(p)
        elif method == "Runtime.exceptionThrown":
            errors.append(p)
        elif method == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
            errors.append(p["entry"])
        elif method == "Network.requestWillBeSent":
            requests.append(p["request"]["url"])
    return errors, requests


@pytest.mark.parametrize("width,height,mobile,name", [(1280, 1600, False, "desktop"),
                                                      (390, 844, True, "phone")])
def test_review_in_chromium(review_html, tmp_path, width, height, mobile, name):
    events, metrics, png = _load(tmp_path, review_html, width, height, mobile)
    errors, requests = _problems(events)
    assert errors == [], errors
    assert requests == [review_html.as_uri()], requests  # nothing but the file itself
    assert metrics["svgs"] == 3 and metrics["lang"] == "vi"
    assert metrics["title"].startswith("Báo cáo kết quả phong trào")
    assert metrics["scroll"] <= metrics["client"] + 1, "no sideways scrolling of the page"
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"review_2012_{name}.png").write_bytes(png)
