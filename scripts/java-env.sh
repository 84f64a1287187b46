# Sourced by the launcher, test.sh and .ci/run: exports JAVA_HOME (a JDK 21+) and, on JDK 24+,
# MAVEN_OPTS that silence Maven's own sun.misc.Unsafe warnings.
JAVA_HOME="$("$(dirname "${BASH_SOURCE[0]}")/find-jdk.sh")"
export JAVA_HOME
_major=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)
if [ "${_major:-0}" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
unset _major
