#!/usr/bin/env bash
# Local infrastructure for integration tests and local runs — no Docker needed.
#
#   bash scripts/infra/infra.sh up [kafka|mongo|postgres|redis]  start (idempotent), wait until ready
#   bash scripts/infra/infra.sh down [--wipe]                 stop (SIGTERM, then SIGKILL); --wipe also deletes .infra/
#   bash scripts/infra/infra.sh reset                         same as: down --wipe
#   bash scripts/infra/infra.sh status                        one line per component; exit 3 if something is not running
#   bash scripts/infra/infra.sh env                           print KAFKA_BROKERS / MONGO_URL export lines
#   bash scripts/infra/infra.sh logs [kafka|mongo|postgres|redis]  tail the server logs
#   bash scripts/infra/infra.sh fetch                         download/build and verify the toolchains, start nothing
#
# Components:
#   kafka     Apache Kafka 3.9.x, single-node KRaft (broker+controller), 127.0.0.1:$KAFKA_PORT (9092),
#             controller listener 127.0.0.1:$KAFKA_CONTROLLER_PORT (9093). Jars come from Maven Central via `mvn`.
#   mongo     FerretDB v1.x (MongoDB wire protocol), 127.0.0.1:$MONGO_PORT (27017), built from source with `go`.
#             Backend ($FERRETDB_BACKEND): postgresql (default) or sqlite (opt-in fallback, no PostgreSQL needed).
#   postgres  PostgreSQL cluster of this checkout (Debian's postgresql-NN binaries), 127.0.0.1:$POSTGRES_PORT
#             (5433), database `ferretdb`; only started for FERRETDB_BACKEND=postgresql (`up mongo` starts it too).
#   redis     Redis $REDIS_UPSTREAM_VERSION (Debian's redis-server, installed with apt-get where missing), 127.0.0.1:$REDIS_PORT
#             (6380, not 6379, so a system Redis cannot clash), no persistence: the gateways' shared rate-limit counters.
#
# Artifacts are cached in ${XDG_CACHE_HOME:-$HOME/.cache}/followup-infra/; runtime data, logs
# and pid files live in <repo>/.infra/. See scripts/infra/README.md for all env overrides.
set -euo pipefail

# ----------------------------------------------------------------------------- settings
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

KAFKA_VERSION="${INFRA_KAFKA_VERSION:-3.9.1}"
KAFKA_SCALA_VERSION="2.13"
SLF4J_VERSION="1.7.36"          # the slf4j line Kafka 3.9 is built against
RELOAD4J_VERSION="1.2.25"       # log4j 1.x drop-in Kafka 3.9 uses
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
FERRETDB_VERSION="${INFRA_FERRETDB_VERSION:-v1.24.2}"
FERRETDB_MODULE="github.com/FerretDB/FerretDB"
# go.sum-style hash of the module's source, so the build needs no trust in the checksum database either
FERRETDB_MODULE_SUM="${INFRA_FERRETDB_MODULE_SUM:-h1:trrUU0LbmusMbyubhPS1IELncvrIwKrsRT2LW1UUWCw=}"
# name and sha256 of every jar of the broker's classpath (sha256sum format); mvn's result must match it exactly
KAFKA_JARS_SHA256="$SCRIPT_DIR/kafka-jars.sha256"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
MONGO_PORT="${MONGO_PORT:-27017}"
POSTGRES_PORT="${POSTGRES_PORT:-5433}"   # not 5432, so a system PostgreSQL cannot clash
REDIS_PORT="${REDIS_PORT:-6380}"         # not 6379, so a system Redis cannot clash
REDIS_UPSTREAM_VERSION="7.0.15"          # Debian 12's redis-server; `up` refuses another version
FERRETDB_BACKEND="${FERRETDB_BACKEND:-postgresql}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
MONGO_START_TIMEOUT="${MONGO_START_TIMEOUT:-60}"
POSTGRES_START_TIMEOUT="${POSTGRES_START_TIMEOUT:-60}"
POSTGRES_DB="ferretdb"
POSTGRES_SUPERUSER="postgres"                    # role created by initdb -U
POSTGRES_OS_USER="${POSTGRES_OS_USER:-postgres}" # OS user that runs the cluster when infra.sh runs as root
STOP_TIMEOUT="${INFRA_STOP_TIMEOUT:-30}"

# Kafka authentication: SASL/SCRAM on the client listener, one principal per service plus the admin (tools,
# topic and ACL provisioning; a super user). The passwords are the development defaults of
# libs/messaging/src/kafka-options.ts (developmentKafkaPassword); services accept them only where the
# development JWT secret is accepted. Changing mechanism, users or passwords changes the generation,
# and the next `up` re-formats the (throw-away) data directory.
KAFKA_SCRAM_MECHANISM="SCRAM-SHA-512"
KAFKA_ADMIN_USER="followup-admin"
KAFKA_PRINCIPALS=(followup-admin followup-gateway followup-recommender followup-compliance followup-delivery followup-audit)
kafka_dev_password() { printf '%s-development-password' "$1"; }
KAFKA_CONFIG_GENERATION="sasl-scram-acl-1"

CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/followup-infra"
KAFKA_CACHE="$CACHE_DIR/kafka-$KAFKA_SCALA_VERSION-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_CACHE/libs"
KAFKA_MARKER="$KAFKA_CACHE/.complete"
FERRETDB_CACHE="$CACHE_DIR/ferretdb-$FERRETDB_VERSION"
FERRETDB_BIN="$FERRETDB_CACHE/bin/ferretdb"
FERRETDB_MARKER="$FERRETDB_CACHE/.complete"

INFRA_DIR="$REPO_ROOT/.infra"
RUN_DIR="$INFRA_DIR/run"
LOG_DIR="$INFRA_DIR/logs"
KAFKA_DIR="$INFRA_DIR/kafka"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_PID="$RUN_DIR/kafka.pid"
KAFKA_LOG="$LOG_DIR/kafka.log"          # broker log (log4j)
KAFKA_OUT="$LOG_DIR/kafka.out"          # JVM stdout/stderr
FERRETDB_DIR="$INFRA_DIR/ferretdb"
FERRETDB_DATA="$FERRETDB_DIR/data"
FERRETDB_PID="$RUN_DIR/ferretdb.pid"
FERRETDB_LOG="$LOG_DIR/ferretdb.log"
PG_DIR="$INFRA_DIR/postgres"
PG_DATA="$PG_DIR/data"
PG_SOCKET_DIR="$PG_DIR/run"
PG_LOG="$LOG_DIR/postgres.log"
PG_BINDIR=""   # resolved lazily by find_pg_bindir
REDIS_DIR="$INFRA_DIR/redis"
REDIS_PID="$RUN_DIR/redis.pid"
REDIS_LOG="$LOG_DIR/redis.log"

