#!/usr/bin/env bash
# How `cargo check` time grows with the number of models, for this ORM and for SeaORM 2 on the
# same generated schema (tests/scale/gen.rs): a chain of N models, each with five columns and a
# belongs_to to the previous one (with the has_many back), every fifth model also many-to-many with the one two before it,
# through a junction with an extra column.
#
#   tests/scale/compile-times.sh [N ...]     # default: 10 50 200
#   SEAORM=0 tests/scale/compile-times.sh    # this ORM only
#
# Each schema is its own crate under target/compile-scale/ (outside the workspace, so SeaORM's
# dependencies never enter it). Per size it prints the time of `cargo check` after
# `cargo clean -p` of the models crate (dependencies stay built) and after a one-line edit of one
# model, then the 200/10 style ratio of the first and last size.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 50 200)
work=${SCALE_DIR:-$repo/target/compile-scale}
flavours=(orm)
[ "${SEAORM:-1}" = 0 ] || flavours+=(seaorm)

cargo build -q --manifest-path "$repo/Cargo.toml" -p orm-tests --bin gen-schema
gen=$repo/target/debug/gen-schema

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min), $(nproc) cores"
echo
echo "| ORM | models (+junctions) | check after clean -p | check after one-line edit |"
echo "|---|---:|---:|---:|"
declare -A first last
for flavour in "${flavours[@]}"; do
  dir=$work/$flavour
  mkdir -p "$dir/src"
  case $flavour in
    orm) dep="orm-core = { path = \"$repo/orm-core\" }" ;;
    seaorm) dep='sea-orm = { version = "=2.0.4", default-features = false, features = ["macros", "runtime-tokio", "sqlx-sqlite"] }' ;;
  esac
  printf '[package]\nname = "scale-models"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[dependencies]\n%s\n\n[workspace]\n' "$dep" > "$dir/Cargo.toml"
  for n in "${sizes[@]}"; do
    "$gen" "$flavour" chain "$n" > "$dir/src/lib.rs"
    # Dependencies are built once, outside the measurement.
    cargo check -q --manifest-path "$dir/Cargo.toml" 2>/dev/null || cargo check --manifest-path "$dir/Cargo.toml"
    cargo clean -q -p scale-models --manifest-path "$dir/Cargo.toml"
    t0=$(now); cargo check -q --manifest-path "$dir/Cargo.toml"; t1=$(now)
    echo "// edited" >> "$dir/src/lib.rs"
    t2=$(now); cargo check -q --manifest-path "$dir/Cargo.toml"; t3=$(now)
    clean=$(secs "$t0" "$t1"); edit=$(secs "$t2" "$t3")
    echo "| $flavour | $n (+$((n / 5 - (n % 5 == 0 ? 1 : 0)))) | ${clean} s | ${edit} s |"
    [ -n "${first[$flavour]:-}" ] || first[$flavour]=$clean
    last[$flavour]=$clean
  done
done
echo
for flavour in "${flavours[@]}"; do
  awk -v f="$flavour" -v a="${first[$flavour]}" -v b="${last[$flavour]}" -v lo="${sizes[0]}" -v hi="${sizes[-1]}" \
    'BEGIN { printf "%s: %s models / %s models = %.1fx the check time for %.0fx the models\n", f, hi, lo, b / a, hi / lo }'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
