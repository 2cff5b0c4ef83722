#!/usr/bin/env python3
"""Directory search at scale: 100,000 entries, then timed searches over HTTP on loopback.

Prints figures; it is not a test and never fails on timing. Usage:

    swift build -c release --product tejido
    python3 bench/directory_search.py [--entries 100000] [--searches 1000] [--binary .build/release/tejido]

Each search is a real request to the public directory page (query, filters, rendering), made
one at a time over a kept-alive connection, so the figures are what a person would wait for.
"""
import argparse
import csv
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS = ("violencia violéncia apoyo médica medica acompañamiento refugio casa mujeres jóvenes niñez legal "
         "migración asilo consejería salud mental escucha colectiva justicia transformativa comunidad crisis "
         "support shelter counselling legal immigration crisis team community accountability youth women care "
         "línea teléfono atención gratuita confidencial sobrevivientes masculinidades reparación").split()
PLACES = [("México", "Chiapas", "San Cristóbal"), ("México", "Oaxaca", "Oaxaca"), ("España", "Madrid", "Madrid"),
          ("Argentina", "Buenos Aires", "La Plata"), ("USA", "California", "Oakland"), ("UK", "England", "Manchester"),
          ("Colombia", "Antioquia", "Medellín"), ("Chile", "Valparaíso", "Valparaíso")]
KINDS = ["crisis_line", "survivor_support", "transformative_justice", "crisis_team", "counselling",
         "programme_for_people_who_harmed", "immigration_legal", "victim_compensation", "masculinity_group", "shelter",
         "medical", "legal", "children_young_people"]
QUERIES = ["violencia", "violéncia", "medica", "médica", "apoyo mujeres", "crisis", "refugio", "justicia transformativa",
           "acompañamiento", "legal asilo", "support", "community crisis", "salud mental", "jovenes", "linea gratuita"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_csv(path, count, rng):
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["kind", "name", "description", "country", "region", "city", "languages", "may_involve_police", "visibility"])
        for i in range(count):
            country, region, city = rng.choice(PLACES)
            out.writerow([rng.choice(KINDS), f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {i}",
                          " ".join(rng.choice(WORDS) for _ in range(12)), country, region, city,
                          rng.choice(["es", "en", "es,en", "es,tzo"]), rng.choice(["yes", "no", "unknown"]), "public"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=1000)
    parser.add_argument("--binary", default=os.environ.get("TEJIDO_BINARY", str(ROOT / ".build/release/tejido")))
    args = parser.parse_args()
    binary = Path(args.binary)
    if not binary.exists():
        raise SystemExit(f"{binary} not found: run `swift build -c release --product tejido` first")

    rng = random.Random(7)
    data = tempfile.mkdtemp(prefix="tejido-bench-")
    env = dict(os.environ, TEJIDO_DATA_DIR=data, TEJIDO_LOG_LEVEL="error")
    env.pop("DATABASE_URL", None)
    secret = Path(data) / "passphrase.txt"
    secret.write_text("violet tide over the harbour\n")
    done = subprocess.run([str(binary), "setup", "--collective", "Bench", "--admin", "bench", "--passphrase-file", str(secret)],
                          env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    slug = re.search(r"/c/([a-z0-9]+)", done.stdout).group(1)

    rows = Path(data) / "entries.csv"
    write_csv(rows, args.entries, rng)
    started = time.perf_counter()
    subprocess.run([str(binary), "directory", "import", "--collective", slug, str(rows)], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    print(f"imported {args.entries} entries in {time.perf_counter() - started:.1f} s")

    port = free_port()
    server = subprocess.Popen([str(binary), "serve", "--port", str(port)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        connection = http.client.HTTPConnection("127.0.0.1", port)

        def search(params):
            path = f"/public/{slug}/directory?" + urllib.parse.urlencode(params)
            t0 = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - t0) * 1000
            assert response.status == 200, response.status
            return elapsed, body

        for _ in range(20):
            search({"q": rng.choice(QUERIES)})
        timings = []
        cases = {"words": [], "filters only": [], "short prefix": [], "deep page": []}
        for i in range(args.searches):
            # Mostly words; also searches with filters and no words, two-letter beginnings, and page 20.
            case = ["words", "words", "words", "filters only", "short prefix", "deep page"][i % 6]
            params = {"q": {"words": rng.choice(QUERIES), "filters only": "", "short prefix": rng.choice(["vi", "me", "cr", "ap"]),
                            "deep page": rng.choice(QUERIES)}[case]}
            if case == "filters only":
                params["kind"] = rng.choice(KINDS)
            if case == "deep page":
                params["page"] = "20"
            if i % 3 == 1:
                params["kind"] = rng.choice(KINDS)
            if i % 4 == 2:
                params["region"] = rng.choice(["chiapas", "Oaxaca", "medellin", "Madrid"])
            if i % 5 == 3:
                params["nopolice"] = "1"
            if i % 7 == 4:
                params["lang"] = "es"
            elapsed, _ = search(params)
            timings.append(elapsed)
            cases[case].append(elapsed)
        timings.sort()

        def pct(p):
            return timings[min(len(timings) - 1, int(round(p / 100 * len(timings))) - 1)]

        _, body = search({"q": "violencia"})
        _, accented = search({"q": "violéncia"})
        same = body.count(b'class="entry-card') == accented.count(b'class="entry-card')
        print(f"{args.searches} searches over {args.entries} entries (one at a time, HTTP on loopback, page rendered):")
        print(f"  p50 {pct(50):.1f} ms   p95 {pct(95):.1f} ms   p99 {pct(99):.1f} ms   max {timings[-1]:.1f} ms   "
              f"mean {statistics.mean(timings):.1f} ms")
        print(f"  target p99 <= 50 ms: {'met' if pct(99) <= 50 else 'NOT met'}")
        for name, values in cases.items():
            values.sort()
            print(f"  {name:13} n={len(values):4}  p50 {values[len(values) // 2]:.1f} ms  p99 "
                  f"{values[min(len(values) - 1, int(len(values) * 0.99))]:.1f} ms")
        print(f"  'violencia' and 'violéncia' give the same first page: {same}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
