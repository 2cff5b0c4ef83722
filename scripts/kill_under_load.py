#!/usr/bin/env python3
"""Kills Tejido with SIGKILL while several people write, restarts it, and counts acknowledged
writes that are missing. Prints the count; exits 1 if it is not 0.

Two kinds of acknowledged write are counted:
  - timeline entries written through the case page's form (acknowledged: the 303 that follows
    a saved entry), each with a text of its own, looked for on the case page after the restart;
  - case views (acknowledged: a 200 case page), each of which must have left its line in the
    case's access log (group commit); the lines are counted in the database after the restart,
    on a case nobody writes to, so entries' own log lines cannot hide a lost view.

Usage:
    swift build --product tejido
    python3 scripts/kill_under_load.py [--binary .build/debug/tejido] [--clients 6] [--seconds 4] [--rounds 3]
                                       [--postgres postgres://postgres@127.0.0.1:54329/postgres]
With --postgres (a server where the given role may create databases), a new database is made
for the run and dropped afterwards; otherwise the embedded SQLite in a new folder.
"""
import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One person's browser: its own connection and cookies."""

    def __init__(self, port):
        self.port = port
        self.jar = {}
        self.reconnect()

    def reconnect(self):
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def request(self, method, path, form=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items() if v)}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body, headers)
        response = self.conn.getresponse()
        text = response.read().decode()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.split(";")[0].partition("=")
                self.jar[key] = rest
        return response.status, response.getheader("Location"), text

    def sign_in(self, username, passphrase):
        _, _, page = self.request("GET", "/login")
        status, _, _ = self.request("POST", "/login", {"_csrf": token(page), "username": username, "passphrase": passphrase})
        if status != 303:
            raise SystemExit(f"could not sign in as {username}: HTTP {status}")


def token(page):
    return re.search(r'name="_csrf" value="([^"]+)"', page).group(1)


def entry_form(page):
    """The new-entry form's address and its first kind and visibility."""
    action = re.search(r'<form method="post" action="([^"]+/entries)"', page)
    if not action:
        return None
    kind = re.search(r'name="kind"[^>]*>\s*<option value="([^"]+)"', page)
    visibility = re.search(r'name="visibility" value="([^"]+)"', page)
    return action.group(1), kind.group(1), visibility.group(1)


