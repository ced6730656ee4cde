#!/usr/bin/env bash
# Ömür's two commands:
#   ./omur.sh start   install into .venv, prepare the demo database and serve on http://127.0.0.1:8000
#   ./omur.sh test    install into .venv and run the whole test suite (extra arguments go to pytest)
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv

ensure_python() {
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "Ömür needs Python 3.11 or newer (python3 was not found)." >&2; exit 1
  fi
  if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    echo "Ömür needs Python 3.11 or newer; $("$PYTHON" --version) was found." >&2; exit 1
  fi
}

ensure_venv() {
  ensure_python
  if [ ! -x "$VENV/bin/python" ]; then
    echo "Creating $VENV ..."
    "$PYTHON" -m venv "$VENV" || { echo "Could not create a virtual environment: on Debian/Ubuntu install python3-venv." >&2; exit 1; }
  fi
  # Reinstall only when the lock file changed since the last install.
  local stamp="$VENV/.requirements.sha256"
  local want; want=$(sha256sum requirements.lock | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "Installing pinned dependencies ..."
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock
    echo "$want" > "$stamp"
  fi
}

cmd=${1:-start}
shift || true
case "$cmd" in
  start)
    ensure_venv
    export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.dev}
    "$VENV/bin/python" manage.py setup_demo
    exec "$VENV/bin/python" manage.py serve "${OMUR_ADDRPORT:-127.0.0.1:8000}"
    ;;
  test)
    ensure_venv
    "$VENV/bin/python" manage.py compiletranslations --settings=config.settings.test
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: ./omur.sh start | test [pytest arguments]" >&2; exit 2
    ;;
esac
