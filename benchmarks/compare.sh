#!/usr/bin/env bash
# Our server against grpc-java's, side by side under the same load in one run (issue #13).
#
#   benchmarks/compare.sh            full mode: 3 runs, 10 s warm-up + 10 s per load window,
#                                    idle connections at 1 000 and 10 000 (about 35 minutes for four servers, estimated)
#   benchmarks/compare.sh --quick    smoke test of the script itself: 1 short run, 100 idle
#                                    connections (1-2 minutes; its numbers mean nothing: the
#                                    servers' JITs have not warmed up in 1 s)
#   benchmarks/compare.sh --help     every option
#
# Servers: grpcspec (./grpcspec serve's jar), grpcspec-direct (the same with --direct-executor:
# unary and client-streaming handlers on the reader thread), grpc-java-direct (Netty, handlers on the event
# loop) and grpc-java-default (its default executor), all plaintext on 127.0.0.1, same JVM and
# JVM options (SERVER_JAVA_OPTS, default -Xmx1g). On JDK 25+ ours starts from the same AOT cache
# (the JVM's start-up aid) that the ./grpcspec launcher uses (reference-impl/src/main/scripts/
# aot-cache.sh, made before the first launch); grpc-java's servers are launched plain, as their
# users launch them. Each server is first launched once, untimed (a cold page cache slows the
# first launch). Each run visits every server in turn, starting
# from a different one each run, and for each:
#   1. starts it and times process start -> first answered call (a raw h2c client polling); for
#      ours also once without the AOT cache (the "no start-up aid" row; grpc-java's plain start
#      is its figure there too),
#   2. h2load unary SayHello (4 connections x 16 streams): calls/s, p50/p99 from its per-request
#      log, server CPU per call from /proc/PID/stat,
#   3. a grpc-java client closed loop of SayHello (4 x 16): calls/s, p50/p99, server CPU per call,
#   4. StreamingOutputCall, 16 messages of 64 KiB per call (1 connection x 4 calls): MB/s, CPU ms/MB,
#   5. connect -> first call on fresh raw connections (median),
#   6. for each idle connection count N, in a fresh server process (its start time is one more
#      sample of 1.; --quick uses the first process): N idle connections that each made one call:
#      live heap (jcmd GC.class_histogram, after a full GC) and RSS per connection against the
#      process's own figures before, and how many still answer at the end.
# Then it prints the medians and the ratios of each grpcspec variant to each grpc-java variant (a
# Markdown table; like for like: grpcspec-direct / grpc-java-direct, grpcspec / grpc-java-default).
# --pin puts every server on CPU 0 and every load generator on CPU 1 (taskset).
# Every figure of every run is kept in RESULTS (results.tsv in the output folder).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  cat <<EOF
usage: benchmarks/compare.sh [options]
  --quick              1 run, 1 s warm-up, 2 s windows, 100 idle connections on the load
                       server instance (smoke test of the script; numbers mean nothing)
  --runs N             runs (default 3)
  --warmup S           warm-up seconds before each load window (default 10)
  --duration S         seconds per load window (default 10)
  --idle-conns LIST    idle connection counts, comma-separated (default 1000,10000)
  --servers LIST       servers, comma-separated, ours first (default
                       grpcspec,grpcspec-direct,grpc-java-direct,grpc-java-default)
  --phases LIST        of start,h2load,unary,stream,connect,idle (default: all)
  --pin                servers on CPU 0, load generators on CPU 1 (taskset)
  --out DIR            output folder (default benchmarks/target/compare-<time>)
  --no-build           use the jars as they are
environment: SERVER_JAVA_OPTS (default -Xmx1g), LOAD_JAVA_OPTS (default -Xmx2g), JAVA_HOME,
             GRPCSPEC_AOT=0 (our server without the AOT cache on JDK 25+, as ./grpcspec)
EOF
}

