#!/usr/bin/env bash
# Debian packages the project needs: Chromium for the browser tests, Pango for WeasyPrint,
# fonts for PDFs. Installs only what is missing (needs root, as on CI).
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
ldconfig -p | grep -q libpangoft2-1.0 || needed+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -d /usr/share/fonts/truetype/dejavu ] || needed+=(fonts-dejavu-core)
command -v psql >/dev/null 2>&1 || needed+=(postgresql-client)
if [ ${#needed[@]} -gt 0 ]; then
  echo "Installation des paquets Debian : ${needed[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${needed[@]}" >/dev/null
fi
