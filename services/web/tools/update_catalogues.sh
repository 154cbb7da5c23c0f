#!/usr/bin/env bash
# Extract the `web` domain's messages from code and templates and merge them into every language's
# catalogue (new messages arrive untranslated; tools/fill_po.py or an editor fills them).
set -euo pipefail
cd "$(dirname "$0")/.."
BABEL=../../.venv/bin/pybabel
DOMAIN=${DOMAIN:-web}
CFG=${CFG:-babel.cfg}
POT=$(mktemp --suffix=.pot)
trap 'rm -f "$POT"' EXIT
$BABEL extract -F "$CFG" --no-location --sort-output -k _ -k gettext -k ngettext:1,2 -o "$POT" . >/dev/null 2>&1
for lang in ja; do
  po=src/daikou_web/locale/$lang/LC_MESSAGES/$DOMAIN.po
  if [ -f "$po" ]; then
    $BABEL update --no-fuzzy-matching --ignore-obsolete --omit-header -i "$POT" -D "$DOMAIN" -l "$lang" -d src/daikou_web/locale >/dev/null 2>&1
  else
    $BABEL init -i "$POT" -D "$DOMAIN" -l "$lang" -d src/daikou_web/locale >/dev/null 2>&1
  fi
  grep -c '^msgid' "$po" | xargs echo "$po: messages"
done
