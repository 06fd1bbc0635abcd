#!/usr/bin/env bash
# Install Debian's nginx and Reglab's site in front of `make serve`.
#
#   deploy/setup-nginx.sh reglab.example.se [CERT KEY]
#
# Without CERT and KEY a self-signed certificate is made (for a test machine;
# use the organisation's certificate or certbot in production). APP is the
# gunicorn address (default 127.0.0.1:8000), LIVE the live dialog's uvicorn
# (default 127.0.0.1:8001).
set -euo pipefail
SERVER_NAME="${1:?Ange serverns namn, t.ex. reglab.example.se}"
CERT="${2:-}"
KEY="${3:-}"
APP="${APP:-127.0.0.1:${PORT:-8000}}"
LIVE="${LIVE:-127.0.0.1:${LIVE_PORT:-8001}}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

if ! command -v nginx >/dev/null; then
  echo "Installerar nginx…"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq nginx openssl >/dev/null
fi

if [ -z "$CERT" ]; then
  CERT=/etc/ssl/reglab/reglab.crt
  KEY=/etc/ssl/reglab/reglab.key
  if [ ! -f "$CERT" ]; then
    echo "Skapar ett självsignerat certifikat för $SERVER_NAME (bara för test)…"
    $SUDO mkdir -p /etc/ssl/reglab
    $SUDO openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=$SERVER_NAME" \
      -addext "subjectAltName=DNS:$SERVER_NAME" -keyout "$KEY" -out "$CERT" 2>/dev/null
    $SUDO chmod 600 "$KEY"
  fi
fi

sed -e "s|@SERVER_NAME@|$SERVER_NAME|g" -e "s|@ROOT@|$ROOT|g" -e "s|@CERT@|$CERT|g" \
    -e "s|@KEY@|$KEY|g" -e "s|@APP@|$APP|g" -e "s|@LIVE@|$LIVE|g" "$ROOT/deploy/nginx/reglab.conf" \
  | $SUDO tee /etc/nginx/sites-available/reglab >/dev/null
$SUDO ln -sf /etc/nginx/sites-available/reglab /etc/nginx/sites-enabled/reglab
$SUDO rm -f /etc/nginx/sites-enabled/default
$SUDO nginx -t
if pgrep -x nginx >/dev/null; then
  $SUDO nginx -s reload
elif command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  $SUDO systemctl enable --now nginx
else
  $SUDO nginx
fi
echo "nginx tar emot https://$SERVER_NAME/ och skickar vidare till $APP."
