#!/usr/bin/env bash
# Bootstraps and runs the build: compiles build/_build.csproj ahead of time (ReadyToRun, Release) only when its
# sources changed, then passes every argument through.
#
# Compiled build = .nuke/temp/bin/ (framework-dependent; _build.dll holds native code for this OS/architecture, so
# a call spends little time in the JIT). Two fingerprints decide whether to compile:
#   .nuke/temp/build.stamp           names, sizes and mtimes of the build's sources: a warm call costs one `find`.
#   .nuke/temp/bin/build.fingerprint names and content hashes of the same files, plus global.json, OS and
#                                    architecture: consulted only when the first one differs (a fresh clone, a
#                                    checkout, a touched file); when it matches, nothing is compiled.
#
# Reusing a compiled build (e.g. one CI job compiles, the others download it) — the artifact contract:
#   - the artifact is the folder .nuke/temp/bin/ exactly as this script left it (build.fingerprint included);
#   - put it back at .nuke/temp/bin/ of a checkout of the same commit (or point STRATA_PREBUILT_BIN at a folder
#     holding it; it is copied into .nuke/temp/bin/), then call ./build.sh as usual;
#   - it is used only when its build.fingerprint equals this checkout's content fingerprint; otherwise (other
#     sources, another architecture, a missing or partial folder) this script compiles as if it were absent.
#   Producing it: any ./build.sh call (e.g. `./build.sh --help`) leaves a complete .nuke/temp/bin/.
set -eo pipefail

ROOT_DIRECTORY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_PROJECT="$ROOT_DIRECTORY/build/_build.csproj"
OUTPUT_DIRECTORY="$ROOT_DIRECTORY/.nuke/temp/bin"
STAMP_FILE="$ROOT_DIRECTORY/.nuke/temp/build.stamp"
FINGERPRINT_FILE="$OUTPUT_DIRECTORY/build.fingerprint"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: dotnet was not found on PATH; install the .NET SDK named in global.json (https://dot.net)" >&2
  exit 2
fi

<<<<<<< HEAD
# Every file that feeds the build project, one per line (NUL-free names are assumed, as everywhere in this repo).
build_sources() {
  find build \( -path build/tests -o -path build/benchmarks -o -name bin -o -name obj \) -prune -o \
    -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) "$@" | LC_ALL=C sort
=======
# The fingerprint covers the content of every file that feeds the build project, so a warm call reads a few hundred KB
# instead of starting an MSBuild evaluation. Only POSIX tools and options (find -exec, cksum, sort): the darwin CI job
# runs this with macOS/BSD tools, which lack GNU find's -printf and md5sum.
fingerprint() {
  cd "$ROOT_DIRECTORY"
  {
    find build \( -path build/tests -o -path build/benchmarks -o -name bin -o -name obj \) -prune -o \
      -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) -exec cksum {} + | LC_ALL=C sort
    for file in global.json Directory.Build.props Directory.Packages.props .editorconfig; do
      if [[ -f "$file" ]]; then cksum "$file"; fi
    done
  } | cksum
>>>>>>> main
}

stat_fingerprint() {
  cd "$ROOT_DIRECTORY"
  { build_sources -printf '%p %s %T@\n'; cat global.json; } | md5sum | cut -d' ' -f1
}

content_fingerprint() {
  cd "$ROOT_DIRECTORY"
  { build_sources -print | xargs -d '\n' md5sum; cat global.json; uname -sm; echo readytorun-release; } \
    | md5sum | cut -d' ' -f1
}

is_complete_build() { [[ -f "$1/_build.dll" && -f "$1/_build.runtimeconfig.json" && -f "$1/build.fingerprint" ]]; }

current="$(stat_fingerprint)"
if ! is_complete_build "$OUTPUT_DIRECTORY" || [[ ! -f "$STAMP_FILE" || "$(<"$STAMP_FILE")" != "$current" ]]; then
  rm -f "$STAMP_FILE"
  content="$(content_fingerprint)"
  if [[ -n "$STRATA_PREBUILT_BIN" && "$STRATA_PREBUILT_BIN" != "$OUTPUT_DIRECTORY" ]] && is_complete_build "$STRATA_PREBUILT_BIN" \
     && [[ "$(<"$STRATA_PREBUILT_BIN/build.fingerprint")" == "$content" ]]; then
    rm -rf "$OUTPUT_DIRECTORY"
    mkdir -p "$(dirname "$OUTPUT_DIRECTORY")"
    cp -R "$STRATA_PREBUILT_BIN" "$OUTPUT_DIRECTORY"
  fi
  if ! is_complete_build "$OUTPUT_DIRECTORY" || [[ "$(<"$FINGERPRINT_FILE")" != "$content" ]]; then
    rm -f "$FINGERPRINT_FILE"
    if ! build_log="$(dotnet publish "$BUILD_PROJECT" --nologo -v q -clp:NoSummary -c Release --use-current-runtime \
        --self-contained false -p:PublishReadyToRun=true -o "$OUTPUT_DIRECTORY" 2>&1)"; then
      echo "$build_log" >&2
      echo "error: compiling the build project failed (see above)" >&2
      exit 2
    fi
    echo "$content" > "$FINGERPRINT_FILE"
  fi
  echo "$current" > "$STAMP_FILE"
fi

# The engine finds the root from --root; pass ours unless the caller chose one (--root DIR, --root=DIR, -root DIR).
root_argument=(--root "$ROOT_DIRECTORY")
for argument in "$@"; do
  case "$argument" in
    --root | --root=* | -root | -root=*) root_argument=() ;;
  esac
done
exec dotnet "$OUTPUT_DIRECTORY/_build.dll" "$@" "${root_argument[@]}"
