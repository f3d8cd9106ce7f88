#!/usr/bin/env bash
# Runs before `npm test` (the `pretest` script): the full suite needs PostgreSQL on
# 127.0.0.1:5432, Redis on 127.0.0.1:6379 and Debian's Chromium at /usr/bin/chromium. Starts (or
# installs and starts) whatever is missing, with the same functions CI uses (.ci/run), so the
# README's two commands — `npm install` then `npm test` — pass on a fresh machine. Where that is
# not possible (no root, no apt-get), it names exactly what is missing and how to get it, and
# fails before any test runs. `npm run test:unit` needs none of this.
#
# TRIALS_SKIP_SERVICE_CHECK=1 skips the check (for a runner that provides the services itself).
set -euo pipefail
[[ ${TRIALS_SKIP_SERVICE_CHECK:-} == 1 ]] && exit 0

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../.ci/run
source "$root/.ci/run"

missing=()
explain() {
  printf '\nnpm test needs services that are not running and could not be started here:\n' >&2
  for m in "${missing[@]}"; do printf '  - %s\n' "$m" >&2; done
  printf 'Start them, then run npm test again (npm run test:unit needs none of them).\n' >&2
  exit 1
}

can_root() { [[ $(id -u) -eq 0 ]] || sudo -n true 2>/dev/null; }

if ! (command -v pg_isready >/dev/null 2>&1 && pg_ready); then
  if can_root; then ensure_postgres >&2; else
    missing+=("PostgreSQL on 127.0.0.1:5432, user postgres without a password (Debian: sudo apt-get install postgresql; trust 127.0.0.1 in pg_hba.conf)")
  fi
fi
if ! (command -v redis-cli >/dev/null 2>&1 && redis_ready); then
  if can_root; then ensure_redis >&2; else
    missing+=("Redis 7 on 127.0.0.1:6379 (Debian: sudo apt-get install redis-server; macOS: brew install redis)")
  fi
fi
if [[ ! -x /usr/bin/chromium ]]; then
  if can_root && command -v apt-get >/dev/null 2>&1; then ensure_chromium >&2; else
    missing+=("Chromium at /usr/bin/chromium, for the sandbox's browser test (Debian: sudo apt-get install chromium)")
  fi
fi
[[ ${#missing[@]} -eq 0 ]] || explain