runs=3 warmup=10 duration=10 idle_conns=1000,10000
connect_iterations=200 connect_warmup=50 idle_fresh=1 idle_settle_ms=2000
servers=grpcspec,grpcspec-direct,grpc-java-direct,grpc-java-default
phases=start,h2load,unary,stream,connect,idle
pin=0 build=1 out=""
h2load_clients=4 h2load_streams=16
while (($#)); do
  case "$1" in
    --quick) runs=1 warmup=1 duration=2 idle_conns=100 connect_iterations=20 connect_warmup=5 idle_fresh=0 idle_settle_ms=300 ;;
    --runs) runs="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --idle-conns) idle_conns="$2"; shift ;;
    --servers) servers="$2"; shift ;;
    --phases) phases="$2"; shift ;;
    --pin) pin=1 ;;
    --out) out="$2"; shift ;;
    --no-build) build=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
IFS=, read -r -a server_list <<<"$servers"
has_phase() { [[ ",$phases," == *",$1,"* ]]; }
began=$SECONDS
say() { echo "compare.sh [$((SECONDS - began))s]: $*" >&2; }

# ---------------------------------------------------------------- tools
need=21
major() {
  local v
  v="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)" || return 0
  echo "${v%%.*}"
}
find_java() { # JAVA_HOME, then java on PATH, then the system JVM folder (newest first), as ./grpcspec does
  local candidates=() c m
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}/bin/java"); done
  for c in "${candidates[@]}"; do
    [[ -x "$c" ]] || continue
    m="$(major "$c")"
    if [[ -n "$m" && "$m" -ge "$need" ]]; then echo "$c"; return 0; fi
  done
  return 1
}
if ! java="$(find_java)"; then
  say "needs a JDK $need or newer (JAVA_HOME, PATH or /usr/lib/jvm); none found"
  exit 2
fi
java_major="$(major "$java")"
jcmd="$(dirname "$(readlink -f "$java")")/jcmd"
if has_phase idle && [[ ! -x "$jcmd" ]]; then
  say "no jcmd beside $java: the idle phase needs it (a full JDK, not a JRE); idle skipped"
  phases="${phases//idle/}"
fi
h2load_bin="$(command -v h2load || true)"
if has_phase h2load && [[ -z "$h2load_bin" ]]; then
  say "h2load not found: install nghttp2-client (apt-get install nghttp2-client); the h2load rows are skipped"
fi
if ((pin)) && ! command -v taskset >/dev/null 2>&1; then
  say "--pin needs taskset (util-linux); not found"
  exit 2
fi
ticks="$(getconf CLK_TCK 2>/dev/null || echo 100)"

# Quiet the JDK's warnings about Netty's Unsafe and native access (they change nothing measured).
quiet_opts="--enable-native-access=ALL-UNNAMED"
if ((java_major >= 24)); then quiet_opts+=" --sun-misc-unsafe-memory-access=allow"; fi
server_opts="${SERVER_JAVA_OPTS:--Xmx1g} $quiet_opts"
load_opts="${LOAD_JAVA_OPTS:--Xmx2g} $quiet_opts"

# ---------------------------------------------------------------- build
cli_jar="$root/reference-impl/target/grpcspec-cli.jar"
bench_jar="$root/benchmarks/target/grpcspec-benchmarks.jar"
stale() {
  [[ -f "$cli_jar" && -f "$bench_jar" ]] || return 0
  local jar
  for jar in "$cli_jar" "$bench_jar"; do
    [[ -n "$(find "$root/pom.xml" "$root/reference-impl/pom.xml" "$root/reference-impl/src/main" \
          "$root/property-tests/pom.xml" "$root/property-tests/src/main" "$root/benchmarks/pom.xml" \
          "$root/benchmarks/src/main" -newer "$jar" -type f -print -quit 2>/dev/null)" ]] && return 0
  done
  return 1
}
if ((build)) && stale; then
  command -v mvn >/dev/null 2>&1 || { say "Maven (mvn) is needed to build the jars"; exit 2; }
  say "building the server and benchmark jars..."
  (cd "$root" && mvn -B -q -pl benchmarks -am -DskipTests package >&2)
fi
[[ -f "$cli_jar" && -f "$bench_jar" ]] || { say "missing $cli_jar or $bench_jar (run without --no-build)"; exit 2; }

