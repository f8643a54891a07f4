"""echo backend: answers health/version and echoes its input back."""
import sys

from strata_echo import NAME, VERSION

USAGE = "usage: run.sh health | version | echo [TEXT...]  (no TEXT: echoes stdin)"


def main(argv: list[str]) -> int:
    if not argv:
        print(USAGE, file=sys.stderr)
        return 2
    command, args = argv[0], argv[1:]
    if command == "health":
        print("ok")
    elif command == "version":
        print(f"{NAME} {VERSION}")
    elif command == "echo":
        print(" ".join(args) if args else sys.stdin.read(), end="" if not args else "\n")
    else:
        print(f"unknown command '{command}'; {USAGE}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
