#!/usr/bin/env bash
# Prints the home of a JDK 21 or newer: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm,
# else the one behind `java` on the PATH. Exits 1 with a message when there is none.
set -euo pipefail

major_of() { # java binary -> major version number
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | tail -n1 | cut -d. -f1
}

ok() { # JAVA_HOME candidate -> success when it holds a JDK >= 21 (javac included, Maven needs it)
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local m; m=$(major_of "$1/bin/java") || return 1
  [ -n "$m" ] && [ "$m" -ge 21 ]
}

if [ -n "${JAVA_HOME:-}" ] && ok "$JAVA_HOME"; then echo "$JAVA_HOME"; exit 0; fi
for d in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
  d=${d%/}
  if ok "$d"; then echo "$d"; exit 0; fi
done
if command -v java >/dev/null 2>&1; then
  h=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  if ok "$h"; then echo "$h"; exit 0; fi
fi
echo "sensus-push needs a JDK 21 or newer: set JAVA_HOME to one (found none under /usr/lib/jvm)" >&2
exit 1
