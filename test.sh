#!/usr/bin/env bash
# Runs the test suite with a JDK 21+ (pass -Dlong=true to include the long variants).
set -euo pipefail
cd "$(dirname "$0")"
JAVA_HOME="$(scripts/find-jdk.sh)"
export JAVA_HOME
exec mvn -B test "$@"
