#!/usr/bin/env bash
# Installs (if needed) and starts Debian's PostgreSQL and MariaDB without systemd, creates the test
# user cdc/cdc (PostgreSQL: CREATEDB, and CREATEROLE for the least-privilege tests) with a database "cdc" on each, and prints the CDC_TEST_* variables that make the
# tests (io.cdcflow.testkit.TestDatabases) use these servers instead of embedded ones:
#
#   eval "$(bash .ci/setup-databases.sh)"      # or: bash .ci/setup-databases.sh vars.sh && . vars.sh
#
# Runs as root on Debian 12. Safe to rerun: installs, starts and creates only what is missing.
# Progress goes to stderr; stdout carries only the export lines.
set -euo pipefail

OUT_FILE="${1:-}"
TEST_USER=cdc
TEST_PASSWORD=cdc
TEST_DB=cdc

log() { echo "setup-databases: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "must run as root"
  exit 1
fi

wait_for_apt() {
  local waited=0
  while pgrep -x apt-get >/dev/null || pgrep -x apt >/dev/null || pgrep -x dpkg >/dev/null; do
    if [ "$waited" -eq 0 ]; then log "waiting for another apt-get/dpkg to finish"; fi
    if [ "$waited" -ge 900 ]; then log "apt still busy after ${waited}s"; exit 1; fi
    sleep 3
    waited=$((waited + 3))
  done
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

wait_for_apt
if ! installed postgresql || ! installed mariadb-server; then
  log "installing postgresql and mariadb-server"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql mariadb-server >&2
fi

# --- PostgreSQL -------------------------------------------------------------------------------
PG_VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if [ -z "$PG_VERSION" ]; then
  log "no PostgreSQL server found under /usr/lib/postgresql"
  exit 1
fi
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main"' | grep -q .; then
  log "creating PostgreSQL $PG_VERSION cluster main"
  pg_createcluster "$PG_VERSION" main >&2
fi
PG_PORT="$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" { print $3 }')"
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" { print $4 }' | grep -q online; then
  log "starting PostgreSQL $PG_VERSION on port $PG_PORT"
  pg_ctlcluster "$PG_VERSION" main start >&2
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || { log "PostgreSQL not ready on port $PG_PORT"; exit 1; }

psql_admin() { (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@"); }
psql_admin >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TEST_USER') THEN
    CREATE ROLE $TEST_USER LOGIN CREATEDB CREATEROLE PASSWORD '$TEST_PASSWORD';
  ELSE
    ALTER ROLE $TEST_USER LOGIN CREATEDB CREATEROLE PASSWORD '$TEST_PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $TEST_DB OWNER $TEST_USER'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$TEST_DB') \gexec
SQL

# --- MariaDB ----------------------------------------------------------------------------------
mariadb_up() { mariadb-admin --protocol=socket ping >/dev/null 2>&1; }
if ! mariadb_up; then
  log "starting MariaDB"
  if ! /etc/init.d/mariadb start >&2; then
    log "init script failed; starting mysqld_safe directly"
    install -d -o mysql -g mysql /run/mysqld
    (setsid mysqld_safe >/dev/null 2>&1 &)
  fi
  for _ in $(seq 1 60); do
    mariadb_up && break
    sleep 1
  done
fi
mariadb_up || { log "MariaDB did not start"; exit 1; }

# 'localhost' matches TCP connections from 127.0.0.1 when the server resolves names (Debian's
# default); '%' matches them when it runs with skip-name-resolve
mariadb --protocol=socket >&2 <<SQL
CREATE DATABASE IF NOT EXISTS \`$TEST_DB\` CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS '$TEST_USER'@'localhost' IDENTIFIED BY '$TEST_PASSWORD';
CREATE USER IF NOT EXISTS '$TEST_USER'@'%' IDENTIFIED BY '$TEST_PASSWORD';
ALTER USER '$TEST_USER'@'localhost' IDENTIFIED BY '$TEST_PASSWORD';
ALTER USER '$TEST_USER'@'%' IDENTIFIED BY '$TEST_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$TEST_USER'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$TEST_USER'@'%' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
MARIADB_PORT="$(mariadb --protocol=socket -N -B -e 'SELECT @@port')"

log "PostgreSQL $PG_VERSION on 127.0.0.1:$PG_PORT, MariaDB on 127.0.0.1:$MARIADB_PORT, user $TEST_USER"
VARS="export CDC_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$TEST_DB
export CDC_TEST_PG_USER=$TEST_USER
export CDC_TEST_PG_PASSWORD=$TEST_PASSWORD
export CDC_TEST_MARIADB_URL=jdbc:mysql://127.0.0.1:$MARIADB_PORT/$TEST_DB
export CDC_TEST_MARIADB_USER=$TEST_USER
export CDC_TEST_MARIADB_PASSWORD=$TEST_PASSWORD"
if [ -n "$OUT_FILE" ]; then
  printf '%s\n' "$VARS" > "$OUT_FILE"
  log "wrote $OUT_FILE"
else
  printf '%s\n' "$VARS"
fi
