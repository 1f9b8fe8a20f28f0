#!/usr/bin/env bash
# Fails when a Japanese text in the code or templates has no English yet (new, fuzzy or untranslated entries).
# Runs makemessages on a copy of the English catalogue, so the working tree is left as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
po=locale/en/LC_MESSAGES/django.po
backup=$(mktemp)
cp "$po" "$backup"
trap 'cp "$backup" "$po"; rm -f "$backup"' EXIT
"$PY" manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --no-location -v0
stats=$(msgfmt --statistics -o /dev/null "$po" 2>&1)
if echo "$stats" | grep -qE "untranslated|fuzzy"; then
  echo "translations: English is missing for some texts ($stats)." >&2
  echo "Run: $PY manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --no-location" >&2
  echo "then fill the empty or fuzzy msgstr entries in $po (see the README, Translations)." >&2
  msgattrib --untranslated --only-fuzzy "$po" 2>/dev/null | grep -E '^msgid' | head -20 >&2 || true
  msgattrib --untranslated "$po" 2>/dev/null | grep -E '^msgid' | head -20 >&2 || true
  exit 1
fi
echo "translations: complete ($stats)"