# ---------------------------------------------------------------- limits and output
IFS=, read -r -a idle_list <<<"$idle_conns"
if has_phase idle; then
  max_idle=0
  for n in "${idle_list[@]}"; do if ((n > max_idle)); then max_idle=$n; fi; done
  hard="$(ulimit -Hn)"
  [[ "$hard" == unlimited ]] && hard=1048576
  want=$((max_idle + 2048))
  ulimit -n "$(( want < hard ? want : hard ))" 2>/dev/null || true
  if (( $(ulimit -n) < want )); then
    say "open-file limit $(ulimit -n) is below the $want that $max_idle connections need (hard limit $hard); raise it (ulimit -Hn as root)"
    kept=()
    for n in "${idle_list[@]}"; do ((n + 2048 <= $(ulimit -n))) && kept+=("$n") || say "idle: $n connections skipped"; done
    idle_list=("${kept[@]}")
  fi
fi
out="${out:-$root/benchmarks/target/compare-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
results="$out/results.tsv"
: >"$results"
body="$out/hello.bin" # length-prefixed HelloRequest{name: "world"}
printf '\x00\x00\x00\x00\x07\x0a\x05world' >"$body"

server_prefix=() load_prefix=()
if ((pin)); then server_prefix=(taskset -c 0); load_prefix=(taskset -c 1); fi

# Our server closes connections beyond its --max-connections (default 1 024) at accept: let it hold
# the largest idle count and the load beside it. grpc-java's servers have no such bound.
max_conns=1024
if has_phase idle; then for n in "${idle_list[@]}"; do if ((n + 1024 > max_conns)); then max_conns=$((n + 1024)); fi; done; fi

# Our server starts from the launcher's AOT cache (JDK 25+; nothing on older JDKs), made here,
# before any launch is timed, when it is missing or older than the jar.
aot_flags=""
if [[ ",$servers," == *",grpcspec,"* || ",$servers," == *",grpcspec-direct,"* ]]; then
  # shellcheck source=../reference-impl/src/main/scripts/aot-cache.sh
  source "$root/reference-impl/src/main/scripts/aot-cache.sh"
  # shellcheck disable=SC2086
  aot_flags="$(grpcspec_aot_flags "$java" "$java_major" "$cli_jar" $server_opts)"
  say "grpcspec's start-up aid: ${aot_flags:-none (JDK $java_major, or GRPCSPEC_AOT=0, or the cache could not be made)}"
fi

server_command() {
  case "$1" in
    grpcspec) echo "$java $server_opts $aot_flags -jar $cli_jar serve --port {PORT} --no-health --no-reflection --grace 1 --max-connections $max_conns" ;;
    grpcspec-direct) echo "$java $server_opts $aot_flags -jar $cli_jar serve --port {PORT} --no-health --no-reflection --grace 1 --max-connections $max_conns --direct-executor" ;;
    grpcspec-noaid) echo "$java $server_opts -jar $cli_jar serve --port {PORT} --no-health --no-reflection --grace 1 --max-connections $max_conns" ;;
    grpc-java-direct) echo "$java $server_opts -cp $bench_jar io.grpcspec.bench.peer.GrpcJavaServer --port {PORT} --executor direct" ;;
    grpc-java-default) echo "$java $server_opts -cp $bench_jar io.grpcspec.bench.peer.GrpcJavaServer --port {PORT} --executor default" ;;
    *) return 1 ;;
  esac
}
for s in "${server_list[@]}"; do
  [[ "$s" != grpcspec-noaid ]] && server_command "$s" >/dev/null || { say "unknown server '$s' (grpcspec, grpcspec-direct, grpc-java-direct, grpc-java-default)"; exit 2; }
done

record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$results"; }
load() { # runs the load JVM; its metric lines go to stdout
  # shellcheck disable=SC2086
  "${load_prefix[@]}" "$java" $load_opts -cp "$bench_jar" io.grpcspec.bench.load.Load "$@"
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

server_pid=""
stop_server() {
  [[ -n "$server_pid" ]] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 150; i++)); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$server_pid" 2>/dev/null || true
  server_pid=""
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

