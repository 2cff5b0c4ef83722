#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on 127.0.0.1 in a temporary folder and prints the database URL
# for the test suite. Used by `make test-postgres` and by CI. Needs Debian's postgresql package.
# Usage: eval "$(scripts/start-postgres.sh)"   → exports TEJIDO_TEST_DATABASE_URL and TEJIDO_PG_DIR
set -euo pipefail
port="${TEJIDO_PG_PORT:-54329}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
dir="$(mktemp -d /tmp/tejido-pg.XXXXXX)"
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
run "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=600" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
run "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres tejido_test
echo "export TEJIDO_TEST_DATABASE_URL='postgres://postgres@127.0.0.1:$port/tejido_test?sslmode=disable'"
echo "export TEJIDO_PG_DIR='$dir'"
echo "export TEJIDO_PG_BIN='$bin'"
