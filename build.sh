#!/usr/bin/env bash
# Bootstraps and runs the build: compiles build/_build.csproj ahead of time (ReadyToRun, Release) only when its
# sources changed, then passes every argument through.
#
# Compiled build = .nuke/temp/bin/ (framework-dependent; _build.dll holds native code for this OS/architecture, so
# a call spends little time in the JIT). .nuke/temp/bin/build.fingerprint records what it was compiled from: the
# content of the build's sources, global.json, OS and architecture; when that matches, nothing is compiled. A warm call
# does not even read the sources: .nuke/temp/build.checked records when the content last matched, and while no input
# has changed since (inode change times, one `find`), the call goes straight to the compiled build.
#
# Reusing a compiled build (e.g. one CI job compiles, the others download it) — the artifact contract:
#   - the artifact is the folder .nuke/temp/bin/ exactly as this script left it (build.fingerprint included);
#   - put it back at .nuke/temp/bin/ of a checkout of the same commit (or point STRATA_PREBUILT_BIN at a folder
#     holding it, absolute or relative to the repository root; it is copied into .nuke/temp/bin/), then call
#     ./build.sh as usual;
#   - it is used only when its build.fingerprint equals this checkout's content fingerprint; otherwise (other
#     sources, another architecture, a missing or partial folder) this script compiles as if it were absent.
#     With STRATA_PREBUILT_BIN set, one line on stderr says which happened (CI logs show whether a job reused it).
#   The generated workflows do this: the derive job uploads .nuke/temp/bin/ as an artifact, every other linux x64 job
#   downloads it to the folder the workflow's STRATA_PREBUILT_BIN names (README "On GitHub").
#   Producing it: any ./build.sh call (e.g. `./build.sh --help`) leaves a complete .nuke/temp/bin/.
#
# Compiled builds are also kept per machine, by fingerprint, in STRATA_BUILD_CACHE (default
# ${XDG_CACHE_HOME:-~/.cache}/strata/builds; "off" turns it off): a second clone or worktree of sources already compiled
# on this machine takes that build instead of compiling. The most recently used few are kept.
#
# Direct compile: new sources of a project file compiled on this machine before are compiled by the C# compiler alone,
# with the arguments MSBuild gave it then (a compile recipe, kept in STRATA_BUILD_CACHE/recipes): no MSBuild evaluation,
# restore or ReadyToRun step, about half the time. That build runs on the JIT (marked by build.direct in
# .nuke/temp/bin/) until the ReadyToRun build of the same sources, compiled in the background, replaces it. Never when
# CI is set (a CI job's compiled build is what the rest of its run reuses) or with STRATA_BUILD_CACHE=off.
#
# Native start (Linux): the same sources compiled with Native AOT into .nuke/temp/native/ start in a fraction of the
# time. Compiling it takes about half a minute, so it happens in the background after a call finds it missing or out of
# date (never when CI is set), and calls use it once it matches the compiled build's fingerprint. It runs the targets
# declared RunsNatively (Derive without a GitHub token) and --help/--plan, and hands any other call over to the
# managed build before anything is planned. STRATA_NATIVE=off: never compile or run it.
set -eo pipefail

