# Everyday commands. The README explains each; CI (.ci/run) uses the same scripts.
.PHONY: bench bench-cases run test test-postgres e2e format lint

run:
	swift run tejido serve

test:
	swift test

# Starts a throwaway PostgreSQL on 127.0.0.1 (Debian's postgresql package), runs the suite on it, stops it.
test-postgres:
	@set -e; eval "$$(scripts/start-postgres.sh)"; trap 'scripts/stop-postgres.sh' EXIT; swift test

# Directory search with 100,000 entries (prints figures; not a test).
bench:
	swift build -c release --product tejido
	python3 bench/directory_search.py --binary .build/release/tejido

bench-cases:
	swift build -c release --product tejido
	python3 bench/case_page.py --binary .build/release/tejido

# Real-browser tests with Debian's chromium (apt-get install chromium) and Playwright in e2e/.venv.
e2e:
	scripts/e2e.sh

format:
	swift format format -i -r Sources Tests Package.swift

lint:
	swift format lint --strict -r Sources Tests Package.swift
