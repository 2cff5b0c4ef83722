"""Real-browser tests: Debian's Chromium driven by Playwright, axe-core on every page visited.

Each test server is the real `tejido` binary on a loopback port with its own data folder; quick
exit is pointed at a local "neutral" page so nothing leaves the machine.
"""
import contextlib
import re
import functools
import http.server
import os
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BINARY = Path(os.environ.get("TEJIDO_BINARY", ROOT / ".build" / "debug" / "tejido"))
ARTIFACTS = ROOT / "e2e" / "artifacts"
PASSPHRASE = "violet tide over the harbour"
COLLECTIVE_HOME = re.compile(r"/c/[a-z0-9]{10}$")
CHROMIUM = os.environ.get("TEJIDO_CHROMIUM", "/usr/bin/chromium")


def free_port():
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def neutral_site():
    """A local stand-in for the ordinary website quick exit goes to."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ROOT / "e2e" / "neutral"))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/neutral.html"
    server.shutdown()


class Tejido:
    """One running Tejido server with its own data folder."""

    def __init__(self, neutral_url, setup=True, collective="Casa Semilla", network=False):
        self.data = tempfile.mkdtemp(prefix="tejido-e2e-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, TEJIDO_DATA_DIR=self.data, TEJIDO_EXIT_URL=neutral_url, TEJIDO_LOG_LEVEL="warning")
        if network:
            # Several instances on one machine talk plain HTTP on loopback (a test setting).
            self.env.update(TEJIDO_PUBLIC_URL=self.base, TEJIDO_PEER_PLAIN_HTTP="true")
        if setup:
            secret = Path(self.data) / "passphrase.txt"
            secret.write_text(PASSPHRASE + "\n")
            done = subprocess.run([str(BINARY), "setup", "--collective", collective, "--admin", "rosa",
                                   "--passphrase-file", str(secret)], env=self.env, check=True, cwd=ROOT,
                                  capture_output=True, text=True)
            # The collective's address is random; setup prints it.
            self.home = re.search(r"/c/[a-z0-9]+", done.stdout).group(0)
        self.process = subprocess.Popen([str(BINARY), "serve", "--port", str(self.port)], env=self.env, cwd=ROOT,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(self.base + "/healthz").status == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError("tejido did not start")

    def url(self, path):
        return self.base + path

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def tejido(neutral_site):
    server = Tejido(neutral_site)
    yield server
    server.stop()


@pytest.fixture
def fresh_tejido(neutral_site):
    server = Tejido(neutral_site, setup=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        # --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


class Visit:
    """A browser context that checks every page it lands on: axe finds nothing, the page fits a
    360 px screen, and no request goes to another origin."""

    axe = Axe()

    def __init__(self, browser, server, javascript=True, locale="en-GB", width=1024):
        self.server = server
        self.javascript = javascript
        self.context = browser.new_context(java_script_enabled=javascript, locale=locale,
                                           viewport={"width": width, "height": 800})
        self.page = self.context.new_page()
        self.foreign = []
        self.page.on("request", self._watch)
        self.checked = []

    def _watch(self, request):
        if not request.url.startswith(self.server.base) and "neutral.html" not in request.url:
            self.foreign.append(request.url)

    def goto(self, path):
        self.page.goto(self.server.url(path))
        return self.page

    def check(self, name):
        """Runs the page checks and saves a screenshot under e2e/artifacts."""
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert not self.foreign, f"requests to other origins: {self.foreign}"
        if self.javascript:
            results = self.axe.run(self.page)
            assert results.violations_count == 0, f"{name}: {results.generate_report()}"
            narrow = self.context.new_page()
            narrow.set_viewport_size({"width": 360, "height": 740})
            narrow.goto(self.page.url)
            overflow = narrow.evaluate("document.documentElement.scrollWidth")
            narrow.close()
            assert overflow <= 360, f"{name} is {overflow}px wide at 360px"
        self.checked.append(name)

    def sign_in(self, username="rosa", passphrase=PASSPHRASE):
        page = self.goto("/login")
        page.fill("#username", username)
        page.fill("#passphrase", passphrase)
        page.click("form.stack button[type=submit]")
        return page

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    visits = []

    def make(server, **options):
        v = Visit(browser, server, **options)
        visits.append(v)
        return v

    yield make
    for v in visits:
        v.close()
