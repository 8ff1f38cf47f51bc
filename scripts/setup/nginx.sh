#!/usr/bin/env bash
# Installs Debian's nginx (the judge for `nginx -t` and the live lab) and openssl (throwaway certificates for
# TLS tests) when they are missing. Idempotent.
set -euo pipefail
if [ -x /usr/sbin/nginx ] && command -v openssl >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "setup: nginx is missing and we are not root; install Debian's nginx" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
# The package's postinst starts a service; we only want the binary. policy-rc.d forbids the start; should a
# start happen anyway, only the nginx processes that appeared during the install are stopped, never one the
# user was already running.
before=" $( (pgrep -x nginx || true) | tr '\n' ' ')"
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
trap 'rm -f /usr/sbin/policy-rc.d' EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends nginx openssl >/dev/null
for pid in $(pgrep -x nginx || true); do
  case "$before" in *" $pid "*) ;; *) kill "$pid" 2>/dev/null || true ;; esac
done
