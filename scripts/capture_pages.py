#!/usr/bin/env python3
"""Every page a visitor and each demo account can reach, saved so two builds can be compared.

Makes (or reuses) a demo data folder, copies it, starts the given binary on it, and for the
visitor and each demo account, in English and in Spanish:

  1. follows every link on the site it can reach (GET only), saving each page;
  2. then submits every form it found with its text fields left empty, saving each answer
     (a 422 page with its errors, or where the form sent it).

Tokens (form tokens, link secrets) and clock times are replaced by placeholders, so two runs of
the same build on the same seed give the same files. Compare two captures with --compare.

    python3 scripts/capture_pages.py --binary .build/debug/tejido --seed /tmp/pages-seed --out /tmp/pages-before
    python3 scripts/capture_pages.py --compare /tmp/pages-before /tmp/pages-after

Stdlib only. It is a tool for a refactoring, not a test: it prints what differs and exits 1 if
anything does.
"""
import argparse
import contextlib
import hashlib
import html.parser
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCOUNTS = ["demo-ana", "demo-cora", "demo-sofi", "demo-beto", "demo-ramon", "demo-lu"]
# Forms that end the session, leave the page's language, or run quick exit are not submitted.
SKIP_ACTIONS = re.compile(r"/(logout|exit|language)$|/account/sessions|/account/delete")
# Pages with no link to them that a person still reaches (by typing, from a message, by mistake).
EXTRA_PATHS = ["/", "/login", "/about", "/help", "/recover", "/setup", "/no-such-page", "/join/not-a-token",
               "/claim/not-a-token", "/mediate/not-a-token"]
MAX_PAGES = 500


