#!/bin/bash
# make demo: a demo database, the server on a loopback port, and the kiosk
# against it. With a display, a kiosk window (keys 1–9 tap the demo badges;
# closing the window stops everything). Without one, a scripted tour played
# headless, its screenshots in build/demo/.
set -euo pipefail
BUILD=${1:-build/release}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVER="$ROOT/$BUILD/server/escale-server"
KIOSK="$ROOT/$BUILD/kiosk/escale-kiosk"
DEMO="$ROOT/build/demo"
rm -rf "$DEMO"
mkdir -p "$DEMO"

"$SERVER" demo-data --history --db "$DEMO/server.db" --kiosk-token-file "$DEMO/kiosk.token" | tee "$DEMO/demo-data.txt"
KEYS=$(sed -n 's/^demo badges for keys 1-9: //p' "$DEMO/demo-data.txt")

# The demo's notifier: messages (login links, confirmations, reminders) go to a file, as a mailbox would.
printf '#!/bin/sh\nprintf "%%s -> %%s : %%s\\n\\n" "$1" "$2" "$3" >> "%s/messages.txt"\n' "$DEMO" > "$DEMO/notifier.sh"
chmod +x "$DEMO/notifier.sh"
"$SERVER" serve --db "$DEMO/server.db" --listen 127.0.0.1:0 --notifier "$DEMO/notifier.sh" > "$DEMO/server.out" 2> "$DEMO/server.log" &
SERVER_PID=$!
stop_server() {
  if kill -0 "$SERVER_PID" 2> /dev/null; then
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" || true
  fi
}
trap stop_server EXIT

URL=""
for _ in $(seq 100); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$DEMO/server.out" || true)
  [ -n "$URL" ] && break
  kill -0 "$SERVER_PID" 2> /dev/null || { cat "$DEMO/server.log"; echo "escale-server did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$URL" ] || { echo "escale-server did not say where it listens" >&2; exit 1; }
REPORT="$URL/tableau-de-bord"
echo "Server: $URL"
echo "Back office and reports: $REPORT — log in as admin / demo admin escale (everything),"
echo "  animation / demo animation escale (the site's animator) or rapports / demo rapports escale (reports only)"
echo "« Mon espace » (members on their phones): $URL/moi — ask a link for marie.dupont@example.org, or tap"
echo "  « Sur mon téléphone » at the kiosk after Marie's badge (key 1); messages land in $DEMO/messages.txt"
echo "The network's public pages and help booking: $URL/lieux-du-reseau"

COMMON=(--server "$URL" --token-file "$DEMO/kiosk.token" --db "$DEMO/kiosk.db" --sync-interval-ms 2000 --no-night-sleep)
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  echo "Kiosk window: keys 1 to 9 tap the demo members' badges (key 9 is Agnès, the animator: PIN 2468);"
  echo "close the window (or Ctrl+Q) to stop."
  "$KIOSK" "${COMMON[@]}" --window 800x480 --key-badges "$KEYS" 2> "$DEMO/kiosk.log"
  echo "Kiosk closed; server stopped. Logs in $DEMO/."
else
  echo "No display: playing the scripted tour headless…"
  "$KIOSK" "${COMMON[@]}" --headless --script "$ROOT/assets/demo/tour.kscript" --shots "$DEMO" 2> "$DEMO/kiosk.log" || {
    echo "The tour failed; see $DEMO/kiosk.log" >&2
    exit 1
  }
  # Log in as the reporting account, as a browser would, and keep the dashboard and one table.
  JAR="$DEMO/cookies.txt"
  LOGIN_TOKEN=$(curl -fsS -c "$JAR" "$URL/connexion" | sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p')
  curl -fsS -b "$JAR" -c "$JAR" -o /dev/null -H "Origin: $URL" --data-urlencode "login=rapports" \
    --data-urlencode "password=demo rapports escale" --data-urlencode "login_token=$LOGIN_TOKEN" "$URL/connexion"
  curl -fsS -b "$JAR" "$REPORT" -o "$DEMO/report.html"
  curl -fsS -b "$JAR" "$URL/tableau-de-bord/visits_by_day.csv?site=1" -o "$DEMO/report.csv"
  echo
  echo "Screenshots of the tour:"
  ls -1 "$DEMO"/*.png | sed 's/^/  /'
  echo "The dashboard was served at $REPORT"
  echo "  (saved as $DEMO/report.html and report.csv; the server stops now —"
  echo "   to browse it again: $SERVER serve --db $DEMO/server.db --listen 127.0.0.1:8080)"
fi
