#!/bin/sh
# SongMay: makes this host the read replica of the primary (docs/deploy.md, "PostgreSQL").
# Run as root on the replica host, with PostgreSQL 15 installed and its cluster stopped:
#   PRIMARY=10.0.0.21 sh make-replica.sh
# The primary needs primary.conf's settings, the replicator role and its pg_hba.conf line:
#   CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '…';   (the password in ~postgres/.pgpass here)
set -eu
: "${PRIMARY:?the primary's address}"
version="${PG_VERSION:-15}"
data="/var/lib/postgresql/$version/main"
slot="${SLOT:-songmay_replica}"
systemctl stop "postgresql@$version-main"
# the empty cluster Debian made is replaced by a copy of the primary
rm -rf "$data"
runuser -u postgres -- pg_basebackup --host="$PRIMARY" --username=replicator --pgdata="$data" \
  --wal-method=stream --write-recovery-conf --create-slot --slot="$slot" --checkpoint=fast --progress
install -m 0644 "$(dirname "$0")/replica.conf" "/etc/postgresql/$version/main/conf.d/songmay.conf"
systemctl start "postgresql@$version-main"
runuser -u postgres -- psql -X -A -t -c "SELECT 'replica: in recovery ' || pg_is_in_recovery()"
