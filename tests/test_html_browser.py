"""The HTML report in a real browser: headless Chromium driven over the
DevTools protocol (through --remote-debugging-pipe, so no extra package).

It renders, the console has no errors (CSP violations included), the filters
change what is shown, a translation's <script> stays text, and a screenshot
shows the highlights painted. Needs Debian's `chromium`
(`apt-get install -y chromium`); skips with that reason when it is absent.
"""

import base64
import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import time
import zlib
from pathlib import Path

import pytest

from mtqa.pipeline import CheckConfig, check_segments
from mtqa.types import Segment

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         "--disable-dev-shm-usage", "--mute-audio", "--remote-debugging-pipe"]


def _chromium():
    for name in (os.environ.get("MTQA_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (Debian: apt-get install -y chromium)"
)


def _high(fd):
    new = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return new


class Browser:
    """A minimal CDP client over the pipe: fd 3 carries commands, fd 4 replies,
    each message JSON terminated by NUL."""

    def __init__(self, profile: Path):
        to_r, self._to_w = os.pipe()
        self._from_r, from_w = os.pipe()
        # Chromium reads fd 3 and writes fd 4: a shell moves the pipe ends
        # there, from fds >= 10 so that they cannot collide with 3 and 4.
        to_r, from_w = _high(to_r), _high(from_w)
        self.proc = subprocess.Popen(
            ["bash", "-c", f'exec "$0" "$@" 3<&{to_r} 4>&{from_w} {to_r}<&- {from_w}>&-',
             CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(to_r, from_w),
        )
        os.close(to_r)
        os.close(from_w)
        self._buf = b""
        self._id = 0
        self.events = []
        self.session = None
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=1200, height=900, deviceScaleFactor=1, mobile=False)

    def _read(self, deadline):
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self._from_r], [], [], left)
            if ready:
                chunk = os.read(self._from_r, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the pipe")
                self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, timeout=30, **params):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self._to_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method, timeout=30):
        deadline = time.monotonic() + timeout
        for i, ev in enumerate(self.events):
            if ev.get("method") == method:
                return self.events.pop(i)
        while True:
            ev = self._read(deadline)
            if ev.get("method") == method:
                return ev
            self.events.append(ev)

    def open(self, url):
        # via about:blank, so that a new #fragment on the same file is a real load
        for u in ("about:blank", url):
            self.events.clear()
            self.call("Page.navigate", url=u)
            self.wait_for("Page.loadEventFired")

    def js(self, expression):
        res = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in res:
            raise AssertionError(f"{expression}: {res['exceptionDetails']}")
        return res["result"].get("value")

    def errors(self):
        out = []
        for ev in self.events:
            m, p = ev.get("method"), ev.get("params", {})
            if m == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                out.append(f'{d.get("text", "exception")} {d.get("exception", {}).get("description", "")}'.strip())
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(" ".join(str(a.get("value", a.get("description"))) for a in p.get("args", [])))
            elif m == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.append(p["entry"]["text"])
        return out

    def close(self):
        try:
            self.session = None
            self.call("Browser.close", timeout=5)
        except Exception:  # noqa: BLE001 - killing below anyway
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_w)
        os.close(self._from_r)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


@pytest.fixture(scope="module")
def seed_html(tmp_path_factory):
    from conftest import SEED

    from mtqa.io import read_pair

    out = tmp_path_factory.mktemp("html") / "report.html"
    segs = read_pair(str(SEED / "fr.txt"), str(SEED / "en-mt.txt"))
    check_segments(segs, CheckConfig(outputs=[("html", str(out))], models=False),
                   inputs={"source": str(SEED / "fr.txt"), "target": str(SEED / "en-mt.txt")})
    return out


def shown(browser):
    return browser.js("Number(document.body.dataset.shown)")


def visible_lines(browser):
    return browser.js(
        "Array.from(document.querySelectorAll('article.seg')).filter(a => !a.hidden)"
        ".map(a => Number(a.id.slice(4)))"
    )


def test_renders_without_console_errors(browser, seed_html):
    browser.open(seed_html.as_uri())
    assert browser.js("document.title") == "mtqa report"
    assert browser.js("document.querySelectorAll('article.seg').length") == 5
    assert shown(browser) == 5
    assert browser.js("document.getElementById('shown').textContent") == "5 of 5 flagged segments shown"
    assert browser.js("document.querySelectorAll('svg rect').length") == 5 + 4  # 5 codes, 4 categories
    # the message is on hover: the title of the highlighted span
    titles = browser.js("Array.from(document.querySelectorAll('mark')).map(m => m.title)")
    assert any(t.startswith("U101 [minor] French honorific 'Mme'") for t in titles)
    # source and target side by side
    src, tgt = browser.js(
        "(() => { const a = document.querySelector('article.seg');"
        " return [a.querySelector('.src').getBoundingClientRect().toJSON(),"
        " a.querySelector('.tgt').getBoundingClientRect().toJSON()]; })()"
    )
    assert abs(src["top"] - tgt["top"]) < 2 and tgt["left"] >= src["right"]
    assert browser.errors() == []