# ----------------------------------------------------------------------------- helpers
log() { printf '[infra] %s\n' "$*"; }
warn() { printf '[infra] WARNING: %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

have() { command -v "$1" >/dev/null 2>&1; }

# need TOOL "what it is needed for"
need() {
  have "$1" || die "'$1' is not installed or not on PATH — it is needed $2."
}

now() { date +%s; }

# Prints the tail of a log file to stderr (used on failures).
show_tail() {
  local file="$1" n="${2:-40}"
  if [[ -s "$file" ]]; then
    printf '[infra] ---- last %s lines of %s ----\n' "$n" "$file" >&2
    tail -n "$n" "$file" >&2 || true
    printf '[infra] ---- end of %s ----\n' "$file" >&2
  else
    printf '[infra] (log file %s is empty or missing)\n' "$file" >&2
  fi
}

port_open() { # port_open PORT  (127.0.0.1)
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" >/dev/null 2>&1
}

# Command line of a pid ('' if it does not exist).
proc_cmdline() {
  local pid="$1"
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true
  else
    ps -p "$pid" -o args= 2>/dev/null || true
  fi
}

# running PID — alive and not a zombie. Orphaned servers are reparented to PID 1, which (in some
# containers) reaps them only every few seconds; a zombie has released everything already.
running() {
  kill -0 "$1" 2>/dev/null || return 1
  if [[ -r "/proc/$1/stat" ]]; then
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }"
    [[ "${stat:0:1}" != Z ]] || return 1
  fi
  return 0
}

# pid_alive PIDFILE PATTERN -> prints pid and returns 0 if the process in PIDFILE is alive
# and its command line contains PATTERN (guards against pid reuse).
pid_alive() {
  local pidfile="$1" pattern="$2" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(proc_cmdline "$pid")" == *"$pattern"* ]] || return 1
  printf '%s' "$pid"
}

kafka_pid() { pid_alive "$KAFKA_PID" "kafka.Kafka"; }
ferretdb_pid() { pid_alive "$FERRETDB_PID" "$FERRETDB_BIN"; }

# Readiness: a real protocol round-trip via the node probes (Kafka ApiVersions+Metadata,
# Mongo OP_MSG ping); without node, fall back to open port (+ "Kafka Server started" log line).
# The node probe, authenticated as the admin principal whatever KAFKA_SASL_* the caller's shell holds.
kafka_probe() {
  KAFKA_SASL_MECHANISM="${KAFKA_SCRAM_MECHANISM,,}" KAFKA_SASL_USERNAME="$KAFKA_ADMIN_USER" \
    KAFKA_SASL_PASSWORD="$(kafka_dev_password "$KAFKA_ADMIN_USER")" \
    node "$SCRIPT_DIR/wait-kafka.mjs" "127.0.0.1:$KAFKA_PORT" "$@"
}

kafka_ready() {
  if have node; then
    kafka_probe --quiet
  else
    port_open "$KAFKA_PORT" && grep -q "Kafka Server started" "$KAFKA_LOG" 2>/dev/null
  fi
}

mongo_ready() {
  if have node; then
    node "$SCRIPT_DIR/wait-mongo.mjs" "127.0.0.1:$MONGO_PORT" --quiet
  else
    port_open "$MONGO_PORT"
  fi
}

# Lock so concurrent `up`/`down` calls (e.g. parallel test workers) don't race.
# fd 9 is closed for the long-running servers so they don't hold the lock.
lock_infra() {
  mkdir -p "$INFRA_DIR"
  [[ -f "$INFRA_DIR/.gitignore" ]] || printf '# created by scripts/infra/infra.sh — runtime data, never commit\n*\n' >"$INFRA_DIR/.gitignore"
  if have flock; then
    exec 9>"$INFRA_DIR/.lock"
    flock -w 600 9 || die "could not acquire $INFRA_DIR/.lock (another infra.sh is running?)"
  fi
}

lock_cache() {
  mkdir -p "$CACHE_DIR"
  if have flock; then
    exec 8>"$CACHE_DIR/.lock"
    flock -w 1200 8 || die "could not acquire $CACHE_DIR/.lock (another infra.sh is downloading/building?)"
  fi
}

unlock_cache() {
  if have flock; then exec 8>&-; fi
}

# wait_ready NAME PIDFUNC READYFUNC TIMEOUT LOGFILE [EXTRA_LOG]
wait_ready() {
  local name="$1" pidfn="$2" readyfn="$3" timeout_s="$4" logfile="$5" extralog="${6:-}"
  local start deadline
  start="$(now)"
  deadline=$((start + timeout_s))
  while :; do
    if ! still_alive "$pidfn"; then
      [[ -n "$extralog" ]] && show_tail "$extralog" 20
      show_tail "$logfile"
      die "$name exited during startup (see $logfile${extralog:+ and $extralog})."
    fi
    if "$readyfn"; then
      return 0
    fi
    if (($(now) >= deadline)); then
      [[ -n "$extralog" ]] && show_tail "$extralog" 20
      show_tail "$logfile"
      return 1
    fi
    sleep 0.5
  done
}

# still_alive PIDFUNC — PIDFUNC holds, now or on one of two looks 0.3 s apart. A process caught in exec
# shows an empty command line for a moment (the kernel has swapped in the new memory map but not yet
# written its arguments), so one failed look at a server just launched is not proof that it exited.
# The CI run of 2026-12-02 stopped so: "FerretDB exited during startup" with nothing in its log.
still_alive() {
  local pidfn="$1" look
  for look in 1 2 3; do
    "$pidfn" >/dev/null && return 0
    ((look < 3)) && sleep 0.3
  done
  return 1
}

# start_detached PIDFILE OUTFILE CMD... — runs CMD in its own session, surviving this script.
start_detached() {
  local pidfile="$1" outfile="$2"
  shift 2
  rm -f "$pidfile"
  # The inner shell writes its own pid, closes every descriptor it inherited beyond stdio, then execs the
  # server (same pid). A lock the caller holds must not live on in a server: `flock <lock> infra.sh up` would
  # otherwise keep <lock> taken for as long as the server runs.
  # shellcheck disable=SC2016  # $$ / $0 / $@ must expand in the inner shell
  nohup setsid bash -c 'echo $$ >"$0"
    for fd in /proc/self/fd/*; do fd=${fd##*/}; if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null; fi; done
    exec "$@"' "$pidfile" "$@" \
    </dev/null >>"$outfile" 2>&1 8>&- 9>&- &
  local i
  for i in $(seq 1 50); do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.1
  done
  die "failed to launch: $*"
}

# stop_process NAME PIDFILE PATTERN
stop_process() {
  local name="$1" pidfile="$2" pattern="$3" pid i
  if ! pid="$(pid_alive "$pidfile" "$pattern")"; then
    [[ -f "$pidfile" ]] && log "$name: not running (removing stale pid file)"
    [[ -f "$pidfile" ]] || log "$name: not running"
    rm -f "$pidfile"
    return 0
  fi
  log "$name: stopping pid $pid (SIGTERM)…"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    running "$pid" || break
    sleep 0.1
  done
  if running "$pid"; then
    warn "$name did not exit within ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$pidfile"
  log "$name: stopped"
}

# ----------------------------------------------------------------------------- kafka
# verify_kafka_jars DIR — the jars in DIR are exactly those kafka-jars.sha256 lists, byte for byte.
verify_kafka_jars() {
  local dir="$1" expected actual
  expected="$(awk '{print $2}' "$KAFKA_JARS_SHA256" | sort)"
  actual="$(cd "$dir" && find . -maxdepth 1 -name '*.jar' -printf '%f\n' | sort)"
  if [[ "$expected" != "$actual" ]]; then
    diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") \
      | sed -n 's/^< \(.*\)/[infra]   listed but missing: \1/p; s/^> \(.*\)/[infra]   not listed: \1/p' >&2
    return 1
  fi
  (cd "$dir" && sha256sum --check --quiet --strict "$KAFKA_JARS_SHA256" | sed 's/^/[infra]   /' >&2; exit "${PIPESTATUS[0]}")
}

