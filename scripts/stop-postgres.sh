#!/usr/bin/env bash
# Stops the PostgreSQL started by start-postgres.sh and removes its folder.
set -u
[ -n "${TEJIDO_PG_DIR:-}" ] && [ -d "$TEJIDO_PG_DIR" ] || exit 0
if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$TEJIDO_PG_BIN/pg_ctl" -D "$TEJIDO_PG_DIR/data" -m fast stop >/dev/null 2>&1
else "$TEJIDO_PG_BIN/pg_ctl" -D "$TEJIDO_PG_DIR/data" -m fast stop >/dev/null 2>&1; fi
rm -rf "$TEJIDO_PG_DIR"
