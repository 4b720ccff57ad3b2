#!/usr/bin/env python3
"""Preprocessed size of every translation unit of a build (from its compile_commands.json).

  bench/preprocessed_sizes.py BUILD_DIR [--top N]

Prints the largest translation units (lines after preprocessing), the total, and how many include
nlohmann/json.hpp. The compiler runs with -E only: no object is built, so it takes seconds."""
import json
import os
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def measure(entry):
    args = shlex.split(entry["command"]) if "command" in entry else entry["arguments"]
    out = []
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg == "-o":
            skip = True
            continue
        if arg == "-c":
            continue
        out.append(arg)
    result = subprocess.run(out + ["-E", "-H", "-o", "-"], cwd=entry["directory"], capture_output=True, text=True)
    lines = result.stdout.count("\n")
    with_json = "nlohmann/json.hpp" in result.stderr
    return entry["file"], lines, with_json


def main():
    build = sys.argv[1]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 8
    source = next((line.split("=", 1)[1].strip() for line in open(os.path.join(build, "CMakeCache.txt"))
                   if line.startswith("CMAKE_HOME_DIRECTORY:")), ".")
    entries = json.load(open(os.path.join(build, "compile_commands.json")))
    # The project's own sources: generated protobuf/gRPC code and the npm tree are not ours to shrink.
    entries = [e for e in entries if "/tests/fuzz/" not in e["file"] and "node_modules" not in e["file"]
               and not e["file"].endswith((".pb.cc",))]
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        results = list(pool.map(measure, entries))
    results.sort(key=lambda r: -r[1])
    total = sum(r[1] for r in results)
    json_count = sum(1 for r in results if r[2])
    for file, lines, with_json in results[:top]:
        print(f"  {lines:>8} lines  {os.path.relpath(file, source)}{'  (json.hpp)' if with_json else ''}")
    print(f"translation units: {len(results)}, preprocessed lines in all: {total}, "
          f"including nlohmann/json.hpp: {json_count}")


if __name__ == "__main__":
    main()
