#!/usr/bin/env bash
# Runs the test suite with a JDK 21+ (pass -Dlong=true to include the long variants).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-env.sh
exec mvn -B test "$@"
