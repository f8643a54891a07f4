"""wordcount backend: answers health/version and counts lines, words and characters of its input."""
import collections
import sys

from strata_wordcount import NAME, VERSION

USAGE = "usage: run.sh health | version | count [TEXT...] | top N  (no TEXT: reads stdin)"


def count(text: str) -> str:
    return f"{len(text.splitlines())} {len(text.split())} {len(text)}"


def top(text: str, n: int) -> str:
    words = collections.Counter(word.lower() for word in text.split())
    return "\n".join(f"{freq} {word}" for word, freq in words.most_common(n))


def main(argv: list[str]) -> int:
    if not argv:
        print(USAGE, file=sys.stderr)
        return 2
    command, args = argv[0], argv[1:]
    if command == "health":
        print("ok")
    elif command == "version":
        print(f"{NAME} {VERSION}")
    elif command == "count":
        print(count(" ".join(args) if args else sys.stdin.read()))
    elif command == "top":
        if len(args) != 1 or not args[0].isdigit():
            print(f"top takes one number N; {USAGE}", file=sys.stderr)
            return 2
        print(top(sys.stdin.read(), int(args[0])))
    else:
        print(f"unknown command '{command}'; {USAGE}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
