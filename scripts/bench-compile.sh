#!/usr/bin/env bash
# What the SDK generated from spec/ costs to build (BENCHMARKS.md, "Cost at scale"):
#
#   1. the generator as acs-ecs's build script runs it (debug build, CPU and wall
#      time, peak memory), and the `codegen generate` CLI in release;
#   2. lines of generated code per operation (formatted, as `codegen generate` writes it);
#   3. rustc on the acs-ecs crate alone (its dependencies already built), clean, in
#      debug and release, with all operations, with the by-name machinery, and with a
#      selection of 3 operations (ACS_ECS_OPERATIONS, the same code a downstream
#      crate gets from `Config::operations`); plus an incremental rebuild after
#      touching the crate. Wall time and peak RSS of that rustc, from /usr/bin/time.
#
# Every figure is printed with the load average at the time: the machine is shared,
# so run it when it is quiet, repeat (REPEAT, default 3) and compare medians.
#
#   bash scripts/bench-compile.sh            # everything
#   ONLY=generator bash scripts/bench-compile.sh
#   ONLY=debug REPEAT=2 bash scripts/bench-compile.sh    # also: release, by-name
#
# Uses its own target directory (target/bench-compile) and `-j2`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=$root/target/bench-compile
mkdir -p "$target"
repeat=${REPEAT:-3}
only=${ONLY:-all}
selection=${SELECTION:-DescribeInstances,StartInstance,StopInstance}
jobs=${JOBS:-2}
export CARGO_TARGET_DIR=$target

ops=$(find spec/operations -name '*.yaml' | wc -l)
echo "spec/: $ops operations; selection: $selection; repeats: $repeat"

# rustc wrapper: times the compile of the acs_ecs library only.
wrapper=$target/rustc-time.sh
log=$target/rustc-time.log
cat >"$wrapper" <<EOF
#!/usr/bin/env bash
case " \$* " in
  *" --crate-name acs_ecs "*"--crate-type lib"*)
    exec /usr/bin/time -f "%e %M" -a -o "$log" "\$@" ;;
  *) exec "\$@" ;;
esac
EOF
chmod +x "$wrapper"
export RUSTC_WRAPPER=$wrapper

load() { cut -d' ' -f1-3 /proc/loadavg; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# $1 label, then cargo arguments; env ACS_ECS_OPERATIONS/INCREMENTAL respected.
compile() {
  local label=$1; shift
  local profile_dir=debug
  [[ " $* " == *" --release "* ]] && profile_dir=release
  local secs=() kbs=() runs=$repeat
  # Dependencies and the build script. acs_ecs compiles last, alone, from a
  # clean state: when this build compiles it, that is the first sample.
  [[ ${INCREMENTAL:-} == keep ]] || rm -rf "$target/$profile_dir/incremental"/acs_ecs-*
  : >"$log"
  local before; before=$(load)
  cargo build -q -j"$jobs" -p acs-ecs "$@"
  if [[ -s $log && ${INCREMENTAL:-} != keep ]]; then
    read -r s kb <"$log"
    secs+=("$s"); kbs+=("$kb"); runs=$((repeat - 1))
    echo "  $label: ${s} s, peak ${kb} KB (load before: $before)"
  fi
  for _ in $(seq "$runs"); do
    if [[ ${INCREMENTAL:-} != keep ]]; then
      rm -rf "$target/$profile_dir/incremental"/acs_ecs-*
    fi
    touch generated/src/lib.rs
    : >"$log"
    before=$(load)
    cargo build -q -j"$jobs" -p acs-ecs "$@"
    read -r s kb <"$log"
    secs+=("$s"); kbs+=("$kb")
    echo "  $label: ${s} s, peak ${kb} KB (load before: $before)"
  done
  local ms mk
  ms=$(printf '%s\n' "${secs[@]}" | median)
  mk=$(printf '%s\n' "${kbs[@]}" | median)
  echo "RESULT $label: median ${ms} s, peak $((${mk%.*} / 1024)) MB"
}

if [[ $only == all || $only == generator ]]; then
  echo "== generator"
  cargo build -q -j"$jobs" -p acs-ecs
  script=$(ls -t "$target"/debug/build/acs-ecs-*/build-script-build | head -1)
  out=$target/gen-out
  for _ in $(seq "$repeat"); do
    rm -rf "$out"; mkdir -p "$out"
    before=$(load)
    OUT_DIR=$out /usr/bin/time -f "  build script (debug, unformatted): %e s wall, %U s user, %M KB (load before: $before)" \
      "$script" >/dev/null
  done
  cargo build -q -j"$jobs" --release -p codegen --bin codegen
  for flags in "" "--no-format"; do
    for _ in $(seq "$repeat"); do
      rm -rf "$out"
      before=$(load)
      /usr/bin/time -f "  codegen generate $flags (release): %e s wall, %U s user, %M KB (load before: $before)" \
        "$target/release/codegen" generate --out "$out" $flags >/dev/null
    done
  done
  echo "== lines"
  for flags in "" "--by-name" "--operations $selection"; do
    rm -rf "$out"
    "$target/release/codegen" generate --out "$out" $flags >/dev/null
    lines=$(wc -l <"$out/ecs.rs")
    bytes=$(wc -c <"$out/ecs.rs")
    n=$ops
    [[ $flags == --operations* ]] && n=3
    echo "RESULT lines $flags: $lines lines ($bytes bytes), $((lines / n)) per operation ($n operations)"
  done
fi

if [[ $only == all || $only == debug ]]; then
  echo "== rustc acs_ecs, debug"
  compile "debug, all operations"
fi
if [[ $only == all || $only == debug || $only == by-name ]]; then
  compile "debug, all operations + by-name" --features by-name
fi
if [[ $only == all || $only == debug ]]; then
  ACS_ECS_OPERATIONS=$selection compile "debug, 3 operations"
  INCREMENTAL=keep compile "debug incremental rebuild after touching, all operations"
fi

if [[ $only == all || $only == release ]]; then
  echo "== rustc acs_ecs, release"
  compile "release, all operations" --release
  ACS_ECS_OPERATIONS=$selection compile "release, 3 operations" --release
fi
