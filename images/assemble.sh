#!/usr/bin/env bash
# Lays out one module's runtime for a container image, from its `mvn package` output:
#   images/assemble.sh <module> <dest> [--root DIR] [--flink]
# <dest>/lib/NNN-<jar>: the module's jar, then every jar of <module>/target/classpath.txt, numbered
# in classpath order (names stay unique, order stays visible); <dest>/jvm.args: "-cp" and that
# classpath under --root (default <dest>), for `java @<dest>/jvm.args <main class>`.
# --flink: instead <dest>/usrlib/ for the Flink image: the module's jar as <module>.jar (the
# FlinkDeployment's jarURI) and the dependencies beside it (Flink puts usrlib/ on the user classpath).
# Every Dockerfile's build stage runs this; the image tests run it after `mvn package` too.
set -euo pipefail

usage() { echo "usage: $0 <module> <dest> [--root DIR] [--flink]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
module=$1 dest=$2
shift 2
root=$dest flink=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --root) root=${2:?--root needs a value}; shift 2 ;;
    --flink) flink=true; shift ;;
    *) usage ;;
  esac
done

target=$module/target
classpath_file=$target/classpath.txt
[[ -f $classpath_file ]] || { echo "error: $classpath_file is missing; run mvn package for $module first" >&2; exit 1; }
shopt -s nullglob
jars=("$target"/truelift-*.jar)
shopt -u nullglob
[[ ${#jars[@]} -eq 1 ]] || { echo "error: expected one truelift-*.jar in $target, found ${#jars[@]}" >&2; exit 1; }

IFS=: read -r -a deps < <(tr -d "\n" < "$classpath_file"; echo)
for dep in "${deps[@]}"; do
  [[ -z $dep || -f $dep ]] || { echo "error: classpath entry $dep of $module is not a jar file" >&2; exit 1; }
done

if $flink; then
  mkdir -p "$dest/usrlib"
  cp "${jars[0]}" "$dest/usrlib/truelift-$module.jar"
  i=0
  for dep in "${deps[@]}"; do
    [[ -n $dep ]] || continue
    i=$((i + 1))
    cp "$dep" "$dest/usrlib/$(printf '%03d' "$i")-$(basename "$dep")"
  done
  echo "Laid out $module for Flink: $((i + 1)) jars in $dest/usrlib"
  exit 0
fi

mkdir -p "$dest/lib"
entries=("${jars[0]}" "${deps[@]}")
classpath=()
i=0
for entry in "${entries[@]}"; do
  [[ -n $entry ]] || continue
  i=$((i + 1))
  name=$(printf '%03d' "$i")-$(basename "$entry")
  cp "$entry" "$dest/lib/$name"
  classpath+=("$root/lib/$name")
done
{
  echo "-cp"
  (IFS=:; echo "${classpath[*]}")
} > "$dest/jvm.args"
echo "Laid out $module: $i jars in $dest/lib, classpath in $dest/jvm.args"
