# The grpcspec CLI's start-up cache, sourced by ./grpcspec and benchmarks/compare.sh so that both
# launch the server the same way (issue #13, process start -> first call).
#
# On JDK 25 and newer, the JVM can start from an AOT cache (JEP 483, 514, 515): the classes a
# training run loaded and linked, and the profiles it gathered, stored in one file. Ours is made
# by running io.grpcspec.cli.AotTraining (`grpcspec serve` on a free port answering a few
# SayHello calls) with -XX:AOTCacheOutput, once per jar: it lives in reference-impl/target/aot/
# beside the jar (so `mvn clean` removes it; it is never committed), one file per java binary
# and JVM option set, because the JVM refuses a cache made with other module options. A cache
# older than the jar is made again. Older JDKs, JVM options that choose a CDS or AOT archive
# themselves, and GRPCSPEC_AOT=0 run without it; so does a failed training run. The training
# run's output is kept beside the cache (.log).

# grpcspec_aot_flags JAVA MAJOR JAR [JVM-OPTION...]: prints the JVM options that start from the
# cache for this java, jar and JVM options, making the cache first if needed; prints nothing when
# there is no cache to use. Progress and failures go to stderr.
grpcspec_aot_flags() {
  local java="$1" major="$2" jar="$3"
  shift 3
  [[ "${GRPCSPEC_AOT:-1}" != 0 ]] || return 0
  [[ -n "$major" ]] && ((major >= 25)) || return 0
  case " $* " in *AOTCache* | *AOTMode* | *SharedArchiveFile* | *-Xshare* | *ArchiveClassesAtExit*) return 0 ;; esac
  local real dir key cache tmp log
  real="$(readlink -f "$java")"
  key="$({ echo "$real"; cat "$(dirname "$real")/../release" 2>/dev/null; echo "$*"; } | cksum | cut -d' ' -f1)"
  dir="$(dirname "$jar")/aot"
  cache="$dir/grpcspec-cli-$key.aot"
  log="$dir/grpcspec-cli-$key.log"
  if [[ ! -f "$cache" || "$jar" -nt "$cache" ]]; then
    mkdir -p "$dir" || return 0
    tmp="$dir/.training-$$.aot"
    echo "grpcspec: making the start-up cache (once per build and JVM options, a few seconds): $cache" >&2
    if "$java" "$@" -XX:AOTCacheOutput="$tmp" -cp "$jar" io.grpcspec.cli.AotTraining >"$log" 2>&1 && [[ -s "$tmp" ]]; then
      mv -f "$tmp" "$cache"
    else
      rm -f "$tmp"
      echo "grpcspec: could not make the start-up cache (see $log); starting without it" >&2
      return 0
    fi
  fi
  echo "-XX:AOTCache=$cache"
}