# Starts server $1 (run $2, instance $3) and sets server_pid and server_port; records the start time.
start_server() {
  local name="$1" run="$2" instance="$3" log="$out/$1-run$2-$3.log" started plain
  # Ours once without the AOT cache first, timed, then stopped: the "no start-up aid" row.
  if [[ "$name" == grpcspec && "$instance" == load && -n "$aot_flags" ]] && has_phase start; then
    # shellcheck disable=SC2046
    if plain="$(load start --log "$out/grpcspec-noaid-run$run.log" -- "${server_prefix[@]}" $(server_command grpcspec-noaid))"; then
      record "$name" "$run" start_first_call_noaid_ms "$(awk '$1 == "start_first_call_ms" { print $2 }' <<<"$plain")"
      server_pid="$(awk '$1 == "pid" { print $2 }' <<<"$plain")"
      stop_server
    else
      say "grpcspec without the AOT cache did not start (see $out/grpcspec-noaid-run$run.log)"
    fi
  fi
  # shellcheck disable=SC2046
  if ! started="$(load start --log "$log" -- "${server_prefix[@]}" $(server_command "$name"))"; then
    say "$name did not start (see $log)"
    return 1
  fi
  server_pid="$(awk '$1 == "pid" { print $2 }' <<<"$started")"
  server_port="$(awk '$1 == "port" { print $2 }' <<<"$started")"
  local ms
  ms="$(awk '$1 == "start_first_call_ms" { print $2 }' <<<"$started")"
  if [[ "$instance" != prime ]] && has_phase start; then
    record "$name" "$run" start_first_call_ms "$ms"
    # The "no start-up aid" row, once a run: grpc-java is always launched plain, and so is ours
    # when it has no cache (else the launch without it above is its figure).
    if [[ "$instance" == load && ( "$name" != grpcspec* || -z "$aot_flags" ) ]]; then
      record "$name" "$run" start_first_call_noaid_ms "$ms"
    fi
  fi
  say "$name: pid $server_pid, port $server_port ($instance)"
}

# h2load against the running server: one untimed warm-up, then the measured window.
h2load_phase() {
  local name="$1" run="$2" log="$out/$1-run$2-h2load.tsv" text c0 c1 ok failed rps
  local args=(-c "$h2load_clients" -m "$h2load_streams" -d "$body" -H 'content-type: application/grpc' -H 'te: trailers')
  local url="http://127.0.0.1:$server_port/helloworld.Greeter/SayHello"
  "${load_prefix[@]}" "$h2load_bin" "${args[@]}" -D "$warmup" "$url" >/dev/null 2>&1 || true
  c0="$(cpu_ticks "$server_pid")"
  text="$("${load_prefix[@]}" "$h2load_bin" "${args[@]}" -D "$duration" --log-file="$log" "$url" 2>&1)" || true
  c1="$(cpu_ticks "$server_pid")"
  echo "$text" >"$out/$1-run$2-h2load.txt"
  ok="$(sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p' <<<"$text")"
  failed="$(sed -n 's/^requests: .* \([0-9]*\) failed.*/\1/p' <<<"$text")"
  rps="$(sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p' <<<"$text")"
  if [[ -z "$ok" || "$ok" == 0 ]]; then
    say "$name: h2load completed no request; its output is in $out/$1-run$2-h2load.txt"
    return 0
  fi
  record "$name" "$run" unary_h2load_calls_per_s "$rps"
  record "$name" "$run" unary_h2load_cpu_us_per_call "$(awk -v t="$((c1 - c0))" -v hz="$ticks" -v n="$ok" 'BEGIN { printf "%.3f", t * 1e6 / hz / n }')"
  # nearest-rank percentiles of the per-request response times (third column, microseconds)
  cut -f3 "$log" | sort -n | awk '{ v[NR] = $1 } END {
      p50 = int(NR * 0.50); if (p50 < NR * 0.50) p50++; p99 = int(NR * 0.99); if (p99 < NR * 0.99) p99++
      print v[p50], v[p99] }' | {
    read -r p50 p99
    record "$name" "$run" unary_h2load_p50_us "$p50"
    record "$name" "$run" unary_h2load_p99_us "$p99"
  }
  [[ -n "$failed" && "$failed" != 0 ]] && record "$name" "$run" unary_h2load_failed "$failed"
  return 0
}

