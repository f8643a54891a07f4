#!/bin/sh
cat "$(dirname "$0")/version"
