#!/usr/bin/env python3
"""The page of one case with 50 timeline entries, under load: decrypt and render.

Seeds an empty embedded database with `tejido bench-seed` (100,000 sealed cases, 1,000,000
sealed entries), starts a release server on loopback, signs in as the case's survivor, then runs
`wrk` with 50 connections against the case page and, from the same server, against /healthz
(an empty answer: the ceiling of the server itself), so the ratio shows what a case page costs.

Prints figures; it is not a test and never fails on timing. Usage:

    swift build -c release --product tejido
    python3 bench/case_page.py [--cases 100000] [--entries 1000000] [--seconds 20] [--binary .build/release/tejido]
                               [--data DIR]   (keep the seed in DIR and reuse it next time)
"""
import argparse
import http.client
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(port, seconds=20):
    """Returns once the server on `port` answers; stops the run if it never does."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no server answered on port {port} within {seconds} s")


def sign_in(port, username, passphrase):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode()
    cookies = [h.split(";")[0] for k, h in response.getheaders() if k.lower() == "set-cookie"]
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"_csrf": token, "username": username, "passphrase": passphrase})
    conn.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": "; ".join(cookies)})
    response = conn.getresponse()
    response.read()
    cookies += [h.split(";")[0] for k, h in response.getheaders() if k.lower() == "set-cookie"]
    jar = {}
    for cookie in cookies:
        name, _, value = cookie.partition("=")
        jar[name] = value
    return "; ".join(f"{k}={v}" for k, v in jar.items() if v)


def wrk(url, cookie, seconds, connections):
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p = {m.group(1): millis(m.group(2)) for m in re.finditer(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p, int(non2xx.group(1)) if non2xx else 0


def millis(text):
    """wrk's latency ("812.00us", "3.20ms", "1.02s") in milliseconds."""
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--binary", default=str(ROOT / ".build/release/tejido"))
    parser.add_argument("--data", help="a folder to keep the seeded data in and reuse on the next run")
    args = parser.parse_args()
    data = args.data or tempfile.mkdtemp(prefix="tejido-bench-cases-")
    os.makedirs(data, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"TEJIDO_DATA_DIR": data, "TEJIDO_LOG_LEVEL": "warning"})
    # The seed's answer (who to sign in as, which case) is kept beside the data it describes.
    answer = Path(data) / "bench-seed.txt"
    if answer.exists():
        seeded = answer.read_text()
        print(f"reusing the seed in {data}")
    else:
        started = time.time()
        seeded = subprocess.run(
            [args.binary, "bench-seed", "--cases", str(args.cases), "--entries", str(args.entries)],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
        answer.write_text(seeded)
        print(f"seeded {args.cases} cases and {args.entries} entries in {time.time() - started:.0f} s")
    values = dict(line.split("=", 1) for line in seeded.strip().splitlines() if "=" in line)
    port = free_port()
    # Production, as an operator runs it.
    server = subprocess.Popen([args.binary, "serve", "--port", str(port)], cwd=ROOT, env={**env, "TEJIDO_ENV": "production"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_server(port)
        cookie = sign_in(port, values["username"], values["passphrase"])
        case_url = f"http://127.0.0.1:{port}{values['case']}"
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", values["case"], headers={"Cookie": cookie})
        page = conn.getresponse()
        body = page.read().decode()
        shown = len(re.findall(r'class="entry[" ]', body))
        print(f"case page: HTTP {page.status}, {len(body)} bytes, {shown} entries shown")
        if page.status != 200 or shown != 50:
            raise SystemExit("the case page did not show the seeded case's 50 entries: nothing worth measuring")
        rps, p, bad = wrk(case_url, cookie, args.seconds, args.connections)
        ceiling, cp, _ = wrk(f"http://127.0.0.1:{port}/healthz", None, args.seconds, args.connections)
        _, single, single_bad = wrk(case_url, cookie, args.seconds, 1)
        print(f"case page, {args.connections} connections: {rps:.0f} requests/s, p50 {p['50']:.2f} ms, "
              f"p90 {p['90']:.2f} ms, p99 {p['99']:.2f} ms, non-2xx {bad}")
        print(f"/healthz ceiling, same server: {ceiling:.0f} requests/s, p99 {cp['99']:.2f} ms")
        print(f"case page, 1 connection: p50 {single['50']:.2f} ms, p99 {single['99']:.2f} ms, non-2xx {single_bad}")
        print(f"ratio: the case page runs at {100 * rps / ceiling:.1f}% of the ceiling (target >= 20%); "
              f"p99/p50 = {p['99'] / p['50']:.1f} (target <= 3); 1-connection p50 {single['50']:.2f} ms (target <= 3 ms)")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