def test_filters_change_what_is_shown(browser, seed_html):
    browser.open(seed_html.as_uri())
    assert visible_lines(browser) == [3, 11, 12, 14, 16]
    browser.js("(() => { const s = document.getElementById('f-code'); s.value = 'U101';"
               " s.dispatchEvent(new Event('change')); })()")
    assert visible_lines(browser) == [12, 14]
    assert browser.js("location.hash") == "#code=U101"
    # in segment 14 the T101 finding is hidden and its highlight dimmed
    assert browser.js("document.querySelector('#seg-14 li[data-code=T101]').hidden") is True
    assert browser.js("document.querySelector('#seg-14 mark.dim').title").startswith("T101")
    browser.js("(() => { const s = document.getElementById('f-severity'); s.value = 'major';"
               " s.dispatchEvent(new Event('change')); })()")
    assert visible_lines(browser) == []
    assert browser.js("document.getElementById('shown').textContent") == "0 of 5 flagged segments shown"
    browser.js("document.getElementById('f-reset').click()")
    assert visible_lines(browser) == [3, 11, 12, 14, 16]
    # a chart bar is a link to its filter
    browser.js("document.querySelector('a[href=\"#category=fluency/punctuation\"]').dispatchEvent("
               "new MouseEvent('click', {bubbles: true}))")
    browser.wait_for("Page.navigatedWithinDocument")
    assert visible_lines(browser) == [3, 11]
    assert browser.js("document.getElementById('f-category').value") == "fluency/punctuation"
    assert browser.errors() == []


def test_fragment_sets_filters_on_load(browser, seed_html):
    browser.open(seed_html.as_uri() + "#severity=major")
    assert visible_lines(browser) == [11, 14, 16]
    browser.open(seed_html.as_uri() + "#code=NOPE")  # unknown value: ignored, all shown
    assert visible_lines(browser) == [3, 11, 12, 14, 16]
    assert browser.errors() == []


def test_script_in_a_translation_stays_text(browser, tmp_path):
    evil = "Mme Joly said <script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">."
    seg = Segment("1", "Mme Joly a dit <b>oui</b>.", evil, place="en.txt:1")
    out = tmp_path / "evil.html"
    check_segments([seg], CheckConfig(outputs=[("html", str(out))], models=False))
    browser.open(out.as_uri())
    assert browser.js("typeof window.pwned") == "undefined"
    assert browser.js("document.scripts.length") == 1
    assert browser.js("document.querySelectorAll('article img').length") == 0
    assert browser.js("document.querySelector('#seg-1 .tgt').textContent") == "target" + evil
    assert browser.errors() == []


def _png_pixels(data):
    """(width, height, rows of RGB(A) tuples) of an 8-bit non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return width, height, rows


def test_screenshot(browser, seed_html, tmp_path):
    browser.open(seed_html.as_uri())
    shot = base64.b64decode(browser.call("Page.captureScreenshot", format="png")["data"])
    keep = os.environ.get("MTQA_SCREENSHOT_DIR")
    (Path(keep) if keep else tmp_path).mkdir(parents=True, exist_ok=True)
    (Path(keep) if keep else tmp_path).joinpath("mtqa-report.png").write_bytes(shot)
    width, height = struct.unpack(">II", shot[16:24])
    assert (width, height) == (1200, 900)
    # the first minor highlight is painted in its colour (#fff0a8); clip is in page coordinates
    rect = browser.js("(() => { const m = document.querySelector('mark.minor');"
                      " m.scrollIntoView({block: 'center'}); const r = m.getBoundingClientRect();"
                      " return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; })()")
    clip = {"x": rect["x"], "y": rect["y"], "width": max(rect["width"], 4), "height": max(rect["height"], 4),
            "scale": 1}
    part = base64.b64decode(browser.call("Page.captureScreenshot", format="png", clip=clip)["data"])
    _, _, rows = _png_pixels(part)
    colours = {px for row in rows for px in row}
    assert any(abs(r - 0xFF) < 6 and abs(g - 0xF0) < 6 and abs(b - 0xA8) < 6 for r, g, b in colours), colours
    assert browser.errors() == []