fetch_kafka() {
  # The marker names the checksum list the cached jars were verified against; another list means re-verify.
  local verified
  verified="verified against kafka-jars.sha256 $(sha256sum <"$KAFKA_JARS_SHA256" | cut -d' ' -f1)"
  [[ "$(cat "$KAFKA_MARKER" 2>/dev/null)" == "$verified" ]] && return 0
  lock_cache
  if [[ "$(cat "$KAFKA_MARKER" 2>/dev/null)" == "$verified" ]]; then unlock_cache; return 0; fi
  if [[ -d "$KAFKA_LIBS" ]] && verify_kafka_jars "$KAFKA_LIBS" 2>/dev/null; then
    printf '%s\n' "$verified" >"$KAFKA_MARKER"
    log "Kafka jars in $KAFKA_LIBS match $KAFKA_JARS_SHA256"
    unlock_cache
    return 0
  fi
  need mvn "to download the Kafka $KAFKA_VERSION broker jars from Maven Central (first run only; cached in $KAFKA_CACHE afterwards)"
  log "fetching Kafka $KAFKA_VERSION broker jars with mvn (first run only)…"
  mkdir -p "$KAFKA_CACHE"
  cat >"$KAFKA_CACHE/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by scripts/infra/infra.sh: only used to resolve the Kafka broker classpath -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.followup-infra</groupId>
  <artifactId>kafka-broker-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_$KAFKA_SCALA_VERSION</artifactId>
      <version>$KAFKA_VERSION</version>
    </dependency>
    <!-- logging backend: Kafka 3.9 logs via slf4j -> reload4j (log4j 1.x API) -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-reload4j</artifactId>
      <version>$SLF4J_VERSION</version>
    </dependency>
    <dependency>
      <groupId>ch.qos.reload4j</groupId>
      <artifactId>reload4j</artifactId>
      <version>$RELOAD4J_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
  local tmp="$KAFKA_CACHE/libs.tmp" mvnlog="$KAFKA_CACHE/mvn.log" t0
  t0="$(now)"
  rm -rf "$tmp"
  # --strict-checksums: a download whose checksum does not match the repository's fails the build
  if ! (cd "$KAFKA_CACHE" && mvn -B -q --strict-checksums -f pom.xml "$DEPENDENCY_PLUGIN:copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="$tmp") >"$mvnlog" 2>&1; then
    show_tail "$mvnlog" 60
    die "mvn could not fetch the Kafka jars (full log: $mvnlog)"
  fi
  verify_kafka_jars "$tmp" \
    || die "the jars mvn resolved in $tmp are not the ones $KAFKA_JARS_SHA256 lists (above). If the change is intended, regenerate the list: (cd $tmp && sha256sum *.jar) >$KAFKA_JARS_SHA256"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  printf '%s\n' "$verified" >"$KAFKA_MARKER"
  log "Kafka jars cached in $KAFKA_LIBS ($(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars, all matching $KAFKA_JARS_SHA256, $(($(now) - t0))s)"
  unlock_cache
}

write_kafka_config() {
  mkdir -p "$KAFKA_DATA" "$LOG_DIR"
  cat >"$KAFKA_DIR/server.properties" <<EOF
# generated by scripts/infra/infra.sh on every 'up' — edit the script, not this file
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
# Clients authenticate with SASL/SCRAM; the controller listener stays PLAINTEXT on loopback, and its
# (ANONYMOUS) principal is a super user because the broker registers with the controller through it.
listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT
inter.broker.listener.name=SASL_PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
sasl.enabled.mechanisms=$KAFKA_SCRAM_MECHANISM
sasl.mechanism.inter.broker.protocol=$KAFKA_SCRAM_MECHANISM
listener.name.sasl_plaintext.${KAFKA_SCRAM_MECHANISM,,}.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_ADMIN_USER" password="$(kafka_dev_password "$KAFKA_ADMIN_USER")";
# Nothing is allowed without an ACL; the ACLs come from the topic catalog (libs/messaging bus-acls.ts).
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:$KAFKA_ADMIN_USER;User:ANONYMOUS
log.dirs=$KAFKA_DATA
num.partitions=3
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
default.replication.factor=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=104857600
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
EOF
  # Broker log4j config: everything into one size-capped file.
  cat >"$KAFKA_DIR/log4j.properties" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$KAFKA_LOG
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.clients=WARN
EOF
  # Tools (StorageTool) log config: quiet, to a separate file.
  cat >"$KAFKA_DIR/log4j-tools.properties" <<EOF
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$LOG_DIR/kafka-tools.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
}

kafka_tool() { # kafka_tool MAINCLASS ARGS...
  java -Xmx256m -XX:TieredStopAtLevel=1 -XX:-UsePerfData \
    -Dlog4j.configuration="file:$KAFKA_DIR/log4j-tools.properties" \
    -cp "$KAFKA_LIBS/*" "$@"
}

# The generation this checkout's broker data and running broker were made with (see KAFKA_CONFIG_GENERATION).
kafka_generation() {
  printf '%s %s %s' "$KAFKA_CONFIG_GENERATION" "$KAFKA_SCRAM_MECHANISM" "${KAFKA_PRINCIPALS[*]}"
}

format_kafka_storage() {
  local marker="$KAFKA_DIR/generation"
  if [[ -f "$KAFKA_DATA/meta.properties" ]]; then
    [[ "$(cat "$marker" 2>/dev/null)" == "$(kafka_generation)" ]] && return 0
    log "kafka: $KAFKA_DATA was formatted by an earlier configuration (before SASL/SCRAM and ACLs, or with other users);"
    log "kafka: re-formatting it with the SCRAM users: its topics, consumer offsets and ACLs are dropped"
    rm -rf "$KAFKA_DATA"
    mkdir -p "$KAFKA_DATA"
  fi
  local id_file="$KAFKA_DIR/cluster-id" cluster_id user
  if [[ -s "$id_file" ]]; then
    cluster_id="$(cat "$id_file")"
  else
    cluster_id="$(kafka_tool kafka.tools.StorageTool random-uuid | tail -n 1 | tr -d '[:space:]')"
    [[ -n "$cluster_id" ]] || die "kafka StorageTool random-uuid returned nothing"
    printf '%s\n' "$cluster_id" >"$id_file"
  fi
  local -a scram=()
  for user in "${KAFKA_PRINCIPALS[@]}"; do
    scram+=(--add-scram "$KAFKA_SCRAM_MECHANISM=[name=$user,password=$(kafka_dev_password "$user")]")
  done
  log "formatting Kafka KRaft storage (cluster id $cluster_id, ${#KAFKA_PRINCIPALS[@]} SCRAM users)…"
  if ! kafka_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" "${scram[@]}" \
    >"$LOG_DIR/kafka-format.log" 2>&1; then
    show_tail "$LOG_DIR/kafka-format.log"
    die "formatting Kafka storage in $KAFKA_DATA failed"
  fi
  kafka_generation >"$marker"
}

up_kafka() {
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    log "kafka: KAFKA_BROKERS=$KAFKA_BROKERS is set — using it, not starting a local broker"
    return 0
  fi
  local pid t0 running_port
  if pid="$(kafka_pid)"; then
    running_port="$(cat "$RUN_DIR/kafka.port" 2>/dev/null || true)"
    if [[ -n "$running_port" && "$running_port" != "$KAFKA_PORT" ]]; then
      die "kafka: already running (pid $pid) on port $running_port, but KAFKA_PORT=$KAFKA_PORT was requested; run 'infra.sh down' first."
    fi
    if [[ "$(cat "$RUN_DIR/kafka.generation" 2>/dev/null)" != "$(kafka_generation)" ]]; then
      die "kafka: running (pid $pid) with an earlier configuration (without SASL/SCRAM and ACLs, or other users); run 'infra.sh down' then 'up' to restart it with the current one (its data is re-formatted)."
    fi
    if wait_ready "Kafka" kafka_pid kafka_ready "$KAFKA_START_TIMEOUT" "$KAFKA_LOG" "$KAFKA_OUT"; then
      log "kafka: already running (pid $pid) on 127.0.0.1:$KAFKA_PORT"
      return 0
    fi
    die "kafka: pid $pid is running but 127.0.0.1:$KAFKA_PORT does not answer; try 'infra.sh down' then 'up'."
  fi
  if port_open "$KAFKA_PORT"; then
    die "port 127.0.0.1:$KAFKA_PORT is already in use by a process not managed by this script. Stop it, set KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT to use it, or set KAFKA_PORT to another port."
  fi
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    die "Kafka controller port 127.0.0.1:$KAFKA_CONTROLLER_PORT is already in use; set KAFKA_CONTROLLER_PORT to a free port."
  fi
  need java "to run the Kafka broker (Java 11+; 17 recommended)"
  fetch_kafka
  write_kafka_config
  format_kafka_storage

  log "kafka: starting Kafka $KAFKA_VERSION (KRaft) on 127.0.0.1:$KAFKA_PORT…"
  t0="$(now)"
  mkdir -p "$RUN_DIR"
  printf '\n===== %s infra.sh up =====\n' "$(date -u +%FT%TZ)" >>"$KAFKA_OUT"
  printf '%s\n' "$KAFKA_PORT" >"$RUN_DIR/kafka.port"
  kafka_generation >"$RUN_DIR/kafka.generation"
  # C1 only (-XX:TieredStopAtLevel=1): on a two-core machine the C2 compiler took 15 of the broker's 35 CPU seconds in
  # a bench:api run from a fresh start, and 42 of 96 over eleven minutes, competing with the services it serves; the
  # C1 broker used 18 s for the same run (docs/PROOF.md). KAFKA_JVM_OPTS=-XX:TieredStopAtLevel=4 brings C2 back.
  # shellcheck disable=SC2086  # KAFKA_HEAP_OPTS / KAFKA_JVM_OPTS are intentionally word-split
  start_detached "$KAFKA_PID" "$KAFKA_OUT" \
    java $KAFKA_HEAP_OPTS \
    -XX:TieredStopAtLevel=1 \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData \
    -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" \
    -Dkafka.logs.dir="$LOG_DIR" \
    ${KAFKA_JVM_OPTS:-} \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties"

  if ! wait_ready "Kafka" kafka_pid kafka_ready "$KAFKA_START_TIMEOUT" "$KAFKA_LOG" "$KAFKA_OUT"; then
    stop_process kafka "$KAFKA_PID" "kafka.Kafka" >/dev/null
    die "Kafka did not become ready on 127.0.0.1:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s (stopped it again; logs: $KAFKA_LOG, $KAFKA_OUT; raise KAFKA_START_TIMEOUT if the machine is just slow)."
  fi
  if have node; then
    # Create __consumer_offsets / __transaction_state now rather than on the first test's request.
    kafka_probe --warm --timeout 60 --quiet \
      || warn "Kafka is up but the group/transaction coordinators are not ready yet (clients will retry)"
  fi
  log "kafka: ready on 127.0.0.1:$KAFKA_PORT (pid $(kafka_pid), $(($(now) - t0))s)"
}

# ----------------------------------------------------------------------------- postgres
# FerretDB's PostgreSQL backend needs a PostgreSQL server. This checkout gets a cluster of its own
# (.infra/postgres/data, 127.0.0.1:$POSTGRES_PORT only, trust auth), started with Debian's
# postgresql-NN server binaries — the system cluster (if any, usually on 5432) is never touched.

pg_bindir_ok() { [[ -n "$1" && -x "$1/postgres" && -x "$1/initdb" && -x "$1/pg_ctl" ]]; }

# Sets PG_BINDIR: $POSTGRES_BINDIR if set, else the newest /usr/lib/postgresql/<N>/bin (Debian/Ubuntu
# layout; pg_config may come from libpq-dev alone, so it is only the next candidate), else
# `pg_config --bindir`, else the directory of `initdb` on PATH. Returns 1 if nothing usable is found.
find_pg_bindir() {
  [[ -n "$PG_BINDIR" ]] && return 0
  local c
  local -a cands=()
  if [[ -n "${POSTGRES_BINDIR:-}" ]]; then
    pg_bindir_ok "$POSTGRES_BINDIR" || return 1
    PG_BINDIR="$POSTGRES_BINDIR"
    return 0
  fi
  for c in /usr/lib/postgresql/*/bin; do [[ -d "$c" ]] && cands+=("$c"); done
  if ((${#cands[@]} > 1)); then
    mapfile -t cands < <(printf '%s\n' "${cands[@]}" | sort -V -r)
  fi
  if have pg_config; then cands+=("$(pg_config --bindir 2>/dev/null || true)"); fi
  if have initdb; then cands+=("$(dirname "$(readlink -f "$(command -v initdb)")")"); fi
  for c in "${cands[@]}"; do
    if pg_bindir_ok "$c"; then
      PG_BINDIR="$c"
      return 0
    fi
  done
  return 1
}

need_pg_bindir() {
  find_pg_bindir && return 0
  if [[ -n "${POSTGRES_BINDIR:-}" ]]; then
    die "POSTGRES_BINDIR=$POSTGRES_BINDIR does not contain the PostgreSQL server binaries (postgres, initdb, pg_ctl)."
  fi
  die "PostgreSQL server binaries (postgres, initdb, pg_ctl) not found (looked in /usr/lib/postgresql/*/bin, \`pg_config --bindir\`, PATH).
  FerretDB's default backend needs them. Install them with:   apt-get install postgresql
  (this script runs its own cluster on 127.0.0.1:$POSTGRES_PORT; the distribution's cluster is not used),
  or point POSTGRES_BINDIR at another installation's bin/, or use the slower SQLite backend:
    FERRETDB_BACKEND=sqlite bash scripts/infra/infra.sh up"
}

pg_version() { # e.g. "15.18"
  find_pg_bindir || return 0
  "$PG_BINDIR/postgres" --version 2>/dev/null | awk '{print $3}'
}

# as_pg CMD ARGS... — runs a PostgreSQL tool as the cluster owner: initdb/pg_ctl/postgres refuse to
# run as root, so root delegates to $POSTGRES_OS_USER; a normal user runs them as itself.
# Runs from / so the tools never trip over an unreadable working directory (e.g. /root).
as_pg() {
  if ((EUID != 0)); then
    (cd / && "$@")
  elif have runuser; then
    (cd / && runuser -u "$POSTGRES_OS_USER" -- "$@")
  else
    (cd / && su "$POSTGRES_OS_USER" -s /bin/bash -c "$(printf '%q ' "$@")")
  fi
}

# Prints the postmaster pid and returns 0 if this checkout's cluster is running.
postgres_pid() {
  local pid
  [[ -r "$PG_DATA/postmaster.pid" ]] || return 1
  pid="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null | tr -dc '0-9' || true)"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(proc_cmdline "$pid")" == *postgres* ]] || return 1
  printf '%s' "$pid"
}

postgres_ready() {
  if find_pg_bindir && [[ -x "$PG_BINDIR/pg_isready" ]]; then
    "$PG_BINDIR/pg_isready" -q -t 2 -h 127.0.0.1 -p "$POSTGRES_PORT" -U "$POSTGRES_SUPERUSER" -d postgres
  else
    port_open "$POSTGRES_PORT"
  fi
}

pg_psql() { # pg_psql DB SQL — one SQL statement over TCP as the superuser; prints unaligned tuples
  local psql="$PG_BINDIR/psql"
  [[ -x "$psql" ]] || psql="$(command -v psql || true)"
  [[ -n "$psql" ]] || die "psql not found (package postgresql-client) — needed to create the '$POSTGRES_DB' database."
  PGCONNECT_TIMEOUT=5 "$psql" -X -q -A -t -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$POSTGRES_PORT" -U "$POSTGRES_SUPERUSER" -d "$1" -c "$2"
}

# Data/socket dirs and the log file belong to the cluster owner (as root: $POSTGRES_OS_USER).
prepare_pg_dirs() {
  mkdir -p "$PG_DIR" "$PG_SOCKET_DIR" "$LOG_DIR" "$RUN_DIR"
  touch "$PG_LOG"
  chmod 700 "$PG_SOCKET_DIR"
  if ((EUID == 0)); then
    id -u "$POSTGRES_OS_USER" >/dev/null 2>&1 \
      || die "infra.sh runs as root, but there is no '$POSTGRES_OS_USER' OS user to run PostgreSQL as (initdb/postgres refuse to run as root). Create it (useradd --system --create-home postgres; Debian's postgresql package does this), set POSTGRES_OS_USER to another unprivileged user, run infra.sh as a normal user, or use FERRETDB_BACKEND=sqlite."
    chown "$POSTGRES_OS_USER:" "$PG_DIR" "$PG_SOCKET_DIR" "$PG_LOG"
    if [[ -d "$PG_DATA" && "$(stat -c %U "$PG_DATA")" != "$POSTGRES_OS_USER" ]]; then
      chown -R "$POSTGRES_OS_USER:" "$PG_DATA"
    fi
    as_pg test -w "$PG_DIR" \
      || die "the '$POSTGRES_OS_USER' user cannot write to $PG_DIR (is a parent directory not traversable, e.g. a checkout under /root?). Make the parent directories o+x, run infra.sh as a normal user, or use FERRETDB_BACKEND=sqlite."
  elif [[ -d "$PG_DATA" && ! -O "$PG_DATA" ]]; then
    die "$PG_DATA belongs to $(stat -c %U "$PG_DATA"), not to $(id -un): the cluster was created by another user (as root, infra.sh runs it as '$POSTGRES_OS_USER'). Run infra.sh as before, or 'infra.sh reset' first."
  fi
}

init_pg_cluster() {
  [[ -f "$PG_DATA/PG_VERSION" ]] && return 0
  local t0 initlog="$LOG_DIR/postgres-initdb.log"
  t0="$(now)"
  log "postgres: creating the cluster in $PG_DATA (initdb, first run only)…"
  rm -rf "$PG_DATA" # leftover of an interrupted initdb
  if ! as_pg "$PG_BINDIR/initdb" -D "$PG_DATA" -U "$POSTGRES_SUPERUSER" --auth=trust \
    --encoding=UTF8 --locale=C --no-sync >"$initlog" 2>&1; then
    show_tail "$initlog"
    die "initdb failed (log: $initlog)"
  fi
  # Loopback-only trust (listen_addresses is 127.0.0.1 too): a throw-away local test cluster.
  cat >"$PG_DATA/pg_hba.conf" <<'HBA'
# generated by scripts/infra/infra.sh — local test cluster, no passwords, loopback only
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   trust
HBA
  printf "\n# added by scripts/infra/infra.sh (infra.conf is regenerated on every 'up')\ninclude 'infra.conf'\n" \
    >>"$PG_DATA/postgresql.conf"
  if ((EUID == 0)); then chown "$POSTGRES_OS_USER:" "$PG_DATA/pg_hba.conf" "$PG_DATA/postgresql.conf"; fi
  log "postgres: cluster created ($(($(now) - t0))s)"
}

write_pg_config() {
  local sockdir="$PG_SOCKET_DIR"
  # A unix socket path must fit in sun_path (108 bytes); the socket is optional (everything uses TCP).
  if ((${#PG_SOCKET_DIR} + ${#POSTGRES_PORT} + 12 > 100)); then sockdir=""; fi
  cat >"$PG_DATA/infra.conf" <<CONF
# generated by scripts/infra/infra.sh on every 'up' — edit the script, not this file.
# Throw-away local test cluster: durability is traded for speed, memory is kept small.
listen_addresses = '127.0.0.1'
port = $POSTGRES_PORT
unix_socket_directories = '$sockdir'
unix_socket_permissions = 0700
# FerretDB keeps one pgx pool (at most 50 connections) per distinct client credential; room for a few.
max_connections = 200
shared_buffers = 128MB
work_mem = 8MB
maintenance_work_mem = 64MB
effective_cache_size = 512MB
huge_pages = off
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 1GB
checkpoint_timeout = 15min
jit = off
random_page_cost = 1.1
timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
CONF
  if ((EUID == 0)); then chown "$POSTGRES_OS_USER:" "$PG_DATA/infra.conf"; fi
}

# Creates the database FerretDB keeps everything in (one schema per MongoDB database), once, and
# (re)installs the trigger that gives FerretDB's indexes GIN companions (ferretdb-gin-companions.sql).
ensure_pg_database() {
  if [[ "$(pg_psql postgres "SELECT 1 FROM pg_database WHERE datname = '$POSTGRES_DB'")" != 1 ]]; then
    log "postgres: creating database '$POSTGRES_DB'"
    pg_psql postgres "CREATE DATABASE \"$POSTGRES_DB\"" >/dev/null \
      || die "could not create database '$POSTGRES_DB' (see $PG_LOG)"
  fi
  pg_psql "$POSTGRES_DB" "$(cat "$SCRIPT_DIR/ferretdb-gin-companions.sql")" >/dev/null \
    || die "could not install the index trigger of $SCRIPT_DIR/ferretdb-gin-companions.sql (see $PG_LOG)"
}

up_postgres() {
  local pid t0 running_port out
  need_pg_bindir
  if pid="$(postgres_pid)"; then
    running_port="$(cat "$RUN_DIR/postgres.port" 2>/dev/null || true)"
    if [[ -n "$running_port" && "$running_port" != "$POSTGRES_PORT" ]]; then
      die "postgres: already running (pid $pid) on port $running_port, but POSTGRES_PORT=$POSTGRES_PORT was requested; run 'infra.sh down' first."
    fi
    if wait_ready "PostgreSQL" postgres_pid postgres_ready "$POSTGRES_START_TIMEOUT" "$PG_LOG"; then
      ensure_pg_database
      log "postgres: already running (pid $pid) on 127.0.0.1:$POSTGRES_PORT"
      return 0
    fi
    die "postgres: pid $pid is running but 127.0.0.1:$POSTGRES_PORT does not answer; try 'infra.sh down' then 'up'."
  fi
  if port_open "$POSTGRES_PORT"; then
    die "port 127.0.0.1:$POSTGRES_PORT is already in use by a process not managed by this script; set POSTGRES_PORT to a free port (or use FERRETDB_BACKEND=sqlite)."
  fi
  prepare_pg_dirs
  init_pg_cluster
  write_pg_config
  wait_old_postmaster_gone
  log "postgres: starting PostgreSQL $(pg_version) on 127.0.0.1:$POSTGRES_PORT…"
  t0="$(now)"
  printf '%s\n' "$POSTGRES_PORT" >"$RUN_DIR/postgres.port"
  printf '\n===== %s infra.sh up =====\n' "$(date -u +%FT%TZ)" >>"$PG_LOG"
  # pg_ctl detaches the postmaster (own session, output appended to $PG_LOG); fds 8/9 (our locks)
  # are closed so the server does not hold them. One retry: right after a crash the old server's
  # backends may still hold the shared memory block for a moment.
  if ! out="$(pg_ctl_start)"; then
    sleep 2
    if ! out="$(pg_ctl_start)"; then
      [[ -n "$out" ]] && printf '%s\n' "$out" >&2
      show_tail "$PG_LOG"
      die "PostgreSQL did not start on 127.0.0.1:$POSTGRES_PORT within ${POSTGRES_START_TIMEOUT}s (log: $PG_LOG)."
    fi
  fi
  if ! wait_ready "PostgreSQL" postgres_pid postgres_ready "$POSTGRES_START_TIMEOUT" "$PG_LOG"; then
    stop_postgres >/dev/null
    die "PostgreSQL did not accept connections on 127.0.0.1:$POSTGRES_PORT within ${POSTGRES_START_TIMEOUT}s (stopped it again; log: $PG_LOG)."
  fi
  ensure_pg_database
  log "postgres: ready on 127.0.0.1:$POSTGRES_PORT (pid $(postgres_pid), $(($(now) - t0))s)"
}

pg_ctl_start() {
  as_pg "$PG_BINDIR/pg_ctl" start -s -w -t "$POSTGRES_START_TIMEOUT" -D "$PG_DATA" -l "$PG_LOG" \
    2>&1 </dev/null 8>&- 9>&-
}

# After a crash or SIGKILL, the old postmaster can linger for a moment (zombie not yet reaped), and
# PostgreSQL refuses to start while the pid in postmaster.pid is alive. Wait up to 10s for it.
wait_old_postmaster_gone() {
  local pid i
  [[ -f "$PG_DATA/postmaster.pid" ]] || return 0
  pid="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null | tr -dc '0-9' || true)"
  [[ -n "$pid" ]] || return 0
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
}

# Fast shutdown (SIGINT: roll back, disconnect clients, checkpoint), then immediate (SIGQUIT),
# then SIGKILL.
stop_postgres() {
  local pid i
  if ! pid="$(postgres_pid)"; then
    log "postgres: not running"
    rm -f "$RUN_DIR/postgres.port"
    return 0
  fi
  log "postgres: stopping pid $pid (fast shutdown)…"
  kill -INT "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    running "$pid" || break
    sleep 0.1
  done
  if running "$pid"; then
    warn "PostgreSQL did not exit within ${STOP_TIMEOUT}s; immediate shutdown"
    kill -QUIT "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      running "$pid" || break
      sleep 0.1
    done
    if running "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$RUN_DIR/postgres.port"
  log "postgres: stopped"
}

# ----------------------------------------------------------------------------- ferretdb
build_ferretdb() {
  [[ -f "$FERRETDB_MARKER" && -x "$FERRETDB_BIN" ]] && return 0
  lock_cache
  if [[ -f "$FERRETDB_MARKER" && -x "$FERRETDB_BIN" ]]; then unlock_cache; return 0; fi
  need go "to build FerretDB $FERRETDB_VERSION (the MongoDB-compatible server) from source (first run only; cached in $FERRETDB_CACHE afterwards)"
  log "building FerretDB $FERRETDB_VERSION with go (first run only, takes ~1-2 min)…"
  local t0 buildlog="$FERRETDB_CACHE/build.log" download moddir modsum src="$FERRETDB_CACHE/src"
  t0="$(now)"
  mkdir -p "$FERRETDB_CACHE/bin"
  : >"$buildlog"
  # Every module is checked: GOENV=off ignores a go env file (GOFLAGS, GONOSUMDB, GOPRIVATE, GOINSECURE,
  # GOSUMDB=off), those variables are unset here, so downloads are verified against the default checksum
  # database, and -mod=readonly builds only what FerretDB's go.sum lists, never updating it. The proxy and
  # the module cache stay the user's. GOTOOLCHAIN=local: fail clearly instead of downloading another Go.
  local -x GOPROXY GOMODCACHE
  GOPROXY="$(go env GOPROXY)"
  GOMODCACHE="$(go env GOMODCACHE)"
  local -x GOENV=off GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false" GO111MODULE=on CGO_ENABLED=0
  local GONOSUMDB GOPRIVATE GOINSECURE GOSUMDB
  unset GONOSUMDB GOPRIVATE GOINSECURE GOSUMDB
  # 1) fetch the module source into the Go module cache; its hash must be the pinned one.
  if ! download="$(cd "$FERRETDB_CACHE" && go mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" 2>>"$buildlog")"; then
    printf '%s\n' "$download" >>"$buildlog"
    show_tail "$buildlog"
    die "go mod download $FERRETDB_MODULE@$FERRETDB_VERSION failed (log: $buildlog)"
  fi
  moddir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$download")"
  modsum="$(sed -n 's/^[[:space:]]*"Sum": "\(.*\)",\{0,1\}$/\1/p' <<<"$download")"
  [[ -n "$moddir" && -d "$moddir" ]] || die "go mod download $FERRETDB_MODULE@$FERRETDB_VERSION named no source directory: $download"
  [[ "$modsum" == "$FERRETDB_MODULE_SUM" ]] \
    || die "$FERRETDB_MODULE@$FERRETDB_VERSION has hash $modsum, but $FERRETDB_MODULE_SUM is pinned (INFRA_FERRETDB_MODULE_SUM)"
  # 2) `go install ...@version` builds fine but the binary panics at startup: FerretDB's
  #    build/version package requires a generated build/version/version.txt (normally made by
  #    `bin/task gen-version`). So build from a writable copy of the module with that file added.
  rm -rf "$src"
  cp -R "$moddir" "$src"
  chmod -R u+w "$src"
  printf '%s\n' "$FERRETDB_VERSION" >"$src/build/version/version.txt"
  printf 'followup-infra\n' >"$src/build/version/package.txt"
  if ! (cd "$src" && go build -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb) >>"$buildlog" 2>&1; then
    show_tail "$buildlog"
    die "building FerretDB failed (log: $buildlog)"
  fi
  if ! "$FERRETDB_BIN.tmp" --version >>"$buildlog" 2>&1; then
    show_tail "$buildlog"
    die "the freshly built FerretDB binary does not run (log: $buildlog)"
  fi
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$src"
  # what was built, from what, with which Go
  printf '%s\n' "$($FERRETDB_BIN --version | sed -n 's/^version: //p') $FERRETDB_MODULE@$FERRETDB_VERSION $modsum $(go env GOVERSION)" \
    >"$FERRETDB_MARKER"
  log "FerretDB built: $(cat "$FERRETDB_MARKER"), $FERRETDB_BIN ($(($(now) - t0))s)"
  unlock_cache
}

# Backend of the FerretDB this script started (recorded at start; older runs were always SQLite).
ferretdb_running_backend() { cat "$RUN_DIR/ferretdb.backend" 2>/dev/null || echo sqlite; }

backend_label() {
  case "$1" in
    postgresql) printf 'PostgreSQL backend' ;;
    sqlite) printf 'SQLite backend' ;;
    *) printf '%s backend' "$1" ;;
  esac
}

up_mongo() {
  if [[ -n "${MONGO_URL:-}" ]]; then
    log "mongo: MONGO_URL=$MONGO_URL is set — using it, not starting FerretDB"
    return 0
  fi
  local pid t0 running_port running_backend
  local -a backend_args
  # PostgreSQL first: FerretDB needs it for every command (even ping).
  [[ "$FERRETDB_BACKEND" == postgresql ]] && up_postgres
  if pid="$(ferretdb_pid)"; then
    running_port="$(cat "$RUN_DIR/ferretdb.port" 2>/dev/null || true)"
    running_backend="$(ferretdb_running_backend)"
    if [[ -n "$running_port" && "$running_port" != "$MONGO_PORT" ]]; then
      die "mongo: FerretDB already running (pid $pid) on port $running_port, but MONGO_PORT=$MONGO_PORT was requested; run 'infra.sh down' first."
    fi
    if [[ "$running_backend" != "$FERRETDB_BACKEND" ]]; then
      die "mongo: FerretDB already running (pid $pid) with the $running_backend backend, but FERRETDB_BACKEND=$FERRETDB_BACKEND was requested; run 'infra.sh down' first."
    fi
    if wait_ready "FerretDB" ferretdb_pid mongo_ready "$MONGO_START_TIMEOUT" "$FERRETDB_LOG"; then
      log "mongo: FerretDB already running (pid $pid, $(backend_label "$running_backend")) on 127.0.0.1:$MONGO_PORT"
      return 0
    fi
    die "mongo: FerretDB pid $pid is running but 127.0.0.1:$MONGO_PORT does not answer; try 'infra.sh down' then 'up'."
  fi
  if port_open "$MONGO_PORT"; then
    die "port 127.0.0.1:$MONGO_PORT is already in use by a process not managed by this script. Stop it, set MONGO_URL=mongodb://127.0.0.1:$MONGO_PORT to use it, or set MONGO_PORT to another port."
  fi
  build_ferretdb
  mkdir -p "$FERRETDB_DIR/state" "$LOG_DIR" "$RUN_DIR"
  case "$FERRETDB_BACKEND" in
    postgresql)
      backend_args=(--handler=postgresql
        --postgresql-url="postgres://$POSTGRES_SUPERUSER@127.0.0.1:$POSTGRES_PORT/$POSTGRES_DB")
      ;;
    sqlite)
      mkdir -p "$FERRETDB_DATA"
      backend_args=(--handler=sqlite --sqlite-url="file:$FERRETDB_DATA/")
      ;;
  esac
  log "mongo: starting FerretDB $FERRETDB_VERSION ($(backend_label "$FERRETDB_BACKEND")) on 127.0.0.1:$MONGO_PORT…"
  t0="$(now)"
  printf '\n===== %s infra.sh up (%s) =====\n' "$(date -u +%FT%TZ)" "$FERRETDB_BACKEND" >>"$FERRETDB_LOG"
  printf '%s\n' "$MONGO_PORT" >"$RUN_DIR/ferretdb.port"
  printf '%s\n' "$FERRETDB_BACKEND" >"$RUN_DIR/ferretdb.backend"
  start_detached "$FERRETDB_PID" "$FERRETDB_LOG" \
    "$FERRETDB_BIN" \
    "${backend_args[@]}" \
    --listen-addr="127.0.0.1:$MONGO_PORT" \
    --state-dir="$FERRETDB_DIR/state" \
    --debug-addr="${FERRETDB_DEBUG_ADDR:--}" \
    --telemetry=disable \
    --log-level="${FERRETDB_LOG_LEVEL:-info}" \
    --log-format=text

  if ! wait_ready "FerretDB" ferretdb_pid mongo_ready "$MONGO_START_TIMEOUT" "$FERRETDB_LOG"; then
    stop_process ferretdb "$FERRETDB_PID" "$FERRETDB_BIN" >/dev/null
    die "FerretDB did not become ready on 127.0.0.1:$MONGO_PORT within ${MONGO_START_TIMEOUT}s (stopped it again; log: $FERRETDB_LOG)."
  fi
  log "mongo: ready on 127.0.0.1:$MONGO_PORT (pid $(ferretdb_pid), $(($(now) - t0))s)"
}

# ----------------------------------------------------------------------------- redis
redis_pid() { pid_alive "$REDIS_PID" "redis-server"; }
redis_ready() { [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

# Debian's redis-server (and redis-tools' redis-cli), installed where missing, at the version this project pins.
install_redis() {
  if ! have redis-server || ! have redis-cli; then
    [[ "$(id -u)" == 0 ]] || die "redis-server not found. Install Debian's package:   apt-get install redis-server"
    log "redis: installing Debian's redis-server (apt-get)…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >"$LOG_DIR/redis-install.log" 2>&1 \
      || { apt-get update -qq >>"$LOG_DIR/redis-install.log" 2>&1 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >>"$LOG_DIR/redis-install.log" 2>&1; } \
      || { show_tail "$LOG_DIR/redis-install.log"; die "apt-get install redis-server failed (log: $LOG_DIR/redis-install.log)"; }
  fi
  local version
  version="$(redis-server --version | sed -n 's/.* v=\([0-9.]*\).*/\1/p')"
  [[ "$version" == "$REDIS_UPSTREAM_VERSION" ]] \
    || die "redis-server $version found; this project is tested with $REDIS_UPSTREAM_VERSION (Debian 12). Set REDIS_URL to use another server."
}

up_redis() {
  local t0 pid
  t0="$(now)"
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  install_redis
  if pid="$(redis_pid)"; then
    log "redis: already running (pid $pid) on 127.0.0.1:$REDIS_PORT"
    return 0
  fi
  port_open "$REDIS_PORT" && die "127.0.0.1:$REDIS_PORT is taken by another process (set REDIS_PORT)."
  mkdir -p "$REDIS_DIR"
  log "redis: starting Redis $REDIS_UPSTREAM_VERSION on 127.0.0.1:$REDIS_PORT…"
  start_detached "$REDIS_PID" "$REDIS_LOG" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" \
    --save "" --appendonly no --daemonize no --protected-mode yes
  wait_ready "Redis" redis_pid redis_ready 30 "$REDIS_LOG" \
    || { stop_process redis "$REDIS_PID" "redis-server" >/dev/null; die "Redis did not become ready on 127.0.0.1:$REDIS_PORT within 30s (log: $REDIS_LOG)."; }
  log "redis: ready on 127.0.0.1:$REDIS_PORT (pid $(redis_pid), $(($(now) - t0))s)"
}

# ----------------------------------------------------------------------------- commands
print_env() {
  printf 'export KAFKA_BROKERS=%s\n' "${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
  printf 'export MONGO_URL=%s\n' "${MONGO_URL:-mongodb://127.0.0.1:$MONGO_PORT}"
  printf 'export REDIS_URL=%s\n' "${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"
}

cmd_up() {
  local what="${1:-all}" t0
  case "$what" in
    all | kafka | mongo | ferretdb | postgres | postgresql | pg | redis) ;;
    *) die "unknown component '$what' (use kafka, mongo, postgres or redis)" ;;
  esac
  t0="$(now)"
  have node || warn "node not found: readiness checks fall back to port/log checks"
  # Fail before starting anything if FerretDB will need PostgreSQL and it is not installed.
  if [[ "$what" != kafka && -z "${MONGO_URL:-}" && "$FERRETDB_BACKEND" == postgresql ]] \
    || [[ "$what" == postgres || "$what" == postgresql || "$what" == pg ]]; then
    need_pg_bindir
  fi
  lock_infra
  if [[ "$what" == all || "$what" == kafka ]]; then up_kafka; fi
  if [[ "$what" == all || "$what" == mongo || "$what" == ferretdb ]]; then up_mongo; fi
  if [[ "$what" == postgres || "$what" == postgresql || "$what" == pg ]]; then up_postgres; fi
  if [[ -z "${REDIS_URL:-}" ]] && [[ "$what" == all || "$what" == redis ]]; then up_redis; fi
  log "up done in $(($(now) - t0))s. Use:"
  print_env | sed 's/^/[infra]   /'
}

cmd_down() {
  local wipe=0 arg
  for arg in "$@"; do
    case "$arg" in
      --wipe | -w) wipe=1 ;;
      *) die "unknown option for down: $arg (only --wipe)" ;;
    esac
  done
  lock_infra
  stop_process kafka "$KAFKA_PID" "kafka.Kafka"
  stop_process ferretdb "$FERRETDB_PID" "$FERRETDB_BIN"
  stop_postgres # after FerretDB, its only client; stopped whatever FERRETDB_BACKEND says now
  stop_process redis "$REDIS_PID" "redis-server"
  rm -f "$RUN_DIR/kafka.port" "$RUN_DIR/kafka.generation" "$RUN_DIR/ferretdb.port" "$RUN_DIR/ferretdb.backend"
  if ((wipe)); then
    # keep the lock file's directory until we are done; delete everything else
    find "$INFRA_DIR" -mindepth 1 -maxdepth 1 ! -name .lock ! -name .gitignore -exec rm -rf {} +
    log "wiped $INFRA_DIR (Kafka topics/offsets, the PostgreSQL cluster and FerretDB databases are gone)"
  else
    log "data kept in $INFRA_DIR (use 'down --wipe' or 'reset' to delete it)"
  fi
}

cmd_status() {
  local pid rc=0 health port
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    printf '[infra] kafka     external  KAFKA_BROKERS=%s\n' "$KAFKA_BROKERS"
  elif pid="$(kafka_pid)"; then
    port="$(cat "$RUN_DIR/kafka.port" 2>/dev/null || echo "$KAFKA_PORT")"
    health="ready"
    KAFKA_PORT="$port" kafka_ready || { health="NOT ANSWERING"; rc=3; }
    printf '[infra] kafka     running   pid=%-8s 127.0.0.1:%s (%s, Kafka %s KRaft)\n' "$pid" "$port" "$health" "$KAFKA_VERSION"
  else
    printf '[infra] kafka     stopped   pid=-        127.0.0.1:%s\n' "$KAFKA_PORT"
    rc=3
  fi
  if [[ -n "${MONGO_URL:-}" ]]; then
    printf '[infra] mongo     external  MONGO_URL=%s\n' "$MONGO_URL"
  elif pid="$(ferretdb_pid)"; then
    port="$(cat "$RUN_DIR/ferretdb.port" 2>/dev/null || echo "$MONGO_PORT")"
    health="ready"
    MONGO_PORT="$port" mongo_ready || { health="NOT ANSWERING"; rc=3; }
    printf '[infra] mongo     running   pid=%-8s 127.0.0.1:%s (%s, FerretDB %s, %s)\n' "$pid" "$port" "$health" \
      "$FERRETDB_VERSION" "$(backend_label "$(ferretdb_running_backend)")"
  else
    printf '[infra] mongo     stopped   pid=-        127.0.0.1:%s (%s)\n' "$MONGO_PORT" "$(backend_label "$FERRETDB_BACKEND")"
    rc=3
  fi
  if pid="$(postgres_pid)"; then
    port="$(cat "$RUN_DIR/postgres.port" 2>/dev/null || echo "$POSTGRES_PORT")"
    health="ready"
    POSTGRES_PORT="$port" postgres_ready || { health="NOT ANSWERING"; rc=3; }
    printf '[infra] postgres  running   pid=%-8s 127.0.0.1:%s (%s, PostgreSQL %s, database %s)\n' "$pid" "$port" "$health" \
      "$(pg_version)" "$POSTGRES_DB"
  elif [[ -n "${MONGO_URL:-}" ]]; then
    printf '[infra] postgres  unused    (MONGO_URL is set)\n'
  elif [[ "$FERRETDB_BACKEND" != postgresql ]]; then
    printf '[infra] postgres  unused    (FERRETDB_BACKEND=%s)\n' "$FERRETDB_BACKEND"
  else
    printf '[infra] postgres  stopped   pid=-        127.0.0.1:%s\n' "$POSTGRES_PORT"
    rc=3
  fi
  if [[ -n "${REDIS_URL:-}" ]]; then
    printf '[infra] redis     external  REDIS_URL=%s\n' "$REDIS_URL"
  elif pid="$(redis_pid)"; then
    health="ready"
    redis_ready || { health="NOT ANSWERING"; rc=3; }
    printf '[infra] redis     running   pid=%-8s 127.0.0.1:%s (%s, Redis %s)\n' "$pid" "$REDIS_PORT" "$health" "$REDIS_UPSTREAM_VERSION"
  else
    printf '[infra] redis     stopped   pid=-        127.0.0.1:%s\n' "$REDIS_PORT"
    rc=3
  fi
  return "$rc"
}

# The toolchains `up` would download or build (verified), without starting anything; skips what
# KAFKA_BROKERS / MONGO_URL replace, as `up` does.
cmd_fetch() {
  if [[ -z "${KAFKA_BROKERS:-}" ]]; then
    fetch_kafka
    log "kafka: $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars of Kafka $KAFKA_VERSION in $KAFKA_LIBS, matching $KAFKA_JARS_SHA256"
  fi
  if [[ -z "${MONGO_URL:-}" ]]; then
    build_ferretdb
    log "mongo: FerretDB $FERRETDB_VERSION in $FERRETDB_BIN (built: $(cat "$FERRETDB_MARKER"))"
  fi
  if [[ -z "${REDIS_URL:-}" ]]; then
    mkdir -p "$LOG_DIR"
    install_redis
    log "redis: $(redis-server --version | cut -d' ' -f1-3)"
  fi
}

cmd_logs() {
  case "${1:-all}" in
    kafka) tail -n 50 "$KAFKA_LOG" ;;
    mongo | ferretdb) tail -n 50 "$FERRETDB_LOG" ;;
    postgres | postgresql | pg) tail -n 50 "$PG_LOG" ;;
    redis) tail -n 50 "$REDIS_LOG" ;;
    all)
      show_tail "$KAFKA_LOG" 25 2>&1
      show_tail "$FERRETDB_LOG" 25 2>&1
      if [[ -s "$PG_LOG" ]]; then show_tail "$PG_LOG" 15 2>&1; fi
      ;;
    *) die "unknown component '$1'" ;;
  esac
}

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# FERRETDB_BACKEND: postgresql (default; aliases pg, postgres) or sqlite.
normalize_backend() {
  case "${FERRETDB_BACKEND,,}" in
    postgresql | postgres | pg) FERRETDB_BACKEND=postgresql ;;
    sqlite | sqlite3) FERRETDB_BACKEND=sqlite ;;
    *) die "FERRETDB_BACKEND=$FERRETDB_BACKEND is not supported (use postgresql or sqlite)" ;;
  esac
}

main() {
  normalize_backend
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    up | start) cmd_up "$@" ;;
    down | stop) cmd_down "$@" ;;
    reset) cmd_down --wipe ;;
    status) cmd_status ;;
    env) print_env ;;
    logs) cmd_logs "$@" ;;
    fetch) cmd_fetch ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