script_directory="${BASH_SOURCE[0]%/*}"
if [[ "$script_directory" == "${BASH_SOURCE[0]}" ]]; then script_directory=.; fi
# Without a subshell in the usual cases (./build.sh, an absolute path): every fork is a millisecond of every call.
case "$script_directory" in
  .) ROOT_DIRECTORY="$PWD" ;;
  /*/.* | /*/ | *//*) ROOT_DIRECTORY="$(cd "$script_directory" && pwd)" ;;
  /*) ROOT_DIRECTORY="$script_directory" ;;
  *) ROOT_DIRECTORY="$(cd "$script_directory" && pwd)" ;;
esac
BUILD_PROJECT="$ROOT_DIRECTORY/build/_build.csproj"
OUTPUT_DIRECTORY="$ROOT_DIRECTORY/.nuke/temp/bin"
FINGERPRINT_FILE="$OUTPUT_DIRECTORY/build.fingerprint"
# When the compiled build last matched the sources' content (outside bin/, so it never travels with the artifact).
CHECKED_FILE="$ROOT_DIRECTORY/.nuke/temp/build.checked"
OPTIONAL_INPUTS=(global.json Directory.Build.props Directory.Packages.props .editorconfig)
BUILD_CACHE="${STRATA_BUILD_CACHE:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/strata/builds}"
BUILD_CACHE_ENTRIES=8
RECIPES="$BUILD_CACHE/recipes"
RECIPE_ENTRIES=4
# Marks a compiled build made by the direct compile (JIT only); the background ReadyToRun compile replaces it.
DIRECT_MARKER=build.direct
# In front of the compilers: empty for a call's own compile, `nice` for the background ones.
COMPILE_PRIORITY=()
NATIVE_DIRECTORY="$ROOT_DIRECTORY/.nuke/temp/native"
NATIVE_MODE="${STRATA_NATIVE:-auto}"
case "$NATIVE_MODE" in
  auto | off) ;;
  *) echo "error: STRATA_NATIVE='$NATIVE_MODE' is not valid; valid values: auto, off" >&2; exit 2 ;;
esac

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: dotnet was not found on PATH; install the .NET SDK named in global.json (https://dot.net)" >&2
  exit 2
fi

# The fingerprint covers the content of every file that feeds the build project, so a warm call reads a few hundred KB
# instead of starting an MSBuild evaluation. Only POSIX tools and options (find -exec, cksum, sort): the darwin CI job
# runs this with macOS/BSD tools, which lack GNU find's -printf and md5sum. OS and architecture come from bash itself.
fingerprint() {
  cd "$ROOT_DIRECTORY"
  {
    find build \( -path build/tests -o -path build/benchmarks -o -name bin -o -name obj \) -prune -o \
      -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) -exec cksum {} + | LC_ALL=C sort
    for file in global.json Directory.Build.props Directory.Packages.props .editorconfig; do
      if [[ -f "$file" ]]; then cksum "$file"; fi
    done
    echo "readytorun release $OSTYPE $HOSTTYPE"
  } | cksum
}

is_compiled_from() { [[ -f "$1/_build.dll" && -f "$1/build.fingerprint" && "$(<"$1/build.fingerprint")" == "$2" ]]; }

# Puts a copy of the compiled build in $1 at .nuke/temp/bin, whole or not at all (copied beside it, then renamed).
install_compiled_build() {
  local copy="$OUTPUT_DIRECTORY.copy.$$"
  rm -rf "$copy"
  mkdir -p "${OUTPUT_DIRECTORY%/*}"
  if cp -R "$1" "$copy" 2>/dev/null; then
    rm -rf "$OUTPUT_DIRECTORY"
    mv "$copy" "$OUTPUT_DIRECTORY"
  else
    rm -rf "$copy"
    return 1
  fi
}

# The entry of folder $1 for fingerprint $2 ("<crc> <size>" → <crc>-<size>): compiled builds in BUILD_CACHE, compile
# recipes in RECIPES (evict_least_recently_used counts entries by that name).
cache_entry() { printf '%s/%s' "$1" "${2// /-}"; }

# Keeps the compiled build just made ($2, default .nuke/temp/bin) for other checkouts of the same sources ($1). Best
# effort: a cache that cannot be written costs nothing but the reuse. Written beside the entry and renamed, so a reader
# never sees half of one; of two checkouts storing the same entry at once, the second's copy is dropped; a damaged
# entry is replaced.
store_in_build_cache() {
  [[ "$BUILD_CACHE" != off ]] || return 0
  local entry staging compiled="${2:-$OUTPUT_DIRECTORY}"
  entry="$(cache_entry "$BUILD_CACHE" "$1")"
  staging="$BUILD_CACHE/.staging.$$"
  ! is_compiled_from "$entry" "$1" || return 0
  { mkdir -p "$BUILD_CACHE" && rm -rf "$staging" "$entry" && cp -R "$compiled" "$staging" \
      && mv "$staging" "$entry"; } 2>/dev/null || true
  rm -rf "$staging" "$entry/${staging##*/}" 2>/dev/null || true
  evict_least_recently_used "$BUILD_CACHE" "$BUILD_CACHE_ENTRIES"
}

