#!/usr/bin/env python3
"""Counts the instructions of case-page views and of /healthz with valgrind's callgrind, so where a
case page's time goes can be compared between builds on a noisy machine (counts repeat; seconds
do not). Reuses the seed `bench/case_page.py --data DIR` made.

    swift build -c release --product tejido
    python3 bench/profile_case_page.py --data DIR [--views 100] [--binary .build/release/tejido]

Leaves callgrind.out.* in the working folder: part 1 is the case views, part 2 /healthz. Read
with `callgrind_annotate --inclusive=yes FILE | swift demangle --simplified`.
"""
import argparse
import glob
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from case_page import ROOT, free_port, sign_in, wait_for_server  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="a folder case_page.py seeded")
    parser.add_argument("--views", type=int, default=100)
    parser.add_argument("--binary", default=str(ROOT / ".build/release/tejido"))
    args = parser.parse_args()
    values = dict(line.split("=", 1) for line in (Path(args.data) / "bench-seed.txt").read_text().strip().splitlines())
    work = tempfile.mkdtemp(prefix="tejido-profile-")
    # valgrind 3.19 reads neither Swift's DWARF 5 (so: symbols only) nor survives libdispatch's
    # sigsuspend on a read-only mask (so: a shim that passes a copy).
    binary = os.path.join(work, "tejido")
    subprocess.run(["strip", "--strip-debug", "-o", binary, args.binary], check=True)
    shim = os.path.join(work, "shim.so")
    subprocess.run(["gcc", "-shared", "-fPIC", "-O2", "-o", shim, str(ROOT / "bench/sigsuspend_shim.c"), "-ldl"], check=True)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"TEJIDO_DATA_DIR": args.data, "TEJIDO_LOG_LEVEL": "warning", "TEJIDO_ENV": "production",
                "LD_PRELOAD": shim})
    for old in glob.glob("callgrind.out.*"):
        os.remove(old)
    port = free_port()
    server = subprocess.Popen(["valgrind", "--tool=callgrind", binary, "serve", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_server(port, seconds=300)  # valgrind starts the server slowly
        cookie = sign_in(port, values["username"], values["passphrase"])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

        def get(path, cookie=None):
            conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}")

        for _ in range(5):  # warm: first views fill caches the steady state does not pay for
            get(values["case"], cookie)
        control = lambda *a: subprocess.run(["callgrind_control", *a, str(server.pid)], check=True, capture_output=True)
        control("-z")
        for _ in range(args.views):
            get(values["case"], cookie)
        control("-d", "case")
        control("-z")
        for _ in range(args.views):
            get("/healthz")
        control("-d", "healthz")
        for part, label in ((1, "case page"), (2, "/healthz")):
            path = glob.glob(f"callgrind.out.{server.pid}.{part}")[0]
            total = next(int(line.split()[1]) for line in open(path) if line.startswith("totals:"))
            print(f"{label}: {total / args.views / 1e6:.2f} million instructions a request ({path})")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
