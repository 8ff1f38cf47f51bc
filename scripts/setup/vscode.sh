#!/usr/bin/env bash
# Installs what the in-editor tests and `npm start` need: Debian's chromium and ripgrep, and
# code-server (a real VS Code served to a browser) under .cache/code-server. Idempotent: a marker
# written last marks a complete install, so a second run returns at once.
#
# code-server's own postinstall cannot run here (a dependency downloads a binary from a code host),
# so its steps are done by hand below, with Debian's ripgrep standing in for the downloaded one.
set -euo pipefail
cd "$(dirname "$0")/../.."

CS_VERSION=4.100.3 # newest release whose engines.node is 20
DIR="$PWD/.cache/code-server"
MARKER="$DIR/.complete-$CS_VERSION"

if [ -f "$MARKER" ] && [ -x /usr/bin/chromium ] && command -v rg >/dev/null 2>&1; then exit 0; fi

# Two test runs at once must not install into the same folder together: the second waits.
mkdir -p .cache
exec 9>.cache/vscode-setup.lock
flock 9

started=$(date +%s)
log() { echo "setup/vscode: $*"; }

need_debs=()
for pkg in libkrb5-dev ripgrep chromium; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need_debs+=("$pkg")
done
if [ ${#need_debs[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then log "missing Debian packages (${need_debs[*]}) and not root" >&2; exit 1; fi
  log "installing Debian packages: ${need_debs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Other setup scripts may hold the dpkg lock; wait for it rather than fail.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need_debs[@]}" >/dev/null
fi

if [ ! -f "$MARKER" ]; then
  log "installing code-server@$CS_VERSION into .cache/code-server"
  rm -rf "$DIR"
  mkdir -p "$DIR"
  # A package.json of its own keeps npm from walking up into the project's manifest.
  printf '{ "name": "nginx-ws-code-server", "private": true }\n' > "$DIR/package.json"
  export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
  (cd "$DIR" && npm install --ignore-scripts --no-save "code-server@$CS_VERSION" >/dev/null)

  VS="$DIR/node_modules/code-server/lib/vscode"
  (
    cd "$VS"
    npm install --omit=dev --ignore-scripts >/dev/null
    # @vscode/ripgrep's install script skips its download when bin/ exists.
    mkdir -p node_modules/@vscode/ripgrep/bin
    cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    # npm_config_yes lets node-pty's build script run `npx node-gyp` without asking.
    npm_config_yes=true npm rebuild >/dev/null
    ln -sfn node_modules node_modules.asar
    (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
    (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
    (cd extensions && npm install --omit=dev >/dev/null)
  )
  (cd "$DIR" && npm_config_yes=true npm rebuild argon2 >/dev/null)
  "$DIR/node_modules/.bin/code-server" --version >/dev/null
  touch "$MARKER"
fi
log "ready in $(( $(date +%s) - started ))s"
