#!/usr/bin/env bash
# Installs Debian's Neovim (0.7.2 on Debian 12) for the test that runs docs/other-editors.md's Neovim snippet
# against our server, when it is missing. Idempotent.
set -euo pipefail
if command -v nvim >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "setup: nvim is missing and we are not root; install Debian's neovim" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends neovim >/dev/null
