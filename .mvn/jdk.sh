# Finds a JDK 21+ and exports JAVA_HOME for it. Sourced by ./mvnw and ./millrace.
# Order: $JAVA_HOME, the `java` on PATH, then JDKs in the usual install folders (newest first).
# POSIX sh: it runs inside the Maven Wrapper's `set -euf` shell.

millrace_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

millrace_jdk_ok() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  millrace_major=$(millrace_java_major "$1/bin/java")
  [ -n "$millrace_major" ] && [ "$millrace_major" -ge 21 ]
}

millrace_select_jdk() {
  if [ -n "${JAVA_HOME-}" ] && millrace_jdk_ok "$JAVA_HOME"; then
    return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    millrace_candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if millrace_jdk_ok "$millrace_candidate"; then
      JAVA_HOME=$millrace_candidate
      export JAVA_HOME
      return 0
    fi
  fi
  millrace_best=""
  millrace_best_major=0
  case $- in *f*) millrace_noglob=1 ;; *) millrace_noglob=0 ;; esac
  set +f
  for millrace_candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
    "${HOME:-/nonexistent}"/.sdkman/candidates/java/* "${HOME:-/nonexistent}"/.jdks/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$millrace_candidate/bin/javac" ] || continue
    millrace_major=$(millrace_java_major "$millrace_candidate/bin/java")
    [ -n "$millrace_major" ] || continue
    if [ "$millrace_major" -ge 21 ] && [ "$millrace_major" -gt "$millrace_best_major" ]; then
      millrace_best=$millrace_candidate
      millrace_best_major=$millrace_major
    fi
  done
  [ "$millrace_noglob" = 0 ] || set -f
  if [ -z "$millrace_best" ]; then
    echo "Millrace needs a JDK 21 or newer and found none (looked at JAVA_HOME, PATH, /usr/lib/jvm, ~/.sdkman, ~/.jdks); install one, e.g. 'apt-get install openjdk-21-jdk', or set JAVA_HOME." >&2
    exit 1
  fi
  JAVA_HOME=$millrace_best
  export JAVA_HOME
}

millrace_select_jdk