def free_port():
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Forms(html.parser.HTMLParser):
    """Links and forms on a page."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(), "action": a.get("action") or "", "fields": []}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select", "button"):
            self._form["fields"].append((tag, a.get("type") or "", a.get("name"), a.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


class Browser:
    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                val = rest.split(";")[0]
                if "Max-Age=0" in value or "max-age=0" in value.lower() and val == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = val
        return response.status, response.getheader("Location"), text


def csrf_of(page):
    m = re.search(r'name="_csrf" value="([^"]+)"', page)
    return m.group(1) if m else ""


UUIDS = {}


def stable_ids(text):
    """Records made during the capture get fresh ids; number every id by when the crawl first met it."""
    def number(m):
        return UUIDS.setdefault(m.group(0).upper(), f"ID{len(UUIDS) + 1:04d}")
    return re.sub(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}", number, text)


def normalise(text):
    text = stable_ids(text)
    text = re.sub(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z", "TIMESTAMP", text)
    text = re.sub(r'(name="_csrf" value=")[^"]+"', r'\1TOKEN"', text)
    text = re.sub(r'(data-csrf=")[^"]+"', r'\1TOKEN"', text)
    # Link secrets (claim, mediation, invitation, recovery) are long url-safe strings.
    text = re.sub(r"(/(?:claim|mediate|join|recover)/)[A-Za-z0-9_-]{20,}", r"\1SECRET", text)
    text = re.sub(r"\b[A-Za-z0-9_-]{40,}\b", "SECRET", text)
    text = re.sub(r"\b\d{1,2}:\d{2}(:\d{2})?\b", "HH:MM", text)
    return text


def name_for(path):
    path = stable_ids(path)
    clean = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "root"
    return clean[:120] + "-" + hashlib.sha1(path.encode()).hexdigest()[:6]


def local(href, base_path):
    if href.startswith("#") or href.startswith("mailto:") or href.startswith("tel:"):
        return None
    parsed = urllib.parse.urlparse(urllib.parse.urljoin("http://x" + base_path, href))
    if parsed.netloc not in ("x", ""):
        return None
    if parsed.path.startswith("/static") or parsed.path in ("/exit", "/favicon.ico"):
        return None
    return parsed.path + (("?" + parsed.query) if parsed.query else "")


def crawl(browser, out, label, start):
    out.mkdir(parents=True, exist_ok=True)
    seen, queue, forms = set(), list(start), []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        status, location, text = browser.request("GET", path)
        (out / f"get-{name_for(path)}.html").write_text(f"<!-- GET {path} {status} {location or ''} -->\n" + normalise(text))
        parser = Forms()
        parser.feed(text)
        for href in parser.links + ([location] if location else []):
            target = local(href, path)
            if target and target not in seen:
                queue.append(target)
        for form in parser.forms:
            if form["method"] == "post":
                forms.append((path, form))
    # Then every form, empty: the answers with errors (and, where empty is allowed, what it did).
    done = set()
    for path, form in forms:
        action = local(form["action"] or path, path)
        texts = [f for f in form["fields"] if f[0] in ("textarea", "select") or
                 (f[0] == "input" and f[1] in ("", "text", "password", "email", "date", "number", "url", "search", "tel"))]
        if not action or SKIP_ACTIONS.search(action) or not texts or (action, tuple(texts)) in done:
            continue
        done.add((action, tuple(texts)))
        _, _, page = browser.request("GET", path)
        fields = [("_csrf", csrf_of(page))]
        for tag, kind, name, value in form["fields"]:
            if name and name != "_csrf" and tag == "input" and kind == "hidden":
                fields.append((name, value))
        status, location, text = browser.request("POST", action, urllib.parse.urlencode(fields))
        (out / f"post-{name_for(action + ' from ' + path)}.html").write_text(
            f"<!-- POST {action} from {path}: {status} {location or ''} -->\n" + normalise(text))
    return len(seen), len(done)


def sign_in(browser, username, passphrase):
    _, _, page = browser.request("GET", "/login")
    body = urllib.parse.urlencode({"_csrf": csrf_of(page), "username": username, "passphrase": passphrase})
    status, location, _ = browser.request("POST", "/login", body)
    if status != 303:
        raise SystemExit(f"could not sign in as {username}: {status}")


def set_language(browser, lang):
    _, _, page = browser.request("GET", "/about")
    browser.request("POST", "/language", urllib.parse.urlencode({"_csrf": csrf_of(page), "lang": lang, "next": "/"}))


def make_seed(binary, seed):
    seed.mkdir(parents=True)
    env = dict(os.environ, TEJIDO_DATA_DIR=str(seed), TEJIDO_LOG_LEVEL="warning")
    done = subprocess.run([str(binary), "demo"], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    passphrase = re.search(r"passphrase is: (.+)", done.stdout).group(1).strip()
    (seed / "demo-passphrase.txt").write_text(passphrase + "\n")


def capture(args):
    binary, seed, out = Path(args.binary).resolve(), Path(args.seed), Path(args.out)
    if not seed.exists():
        make_seed(binary, seed)
    passphrase = (seed / "demo-passphrase.txt").read_text().strip()
    data = Path(tempfile.mkdtemp(prefix="tejido-pages-"))
    shutil.rmtree(data)
    shutil.copytree(seed, data)
    port = free_port()
    env = dict(os.environ, TEJIDO_DATA_DIR=str(data), TEJIDO_LOG_LEVEL="warning", TEJIDO_EXIT_URL="https://example.org/")
    server = subprocess.Popen([str(binary), "serve", "--port", str(port)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            with contextlib.suppress(OSError):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            time.sleep(0.1)
        if out.exists():
            shutil.rmtree(out)
        pages = forms = 0
        for who in [None] + ACCOUNTS:
            # One sign-in per account (sign-ins from one address are throttled), both languages.
            browser = Browser(port)
            if who:
                sign_in(browser, who, passphrase)
            for lang in ("en", "es"):
                set_language(browser, lang)
                p, f = crawl(browser, out / f"{who or 'visitor'}-{lang}", who, EXTRA_PATHS)
                pages, forms = pages + p, forms + f
        print(f"captured {pages} pages and {forms} form answers into {out}")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(data, ignore_errors=True)


class Seen(html.parser.HTMLParser):
    """What a person meets on a page, in order: elements with their attributes, and text with its
    spacing collapsed. Markup that renders the same (attribute order, line breaks between tags)
    compares equal."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items = []

    def handle_starttag(self, tag, attrs):
        self.items.append(f"<{tag} " + " ".join(f'{k}="{v}"' for k, v in sorted(attrs)) + ">")

    def handle_endtag(self, tag):
        self.items.append(f"</{tag}>")

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            self.items.append(text)


def seen(path):
    parser = Seen()
    parser.feed(path.read_text())
    return parser.items


def compare(before, after):
    import difflib
    names = sorted({p.relative_to(before) for p in before.rglob("*.html")} | {p.relative_to(after) for p in after.rglob("*.html")})
    same = exact = 0
    differing = []
    for name in names:
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            differing.append((name, ["only in " + ("after" if b.exists() else "before")]))
            continue
        if a.read_text() == b.read_text():
            exact += 1
            same += 1
            continue
        x, y = seen(a), seen(b)
        if x == y:
            same += 1
            continue
        diff = [line for line in difflib.unified_diff(x, y, lineterm="", n=1)][2:]
        differing.append((name, diff))
    for name, diff in differing:
        print(f"--- {name}")
        for line in diff[:30]:
            print("   ", line)
    print(f"{len(names)} pages compared: {exact} byte for byte, {same - exact} the same once markup spacing is set aside, "
          f"{len(differing)} differ")
    return 1 if differing else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=str(ROOT / ".build" / "debug" / "tejido"))
    parser.add_argument("--seed", default="/tmp/tejido-pages-seed")
    parser.add_argument("--out")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(Path(args.compare[0]), Path(args.compare[1])))
    if not args.out:
        parser.error("--out is needed to capture")
    capture(args)


if __name__ == "__main__":
    main()
