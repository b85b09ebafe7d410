# Sourced by ./connwatch and ./run-tests: finds a JDK of version $CONNWATCH_MIN_JAVA (25) or newer.
#
# find_jdk sets $JDK_FOUND to the JDK's home and returns 0, or returns 1; the candidates it looked
# at are left in $JDK_CANDIDATES_SEEN for the error message. (Call it directly, not in $(...),
# so that both variables reach the caller.)
# Search order: $JAVA_HOME, then the usual install folders (or the folders in
# $CONNWATCH_JDK_DIRS, colon-separated, when set), then the java on $PATH.

CONNWATCH_MIN_JAVA=25

# Prints the major version of the JDK at $1 (a java home), or nothing.
jdk_major() {
  local home=$1 v=
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  v=${v#1.}
  v=${v%%[.+-]*}
  case $v in ''|*[!0-9]*) return 1 ;; esac
  printf '%s\n' "$v"
}

find_jdk() {
  local dirs best= best_v=0 cand v
  JDK_CANDIDATES_SEEN=
  JDK_FOUND=
  local -a cands=()
  [ -n "${JAVA_HOME:-}" ] && cands+=("$JAVA_HOME")
  dirs=${CONNWATCH_JDK_DIRS-/usr/lib/jvm:/usr/java:/opt/java:/opt:/usr/local/lib/jvm:$HOME/.sdkman/candidates/java:$HOME/.jdks}
  local IFS=:
  for d in $dirs; do
    [ -d "$d" ] || continue
    for cand in "$d"/*; do
      [ -d "$cand" ] && cands+=("$cand")
    done
  done
  unset IFS
  if [ -z "${CONNWATCH_JDK_DIRS+x}" ] && command -v javac >/dev/null 2>&1; then
    cand=$(readlink -f "$(command -v javac)")
    cands+=("${cand%/bin/javac}")
  fi
  for cand in "${cands[@]}"; do
    v=$(jdk_major "$cand") || continue
    JDK_CANDIDATES_SEEN="$JDK_CANDIDATES_SEEN Java $v at $cand;"
    if [ "$v" -ge "$CONNWATCH_MIN_JAVA" ]; then
      # JAVA_HOME wins when it is recent enough; otherwise the newest found.
      if [ -n "${JAVA_HOME:-}" ] && [ "$cand" = "$JAVA_HOME" ]; then
        JDK_FOUND=$cand
        return 0
      fi
      if [ "$v" -gt "$best_v" ]; then
        best=$cand
        best_v=$v
      fi
    fi
  done
  [ -n "$best" ] || return 1
  JDK_FOUND=$best
}

no_jdk_message() {
  {
    echo "connwatch needs a JDK ${CONNWATCH_MIN_JAVA} or newer, and found none."
    if [ -n "$JDK_CANDIDATES_SEEN" ]; then
      echo "Found:${JDK_CANDIDATES_SEEN%;}."
    fi
    echo "Install one (for example Eclipse Temurin ${CONNWATCH_MIN_JAVA}: https://adoptium.net, or your distribution's openjdk-${CONNWATCH_MIN_JAVA}-jdk package),"
    echo "or point JAVA_HOME at one you have."
  } >&2
}
