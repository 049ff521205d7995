#!/bin/sh
# The official image builds Redis with protected mode off; Debian's keeps it on and would refuse
# the other containers ("DENIED Redis is running in protected mode").
if [ "$1" = redis-server ]; then shift; exec redis-server "$@" --protected-mode no; fi
exec "$@"
