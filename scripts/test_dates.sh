#!/usr/bin/env bash
# The non-browser test suite with the clock moved (Debian's faketime) to moments where date bugs show up.
#   scripts/test_dates.sh                      every moment below
#   scripts/test_dates.sh 2027-03-01T05:00:00  only the given moments (UTC); pytest options may follow "--"
# The embedded PostgreSQL keeps the real clock: devdb starts it without faketime's LD_PRELOAD.
set -euo pipefail
cd "$(dirname "$0")/.."

# Moments in UTC (Tokyo is UTC+9, without summer time).
MOMENTS=(
  2027-03-01T05:00:00 # 14:00 JST on the 1st of a month
  2027-03-02T05:00:00 # 14:00 JST on the 2nd of a month
  2027-03-31T14:30:00 # 23:30 JST on 31 March, the last evening of a fiscal year
  2027-03-31T15:30:00 # 00:30 JST on 1 April, while the UTC date is still 31 March
  2027-12-31T14:30:00 # 23:30 JST on New Year's Eve
  2028-02-29T03:00:00 # 12:00 JST on a leap day
)

PY=${PY:-.venv/bin/python}
moments=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; break ;;
    ????-??-??T??:??:??) moments+=("$1"); shift ;;
    *) echo "test-dates: '$1' is not a moment like 2027-03-01T05:00:00 (UTC)" >&2; exit 2 ;;
  esac
done
[ ${#moments[@]} -gt 0 ] || moments=("${MOMENTS[@]}")

if ! command -v faketime >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test-dates: installing faketime"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends faketime >/dev/null
  else
    echo "test-dates: faketime is missing; install it with \`sudo apt-get install faketime\` (Debian/Ubuntu)" >&2
    exit 1
  fi
fi
[ -x "$PY" ] || { echo "test-dates: $PY is missing; run \`make setup\` first" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
summary=()
failed=0
for moment in "${moments[@]}"; do
  when="${moment/T/ }"
  tokyo=$(TZ=Asia/Tokyo date -d "$when UTC" '+%Y-%m-%d %H:%M JST')
  label="$when UTC ($tokyo)"
  echo "=== test-dates: $label ==="
  started=$SECONDS
  status=0
  # An offset from the real clock rather than "@moment": processes the tests start see the same time, not a clock
  # that starts again at the moment.
  offset=$(($(date -u -d "$when UTC" +%s) - $(date -u +%s)))
  [ "$offset" -lt 0 ] || offset="+$offset"
  TZ=UTC faketime -f "${offset}s" "$PY" -m pytest --ignore=tests/browser -q -p no:cacheprovider --no-cov "$@" \
    2>&1 | tee "$log" || status=$?
  result=$(grep -E '^=*.*[0-9]+ (passed|failed|errors?|skipped)' "$log" | tail -n 1 | sed -E 's/^=+ //; s/ =+$//')
  summary+=("$label: ${result:-no result (exit $status)}, $((SECONDS - started))s")
  [ "$status" -eq 0 ] || failed=1
done

echo "=== test-dates: summary ==="
printf '%s\n' "${summary[@]}"
exit "$failed"
