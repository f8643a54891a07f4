# Sourced by the start-up benchmarks: localai_fixtures ROOT prints the LocalAI fixture folder, STRATA_FIXTURES or the
# nearest shared/fixtures/localai above ROOT; it fails naming ROOT when there is none.
localai_fixtures() {
  if [[ -n ${STRATA_FIXTURES:-} ]]; then echo "$STRATA_FIXTURES"; return; fi
  local dir=$1
  while [[ $dir != / ]]; do
    [[ -d $dir/shared/fixtures/localai ]] && { echo "$dir/shared/fixtures/localai"; return; }
    dir=$(dirname "$dir")
  done
  echo "no shared/fixtures/localai above $1 (set STRATA_FIXTURES)" >&2
  return 1
}