# Drops the least recently used entries of folder $1 beyond $2 (use = modification time, moved on every reuse).
# Entries are named by a fingerprint ("<crc>-<size>"), so recipes/ and staging folders are not counted.
evict_least_recently_used() {
  local entries=() entry oldest
  for entry in "$1"/[0-9]*-[0-9]*; do [[ -d "$entry" ]] && entries+=("$entry"); done
  while (( ${#entries[@]} > $2 )); do
    oldest="${entries[0]}"
    for entry in "${entries[@]}"; do [[ "$entry" -ot "$oldest" ]] && oldest="$entry"; done
    rm -rf "$oldest" 2>/dev/null || return 0
    local kept=()
    for entry in "${entries[@]}"; do [[ "$entry" != "$oldest" ]] && kept+=("$entry"); done
    entries=("${kept[@]}")
  done
}

# Takes the compiled build for fingerprint $1 from the machine's cache, if it holds one.
take_from_build_cache() {
  [[ "$BUILD_CACHE" != off ]] || return 1
  local entry
  entry="$(cache_entry "$BUILD_CACHE" "$1")"
  is_compiled_from "$entry" "$1" && install_compiled_build "$entry" || return 1
  touch "$entry" 2>/dev/null || true
}

# What the check vouches for (into CHECK_RECORD, no subshell): the compiled build's fingerprint on this OS/architecture,
# and which optional inputs exist (adding a global.json changes no existing file).
set_check_record() {
  IFS= read -r CHECK_RECORD <"$FINGERPRINT_FILE" || true
  CHECK_RECORD+=" $OSTYPE $HOSTTYPE"
  CHECK_INPUTS=(build)
  local file
  for file in "${OPTIONAL_INPUTS[@]}"; do
    if [[ -f "$ROOT_DIRECTORY/$file" ]]; then CHECK_RECORD+=" $file"; CHECK_INPUTS+=("$file"); fi
  done
}

# The warm path: nothing that feeds the build changed since the content fingerprint last matched, judged by the inode
# change time (ctime), which every write, rename, delete (through its folder) and touch moves forward and no tool sets
# back. It stats files, where the fingerprint reads them all (~45 ms of a warm call on 2 cores, BENCHMARKS.md §8b).
checked_and_unchanged() {
  [[ -f "$CHECKED_FILE" && -f "$FINGERPRINT_FILE" && -f "$OUTPUT_DIRECTORY/_build.dll" ]] || return 1
  set_check_record
  local recorded=""
  IFS= read -r recorded <"$CHECKED_FILE" || true
  [[ "$recorded" == "$CHECK_RECORD" ]] || return 1
  # -cnewer compares each file's ctime with the check file's modification time (GNU and BSD find alike).
  local changed
  changed="$(cd "$ROOT_DIRECTORY" && find "${CHECK_INPUTS[@]}" \( -path build/tests -o -path build/benchmarks -o -name bin -o -name obj \) \
    -prune -o -cnewer "$CHECKED_FILE" -print -quit)" || return 1
  [[ -z "$changed" ]]
}

# Records a match. The check file's modification time is the moment before the fingerprint was read (so a file changed
# while it was read counts as changed next time); files named by process, so concurrent calls do not race.
check_started="$CHECKED_FILE.started.$$"
record_check() {
  [[ -n "$check_started" && -f "$check_started" ]] || return 0   # .nuke/temp not writable: no warm path, still correct
  set_check_record
  printf '%s\n' "$CHECK_RECORD" > "$CHECKED_FILE.$$"
  touch -r "$check_started" "$CHECKED_FILE.$$"
  mv -f "$CHECKED_FILE.$$" "$CHECKED_FILE"
  rm -f "$check_started"
}

# The build's C# sources, relative to build/, in the order MSBuild gives them to the compiler: its default Compile glob
# (hidden folders and the project's bin/ and obj/ left out) less tests/ and benchmarks/ (_build.csproj), sorted
# case-insensitively, ties in directory order. The order is part of the result: the engine lists the targets and
# parameters that the partial Build*.cs files declare in declaration order.
build_sources() {
  local source
  (cd "$ROOT_DIRECTORY/build" && find . \( -path ./tests -o -path ./benchmarks -o -path ./bin -o -path ./obj \
    -o \( -type d -name '.?*' \) \) -prune -o -type f -name '*.cs' -print) | LC_ALL=C sort -f -s |
    while IFS= read -r source; do printf '%s\n' "${source#./}"; done
}

# What the compiler's arguments depend on besides the sources: the project and MSBuild files, editor configs, the SDK pin,
# OS and architecture. A compile recipe is kept under this fingerprint.
project_fingerprint() {
  cd "$ROOT_DIRECTORY"
  {
    find build \( -path build/tests -o -path build/benchmarks -o -name bin -o -name obj \) -prune -o \
      -type f \( -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name .editorconfig \) -exec cksum {} + | LC_ALL=C sort
    for file in "${OPTIONAL_INPUTS[@]}"; do
      if [[ -f "$file" ]]; then cksum "$file"; fi
    done
    echo "compiler arguments $OSTYPE $HOSTTYPE"
  } | cksum
}

# Publishes the build (ReadyToRun) through `dotnet build -t:Publish` into $1, leaving the compiler's arguments in folder
# $2 for save_compile_recipe; further MSBuild arguments follow. Analyzers are left to the test build (`dotnet test`
# compiles this project with them, warnings as errors, and CI runs it): here they would add about a third to every
# compile. No apphost: the build runs as `dotnet _build.dll`.
publish_readytorun() {
  local output=$1 recipe=$2
  shift 2
  "${COMPILE_PRIORITY[@]}" dotnet build "$BUILD_PROJECT" --nologo -v q -clp:NoSummary -c Release --use-current-runtime \
    --self-contained false -p:PublishReadyToRun=true -t:Publish -p:RunAnalyzers=false -p:UseAppHost=false \
    -p:StrataCompileRecipe="$recipe" -p:PublishDir="$output/" -o "$output" "$@"
}

# Keeps what MSBuild's compile that left $1/arguments and $1/compiler takes to be repeated without MSBuild, for other
# sources of the same project file: the arguments less the sources and outputs, the files MSBuild generated for them,
# the compiled build $2 less _build.dll (the libraries, deps.json, runtimeconfig.json). Paths into this checkout become
# @ROOT@, the generated files @GENERATED@, the sources one @SOURCES@ line. Kept only when MSBuild compiled exactly
# build_sources, in that order (else a direct compile would not compile what MSBuild does). Best effort, like the cache.
save_compile_recipe() {
  [[ "$BUILD_CACHE" != off && -f "$1/arguments" && -f "$1/compiler" ]] || return 0
  local recipe staging="$RECIPES/.staging.$$"
  recipe="$(cache_entry "$RECIPES" "$(project_fingerprint)")"
  if compose_compile_recipe "$staging" "$1" "$2" 2>/dev/null; then
    { rm -rf "$recipe" && mv "$staging" "$recipe"; } 2>/dev/null || true
  fi
  rm -rf "$staging" 2>/dev/null || true
  evict_least_recently_used "$RECIPES" "$RECIPE_ENTRIES"
}

# Writes the recipe for save_compile_recipe into folder $1 from MSBuild's record $2 and compiled build $3.
compose_compile_recipe() {
  local staging=$1 work=$2 compiled=$3 line path intermediate="" generated sources=""
  rm -rf "$staging" && mkdir -p "$staging/generated" || return 1
  while IFS= read -r line; do
    case "$line" in /out:*) intermediate="${line#/out:}"; intermediate="${intermediate%/*}/" ;; esac
  done <"$work/arguments"
  [[ -n "$intermediate" ]] || return 1
  generated="$intermediate"
  if [[ "$generated" != /* ]]; then generated="$ROOT_DIRECTORY/build/$generated"; fi
  while IFS= read -r line; do
    case "$line" in
      /out:* | /refout:* | /noconfig) continue ;;
    esac
    if [[ "$line" == *"$intermediate"* ]]; then
      path="${line#*"$intermediate"}"
      path="${path%\"}"
      [[ "$path" != */* ]] || return 1   # only the generated files beside the output are arguments
      substitute "$ROOT_DIRECTORY/" "@ROOT@/" <"$generated$path" >"$staging/generated/$path" || return 1
      line="${line/"$intermediate"/@GENERATED@/}"
      if [[ "$line" != /* ]]; then line="\"$line\""; fi
    elif [[ "$line" != /* ]]; then
      if [[ -z "$sources" ]]; then echo "@SOURCES@"; fi
      sources+="$line"$'\n'
      continue
    fi
    printf '%s\n' "${line//"$ROOT_DIRECTORY/"/@ROOT@/}"
  done <"$work/arguments" >"$staging/arguments" || return 1
  [[ "$sources" == "$(build_sources)"$'\n' ]] || return 1
  cp "$work/compiler" "$staging/compiler" && cp -R "$compiled" "$staging/bin" || return 1
  rm -f "$staging/bin/_build.dll" "$staging/bin/_build.pdb" "$staging/bin/build.fingerprint" "$staging/bin/$DIRECT_MARKER"
}

# Copies standard input to standard output with every $1 replaced by $2 (bash alone: the same on every OS).
substitute() {
  local line
  while IFS= read -r line || [[ -n "$line" ]]; do printf '%s\n' "${line//"$1"/$2}"; done
}

# The direct compile (see the top): compiles the sources into .nuke/temp/bin with the recipe for this project file and
# marks the result build.direct. Returns 1 when there is no usable recipe or the compile failed for another reason
# than the sources (the caller then compiles through MSBuild); errors in the sources end the call with exit 2.
compile_directly() {
  [[ -z "${CI:-}" && "$BUILD_CACHE" != off ]] || return 1
  local fingerprint=$1 recipe compiler="" work="$ROOT_DIRECTORY/.nuke/temp/direct.$$" line file source
  recipe="$(cache_entry "$RECIPES" "$(project_fingerprint)")"
  [[ -f "$recipe/arguments" && -d "$recipe/bin" && -f "$recipe/compiler" ]] || return 1
  IFS= read -r compiler <"$recipe/compiler" || return 1
  [[ -f "$compiler" ]] || return 1
  { rm -rf "$work" && mkdir -p "$work" && cp -R "$recipe/generated" "$work/generated" && cp -R "$recipe/bin" "$work/bin"; } 2>/dev/null \
    || { rm -rf "$work"; return 1; }
  for file in "$work"/generated/* "$work"/generated/.[!.]*; do
    if [[ -f "$file" ]]; then substitute "@ROOT@/" "$ROOT_DIRECTORY/" <"$file" >"$file.instance" && mv "$file.instance" "$file"; fi
  done
  {
    while IFS= read -r line; do
      if [[ "$line" == @SOURCES@ ]]; then
        while IFS= read -r source; do printf '"%s"\n' "$source"; done < <(build_sources)
      else
        line="${line//@ROOT@\//$ROOT_DIRECTORY/}"
        printf '%s\n' "${line//@GENERATED@/$work/generated}"
      fi
    done <"$recipe/arguments"
    printf '"/out:%s/_build.dll"\n' "$work/bin"
  } >"$work/arguments"
  # The compiler runs a few seconds: profile-guided re-JIT of its hot methods would only cost time.
  if ! (cd "$ROOT_DIRECTORY/build" && DOTNET_TieredPGO=0 dotnet exec "$compiler" -noconfig -nologo "@$work/arguments") >"$work/log" 2>&1; then
    if grep -q '^/.*([0-9]*,[0-9]*): error CS' "$work/log"; then
      cat "$work/log" >&2
      rm -rf "$work" "$check_started"
      echo "error: compiling the build project failed (see above)" >&2
      exit 2
    fi
    rm -rf "$work"
    return 1
  fi
  touch "$recipe" 2>/dev/null || true
  echo "$fingerprint" >"$work/bin/build.fingerprint"
  : >"$work/bin/$DIRECT_MARKER"
  rm -rf "$OUTPUT_DIRECTORY"
  mv "$work/bin" "$OUTPUT_DIRECTORY"
  rm -rf "$work"
}

if checked_and_unchanged; then
  current=""
else
  { mkdir -p "${CHECKED_FILE%/*}" && : > "$check_started"; } 2>/dev/null || check_started=""
  current="$(fingerprint)"
fi
if [[ -n "$current" ]] && ! is_compiled_from "$OUTPUT_DIRECTORY" "$current"; then
  prebuilt="$STRATA_PREBUILT_BIN"
  if [[ -n "$prebuilt" && "$prebuilt" != /* ]]; then prebuilt="$ROOT_DIRECTORY/$prebuilt"; fi
  if [[ -n "$prebuilt" && "$prebuilt" != "$OUTPUT_DIRECTORY" ]] && is_compiled_from "$prebuilt" "$current"; then
    echo "build.sh: reusing the compiled build from STRATA_PREBUILT_BIN=$STRATA_PREBUILT_BIN (fingerprint $current)" >&2
    install_compiled_build "$prebuilt" || { echo "error: could not copy $prebuilt to $OUTPUT_DIRECTORY" >&2; exit 2; }
  elif take_from_build_cache "$current"; then
    if [[ -n "$prebuilt" ]]; then
      echo "build.sh: STRATA_PREBUILT_BIN=$STRATA_PREBUILT_BIN holds no compiled build for fingerprint $current; took the one compiled on this machine before ($BUILD_CACHE)" >&2
    fi
  else
    if [[ -n "$prebuilt" ]]; then
      echo "build.sh: compiling the build: STRATA_PREBUILT_BIN=$STRATA_PREBUILT_BIN holds no compiled build for fingerprint $current (other sources, OS or architecture, or absent)" >&2
    fi
    rm -f "$FINGERPRINT_FILE"
    recipe_work=""
    if ! compile_directly "$current"; then
      # MSBuild judges its own outputs by modification time, so a source written with an older time (cp -p, tar,
      # rsync -t) would leave the previous compilation in place: the content changed, so the compile starts from nothing.
      rm -rf "$ROOT_DIRECTORY/build/obj/Release"
      recipe_work="$ROOT_DIRECTORY/.nuke/temp/recipe.$$"
      if ! build_log="$(publish_readytorun "$OUTPUT_DIRECTORY" "$recipe_work" 2>&1)"; then
        rm -rf "$recipe_work" "$check_started"
        echo "$build_log" >&2
        echo "error: compiling the build project failed (see above)" >&2
        exit 2
      fi
      echo "$current" > "$FINGERPRINT_FILE"
    fi
    # The compile created folders under build/ (obj/): the check starts after it, if the sources stayed as compiled
    # (and only a ReadyToRun build of sources that stayed as fingerprinted goes to the machine's cache).
    if [[ -n "$check_started" ]]; then : > "$check_started"; fi
    if [[ "$(fingerprint)" != "$current" ]]; then
      current=""
      rm -f "$check_started"
    elif [[ -n "$recipe_work" ]]; then
      store_in_build_cache "$current"
      save_compile_recipe "$recipe_work" "$OUTPUT_DIRECTORY"
    fi
    if [[ -n "$recipe_work" ]]; then rm -rf "$recipe_work"; fi
  fi
fi
if [[ -n "$current" ]]; then record_check; fi

# The native build is current when it was compiled from the fingerprint of the managed build that just passed the check.
native_is_current() {
  local native_fingerprint managed_fingerprint
  [[ -x "$NATIVE_DIRECTORY/_build" && -f "$NATIVE_DIRECTORY/build.fingerprint" && -f "$FINGERPRINT_FILE" ]] || return 1
  read -r native_fingerprint <"$NATIVE_DIRECTORY/build.fingerprint" || return 1
  read -r managed_fingerprint <"$FINGERPRINT_FILE" || return 1
  [[ "$native_fingerprint" == "$managed_fingerprint" ]]
}

# Publishes the native build for fingerprint $1 into a folder of its own (restore and intermediate files too, so the
# managed build's obj/ is untouched) and installs it only if the sources still have that fingerprint. The trim and AOT
# warnings name the engine's reflection over the build class (kept whole, see _build.csproj) and Octokit (never run
# natively); they do not fail this compile.
compile_native() {
  local fingerprint=$1 work="$NATIVE_DIRECTORY.work.$$"
  rm -rf "$work"
  "${COMPILE_PRIORITY[@]}" dotnet publish "$BUILD_PROJECT" --nologo -v q -c Release --use-current-runtime -p:PublishAot=true \
    -p:OptimizationPreference=Size -p:RunAnalyzers=false -p:TreatWarningsAsErrors=false \
    -p:SuppressTrimAnalysisWarnings=true -p:SuppressAotAnalysisWarnings=true \
    -p:BaseIntermediateOutputPath="$work/obj/" -p:OutputPath="$work/bin/" -o "$work/out" || { rm -rf "$work"; return 1; }
  rm -f "$work/out/"*.dbg   # the native symbols: 50 MB nobody reads
  if [[ "$(fingerprint)" != "$fingerprint" ]]; then
    echo "build.sh: the sources changed while the native build compiled; not installed"
    rm -rf "$work"
    return 1
  fi
  echo "$fingerprint" >"$work/out/build.fingerprint"
  rm -rf "$NATIVE_DIRECTORY"
  mv "$work/out" "$NATIVE_DIRECTORY"
  rm -rf "$work"
}

# Compiles the ReadyToRun build of fingerprint $1 (in folders of its own: the next call may compile directly meanwhile)
# and puts it in the machine's cache; it replaces .nuke/temp/bin only while that is still the direct compile of the same
# sources (a running call keeps the files it opened; the folder is swapped by two renames).
compile_readytorun() {
  local fingerprint=$1 work="$ROOT_DIRECTORY/.nuke/temp/readytorun.work.$$"
  rm -rf "$work"
  publish_readytorun "$work/out" "$work/recipe" -p:BaseIntermediateOutputPath="$work/obj/" -p:OutputPath="$work/bin/" \
    || { rm -rf "$work"; return 1; }
  if [[ "$(fingerprint)" != "$fingerprint" ]]; then
    echo "build.sh: the sources changed while the ReadyToRun build compiled; not installed"
    rm -rf "$work"
    return 1
  fi
  echo "$fingerprint" >"$work/out/build.fingerprint"
  store_in_build_cache "$fingerprint" "$work/out"
  save_compile_recipe "$work/recipe" "$work/out"
  if is_compiled_from "$OUTPUT_DIRECTORY" "$fingerprint" && [[ -f "$OUTPUT_DIRECTORY/$DIRECT_MARKER" ]]; then
    mv "$OUTPUT_DIRECTORY" "$work/replaced" && mv "$work/out" "$OUTPUT_DIRECTORY"
  fi
  rm -rf "$work"
}

# Runs job $2 (a function taking the compiled build's fingerprint) in the background, logging to .nuke/temp/$1.log,
# once per fingerprint: not while another call's runs (a lock folder .nuke/temp/$1.lock holding its process id; a lock
# whose process is gone is taken over), not again after it failed for this fingerprint (.nuke/temp/$1.failed). $3 is
# the line that tells the user on stderr.
start_in_background() {
  local name=$1 job=$2 message=$3 fingerprint base="$ROOT_DIRECTORY/.nuke/temp/$1" owner=""
  local lock="$base.lock"
  read -r fingerprint <"$FINGERPRINT_FILE" || return 0
  if [[ -f "$base.failed" && "$(<"$base.failed")" == "$fingerprint" ]]; then return 0; fi
  if ! mkdir "$lock" 2>/dev/null; then
    read -r owner <"$lock/pid" 2>/dev/null || owner=""
    if [[ -n "$owner" ]] && kill -0 "$owner" 2>/dev/null; then return 0; fi
    rm -rf "$lock"
    mkdir "$lock" 2>/dev/null || return 0
  fi
  echo "build.sh: $message; log: .nuke/temp/$name.log" >&2
  (
    trap 'rm -rf "$lock"' EXIT
    COMPILE_PRIORITY=(nice -n 10)
    if "$job" "$fingerprint"; then rm -f "$base.failed"; else echo "$fingerprint" >"$base.failed"; fi
  ) </dev/null >"$base.log" 2>&1 &
  echo "$!" >"$lock/pid"
  disown 2>/dev/null || true
}

# The engine finds the root from --root; pass ours unless the caller chose one (--root DIR, --root=DIR, -root DIR).
root_argument=(--root "$ROOT_DIRECTORY")
for argument in "$@"; do
  case "$argument" in
    --root | --root=* | -root | -root=*) root_argument=() ;;
  esac
done
if [[ -f "$OUTPUT_DIRECTORY/$DIRECT_MARKER" && -z "${CI:-}" ]]; then
  if [[ -f "$ROOT_DIRECTORY/.nuke/temp/readytorun.failed" && "$(<"$ROOT_DIRECTORY/.nuke/temp/readytorun.failed")" == "$(<"$FINGERPRINT_FILE")" ]]; then
    echo "build.sh: the ReadyToRun compile of these sources failed (see .nuke/temp/readytorun.log); the build compiled directly runs" >&2
  fi
  start_in_background readytorun compile_readytorun \
    "compiling the ReadyToRun build in the background; until it is in place, the build compiled directly runs on the JIT"
fi
if [[ "$NATIVE_MODE" == auto && "$OSTYPE" == linux* ]]; then
  if native_is_current; then
    STRATA_MANAGED_BUILD="$OUTPUT_DIRECTORY/_build.dll" exec "$NATIVE_DIRECTORY/_build" "$@" "${root_argument[@]}"
  fi
  # Never when CI is set: a CI job's machine is gone before it would pay off.
  if [[ -z "${CI:-}" ]]; then
    start_in_background native compile_native \
      "compiling the native build in the background (about half a minute), later calls start faster (STRATA_NATIVE=off: never)"
  fi
fi
exec dotnet "$OUTPUT_DIRECTORY/_build.dll" "$@" "${root_argument[@]}"
