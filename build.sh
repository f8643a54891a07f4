#!/usr/bin/env bash
# Bootstraps and runs the build: compiles build/_build.csproj only when its sources changed, then passes every argument through.
set -eo pipefail

ROOT_DIRECTORY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_PROJECT="$ROOT_DIRECTORY/build/_build.csproj"
OUTPUT_DIRECTORY="$ROOT_DIRECTORY/.nuke/temp/bin"
STAMP_FILE="$ROOT_DIRECTORY/.nuke/temp/build.stamp"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: dotnet was not found on PATH; install the .NET SDK named in global.json (https://dot.net)" >&2
  exit 2
fi

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
}

current="$(fingerprint)"
if [[ ! -f "$OUTPUT_DIRECTORY/_build.dll" || ! -f "$STAMP_FILE" || "$(cat "$STAMP_FILE")" != "$current" ]]; then
  rm -f "$STAMP_FILE"
  if ! build_log="$(dotnet build "$BUILD_PROJECT" --nologo -v q -clp:NoSummary -o "$OUTPUT_DIRECTORY" 2>&1)"; then
    echo "$build_log" >&2
    echo "error: compiling the build project failed (see above)" >&2
    exit 2
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
