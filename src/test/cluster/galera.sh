#!/usr/bin/env bash
# Three MariaDB Galera nodes on loopback, plus one plain MariaDB to compare with, for the cluster
# harness (README: "Cluster harness"). Needs Debian's galera-4 and mariadb-server packages:
#   apt-get install -y galera-4 mariadb-server rsync
# Usage: galera.sh start | stop | kill N | restart N | status
#   nodes n1..n3 listen on 127.0.0.1:13306..13308, the plain MariaDB on 13310;
#   each has the database listgate and the user listgate/listgate.
# GALERA_DIR (default /tmp/listgate-galera) holds their data directories and logs.
#
# SST ownership: a joining node receives the donor's files through an rsync daemon that its SST
# script starts; started as root, that daemon writes as "nobody" and the copy fails (rsync code 23,
# "mkdir ... Permission denied"). So every mariadbd runs as the mysql user, its directory owned by it
# (and GALERA_DIR must be reachable by that user: hence /tmp, not the checkout's target/).
set -euo pipefail

DIR=${GALERA_DIR:-/tmp/listgate-galera}
RUN_AS=${GALERA_USER:-$([ "$(id -u)" = 0 ] && echo mysql || id -un)}
PROVIDER=${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}
MARIADBD=${MARIADBD:-$(command -v mariadbd || echo /usr/sbin/mariadbd)}

# n1..n3 on 13306..13308; the plain MariaDB, "node 10", on 13310 as GaleraClusterCheck expects
port() { if [ "$1" = 10 ]; then echo 13310; else echo $((13305 + $1)); fi; }
gport() { echo $((14557 + 10 * $1)); }

config() {
    local n=$1 wsrep=$2
    mkdir -p "$DIR/n$n/data"
    cat > "$DIR/n$n.cnf" <<EOF
[mysqld]
datadir=$DIR/n$n/data
socket=$DIR/n$n/mysqld.sock
pid-file=$DIR/n$n/mysqld.pid
log-error=$DIR/n$n/error.log
port=$(port "$n")
bind-address=127.0.0.1
user=$RUN_AS
skip-name-resolve
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=64M
innodb_log_file_size=64M
local_infile=ON
max_allowed_packet=64M
max_connections=300
EOF
    if [ "$wsrep" = on ]; then
        cat >> "$DIR/n$n.cnf" <<EOF
wsrep_on=ON
wsrep_provider=$PROVIDER
wsrep_cluster_name=listgate-harness
wsrep_cluster_address=gcomm://127.0.0.1:$(gport 1),127.0.0.1:$(gport 2),127.0.0.1:$(gport 3)
wsrep_node_name=n$n
wsrep_node_address=127.0.0.1:$(gport "$n")
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$(gport "$n");ist.recv_addr=127.0.0.1:$(($(gport "$n") + 1));gcache.size=128M"
wsrep_sst_receive_address=127.0.0.1:$(($(gport "$n") + 2))
# rsync SST copies the donor's files as they are: every node's mariadbd runs as the same user
wsrep_sst_method=rsync
EOF
    fi
}

client() {
    local n=$1
    shift
    mariadb --no-defaults -S "$DIR/n$n/mysqld.sock" -uroot "$@"
}

await_ready() {
    local n=$1 wsrep=$2
    for _ in $(seq 1 240); do
        if [ "$wsrep" = off ]; then
            client "$n" -e 'SELECT 1' > /dev/null 2>&1 && return 0
        elif [ "$(client "$n" -N -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2)" = Synced ]; then
            return 0
        fi
        sleep 0.5
    done
    echo "node n$n did not become ready; see $DIR/n$n/error.log" >&2
    tail -20 "$DIR/n$n/error.log" >&2 || true
    return 1
}

launch() {
    local n=$1
    shift
    "$MARIADBD" --defaults-file="$DIR/n$n.cnf" "$@" > "$DIR/n$n/stdout.log" 2>&1 &
}

initialise() {
    local n=$1
    mariadb-install-db --no-defaults --datadir="$DIR/n$n/data" --user="$RUN_AS" \
        --auth-root-authentication-method=socket > "$DIR/n$n/install.log" 2>&1
}

create_user() {
    client "$1" -e "CREATE DATABASE IF NOT EXISTS listgate CHARACTER SET utf8mb4;
        CREATE USER IF NOT EXISTS 'listgate'@'%' IDENTIFIED BY 'listgate';
        GRANT ALL ON *.* TO 'listgate'@'%';"
}

start() {
    stop
    rm -rf "$DIR"
    mkdir -p "$DIR"
    for n in 1 2 3; do config "$n" on; done
    config 10 off
    if [ "$(id -u)" = 0 ]; then chown -R "$RUN_AS" "$DIR"; fi
    # the plain MariaDB, to compare with
    initialise 10
    launch 10
    # the first node bootstraps the cluster; the others join it and get its data by SST
    initialise 1
    launch 1 --wsrep-new-cluster
    await_ready 1 on
    create_user 1
    for n in 2 3; do
        launch "$n"
        await_ready "$n" on
    done
    await_ready 10 off
    create_user 10
    client 1 -N -e "SHOW STATUS LIKE 'wsrep_cluster_size'"
}

pid_of() {
    cat "$DIR/n$1/mysqld.pid" 2> /dev/null || true
}

stop() {
    for n in 1 2 3 10; do
        local pid
        pid=$(pid_of "$n")
        if [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; then
            kill -9 "$pid" || true
        fi
    done
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    kill) kill -9 "$(pid_of "$2")" ;;
    restart)
        launch "$2"
        await_ready "$2" on
        ;;
    status) for n in 1 2 3; do echo "n$n $(client "$n" -N -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2)"; done ;;
    *)
        echo "usage: $0 start | stop | kill N | restart N | status" >&2
        exit 2
        ;;
esac