# The grpc-java client and raw-connection phases $4 against the running server (run $2, instance
# $3), with idle connection counts $5 (default: all).
client_phases() {
  local name="$1" run="$2" instance="$3" list="$4" counts="${5:-$(IFS=,; echo "${idle_list[*]}")}" metrics
  local log="$out/$1-run$2-$3-client.log"
  [[ -n "$list" ]] || return 0
  metrics="$(load run --port "$server_port" --server-pid "$server_pid" --phases "$list" \
    --warmup "$warmup" --duration "$duration" --channels "$h2load_clients" --concurrency "$h2load_streams" \
    --connect-iterations "$connect_iterations" --connect-warmup "$connect_warmup" \
    --idle-conns "$counts" --idle-settle-ms "$idle_settle_ms" --jcmd "$jcmd" 2>"$log")" \
    || say "$name: some client phases failed (see $log)"
  while IFS=$'\t' read -r metric value; do
    [[ -n "$metric" ]] && record "$name" "$run" "$metric" "$value"
  done <<<"$metrics"
  grep '^run: ' "$log" | sed "s/^run: /$name: /" | while read -r line; do say "$line"; done || true
}

say "java $java_major at $java; servers: ${server_list[*]}; runs $runs; ${warmup} s warm-up + ${duration} s windows;" \
    "idle ${idle_list[*]:-none}; pinned: $( ((pin)) && echo yes || echo no ); output in $out"
# One untimed launch of each server first: the first JVM to read its jars from a cold page cache
# started seconds slower (11.4 s against 1.2 s for the next launch of the same server), and that
# landed on whichever server a run visited first.
for name in "${server_list[@]}"; do
  if start_server "$name" 0 prime; then stop_server; fi
done
n=${#server_list[@]}
for ((run = 1; run <= runs; run++)); do
  for ((k = 0; k < n; k++)); do
    name="${server_list[$(((run - 1 + k) % n))]}"
    say "run $run/$runs: $name"
    client_list=""
    for p in unary stream connect; do has_phase "$p" && client_list+="${client_list:+,}$p"; done
    idle_here=0
    if has_phase idle && ((${#idle_list[@]})); then idle_here=1; fi
    if ((!idle_fresh && idle_here)); then client_list+="${client_list:+,}idle"; fi
    if has_phase h2load || [[ -n "$client_list" ]] || has_phase start; then
      if start_server "$name" "$run" load; then
        if has_phase h2load && [[ -n "$h2load_bin" ]]; then h2load_phase "$name" "$run"; fi
        client_phases "$name" "$run" load "$client_list"
        stop_server
      fi
    fi
    if ((idle_fresh && idle_here)); then
      for count in "${idle_list[@]}"; do
        if start_server "$name" "$run" "idle$count"; then
          client_phases "$name" "$run" "idle$count" idle "$count"
          stop_server
        fi
      done
    fi
  done
done

{
  echo "# grpcspec vs grpc-java, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r), java $java_major"
  echo "# runs $runs, warm-up $warmup s, windows $duration s, pinned: $( ((pin)) && echo yes || echo no );" \
       "unary: $h2load_clients connections x $h2load_streams streams; streaming: 16 x 64 KiB per call, 1 x 4"
} >"$out/table.md"
ours=0
for s in "${server_list[@]}"; do [[ "$s" == grpcspec* ]] && ours=$((ours + 1)); done
"$java" -cp "$bench_jar" io.grpcspec.bench.report.Report --ours "$((ours > 0 ? ours : 1))" "$results" "${server_list[@]}" >>"$out/table.md"
cat "$out/table.md"
say "every figure of every run: $results"
