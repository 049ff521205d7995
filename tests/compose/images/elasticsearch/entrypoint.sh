#!/bin/bash
# The official image turns settings given as environment variables (discovery.type=single-node)
# into -E flags; the plain distribution's scripts ignore them, so do it here. single-node must
# reach Elasticsearch this way, or it enforces its bootstrap checks and exits 78.
set -euo pipefail
flags=()
while IFS='=' read -r name value; do
  [[ "$name" =~ ^[a-z0-9_]+\.[a-z0-9_.]+$ ]] && flags+=("-E" "$name=$value")
done < <(env)
exec /usr/share/elasticsearch/bin/elasticsearch "${flags[@]}" "$@"
