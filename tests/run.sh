#!/usr/bin/env bash
# The README's test command: the whole suite, on a fresh Debian machine too.
#
# The browser tests of the HTML report drive Debian's Chromium (never a downloaded browser build).
# When it is missing, this installs it with apt-get (as root), or says what to run (otherwise).
# Arguments are passed to pytest: `bash tests/run.sh tests/inputs -x`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    echo "tests/run.sh: no .venv here: run the README's first command first" >&2
    echo "  python3 -m venv .venv && .venv/bin/pip install '.[test]'" >&2
    exit 2
fi

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "tests/run.sh: installing Debian's chromium for the browser tests (apt-get)" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq chromium >/dev/null
    else
        echo "tests/run.sh: the browser tests need Debian's chromium at /usr/bin/chromium:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y chromium" >&2
        exit 2
    fi
fi

exec .venv/bin/python -m pytest "$@"