class Database:
    """Counts rows, which the server stores sealed but whose number it cannot hide."""

    def __init__(self, sqlite_path=None, url=None):
        self.sqlite_path, self.url = sqlite_path, url

    def count_lines(self, case_id):
        query = f"SELECT COUNT(*) FROM case_access_log WHERE case_id = '{case_id}'"
        if self.url:
            out = subprocess.run(["psql", self.url, "-tA", "-c", query], capture_output=True, text=True, check=True)
            return int(out.stdout.strip())
        # Fluent's SQLite keeps ids as text, upper case as in the case's address.
        with sqlite3.connect(self.sqlite_path) as db:
            return db.execute("SELECT COUNT(*) FROM case_access_log WHERE case_id = ?", (case_id,)).fetchone()[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=str(ROOT / ".build/debug/tejido"))
    parser.add_argument("--clients", type=int, default=6, help="writers and viewers, half each")
    parser.add_argument("--seconds", type=float, default=4, help="load before each kill")
    parser.add_argument("--rounds", type=int, default=3, help="kills and restarts")
    parser.add_argument("--postgres", help="a PostgreSQL server URL; a database is made for the run")
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="tejido-kill-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"TEJIDO_DATA_DIR": data, "TEJIDO_LOG_LEVEL": "warning"})
    database_name = None
    if args.postgres:
        database_name = "tejido_kill_" + uuid.uuid4().hex[:12]
        subprocess.run(["psql", args.postgres, "-qc", f"CREATE DATABASE {database_name}"], check=True)
        parts = urllib.parse.urlsplit(args.postgres)
        env["DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path="/" + database_name))
        db = Database(url=env["DATABASE_URL"].split("?")[0])
    else:
        db = Database(sqlite_path=os.path.join(data, "tejido.sqlite"))
    run = lambda *command: subprocess.run([args.binary, *command], cwd=ROOT, env=env, capture_output=True, text=True,
                                          check=True).stdout
    server = None
    try:
        run("migrate")
        demo = run("demo")
        slug = re.search(r"/c/(\S+)\.", demo).group(1)
        passphrase = re.search(r"passphrase is: (.+)$", demo, re.M).group(1).strip()
        port = free_port()

        def start():
            process = subprocess.Popen([args.binary, "serve", "--port", str(port)], cwd=ROOT, env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(300):
                try:
                    http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                    return process
                except OSError:
                    time.sleep(0.1)
            raise SystemExit("the server did not start")

        server = start()
        # demo-lu is the person harmed in several cases: one to write in, another to read.
        lu = Browser(port)
        lu.sign_in("demo-lu", passphrase)
        _, _, cases = lu.request("GET", f"/c/{slug}/cases")
        writable, readable = None, None
        for case in dict.fromkeys(re.findall(rf'href="(/c/{slug}/cases/[0-9A-F-]{{36}})"', cases)):
            status, _, page = lu.request("GET", case)
            if status != 200:
                continue
            if writable is None and entry_form(page):
                writable = case
            elif readable is None:
                readable = case
        if not writable or not readable:
            raise SystemExit("the demo gave no case to write in and another to read")
        read_id = readable.rsplit("/", 1)[1]

        acknowledged_texts, acknowledged_views, problems = [], 0, []
        lines_before = db.count_lines(read_id)
        lock = threading.Lock()
        # Everyone signs in once (sessions outlive a restart, as they do for real people).
        half = max(1, args.clients // 2)
        writers = [Browser(port) for _ in range(half)]
        viewers = [Browser(port) for _ in range(max(1, args.clients - half))]
        for browser in writers + viewers:
            browser.sign_in("demo-lu", passphrase)
        for round_number in range(1, args.rounds + 1):
            stop = threading.Event()

            def writer(number, browser):
                browser.reconnect()
                n = 0
                while not stop.is_set():
                    try:
                        _, _, page = browser.request("GET", writable)
                        form = entry_form(page)
                        if form is None:
                            # The server answered, but without the form: a fault, not the kill.
                            with lock:
                                problems.append("the case page came without its entry form")
                            return
                        action, kind, visibility = form
                        n += 1
                        # Bracketed, so that entry 1 is never found inside entry 12.
                        text = f"[kill test round {round_number} writer {number} entry {n}]"
                        status, _, _ = browser.request("POST", action, {
                            "_csrf": token(page), "kind": kind, "visibility": visibility, "text": text})
                        if status == 303:
                            with lock:
                                acknowledged_texts.append(text)
                    except (OSError, http.client.HTTPException):
                        return

            def viewer(browser):
                nonlocal acknowledged_views
                browser.reconnect()
                while not stop.is_set():
                    try:
                        status, _, _ = browser.request("GET", readable)
                        if status == 200:
                            with lock:
                                acknowledged_views += 1
                    except (OSError, http.client.HTTPException):
                        return

            threads = [threading.Thread(target=writer, args=(i, b)) for i, b in enumerate(writers)]
            threads += [threading.Thread(target=viewer, args=(b,)) for b in viewers]
            for thread in threads:
                thread.start()
            time.sleep(args.seconds)
            server.send_signal(signal.SIGKILL)
            server.wait()
            stop.set()
            for thread in threads:
                thread.join()
            print(f"round {round_number}: killed with {len(acknowledged_texts)} entries and {acknowledged_views} views "
                  "acknowledged so far")
            server = start()

        reader = Browser(port)
        reader.sign_in("demo-lu", passphrase)
        status, _, page = reader.request("GET", writable)
        missing_entries = [text for text in acknowledged_texts if text not in page]
        # The reader's own view of the written case is on another case's log; the lines of the
        # read case are its views and nothing else. Each acknowledged view must have its line; a
        # view cut off before its answer may have one too, so this bounds the loss from below.
        lines = db.count_lines(read_id) - lines_before
        missing_views = max(0, acknowledged_views - lines)
        print(f"entries: {len(acknowledged_texts)} acknowledged, {len(missing_entries)} missing after the restarts")
        print(f"views: {acknowledged_views} acknowledged, {lines} logged, {missing_views} missing")
        for text in missing_entries[:10]:
            print("  missing:", text)
        if status != 200 or not acknowledged_texts or not acknowledged_views:
            raise SystemExit("nothing was acknowledged: the test measured nothing")
        for problem in sorted(set(problems)):
            print("problem:", problem)
        if missing_entries or missing_views or problems:
            sys.exit(1)
        print("no acknowledged write was lost")
    finally:
        if server and server.poll() is None:
            server.terminate()
            server.wait()
        if database_name:
            subprocess.run(["psql", args.postgres, "-qc", f"DROP DATABASE IF EXISTS {database_name} WITH (FORCE)"])
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
