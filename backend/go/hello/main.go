// Command hello is a standard-library-only Go backend: health and version probes plus a greeting.
package main

import (
	"fmt"
	"os"
	"strings"
)

const (
	name    = "hello"
	version = "1.0.0"
	usage   = "usage: run.sh health | version | greet [NAME...]"
)

func run(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, usage)
		return 2
	}
	switch args[0] {
	case "health":
		fmt.Println("ok")
	case "version":
		fmt.Printf("%s %s\n", name, version)
	case "greet":
		who := "world"
		if len(args) > 1 {
			who = strings.Join(args[1:], " ")
		}
		fmt.Printf("hello, %s\n", who)
	default:
		fmt.Fprintf(os.Stderr, "unknown command '%s'; %s\n", args[0], usage)
		return 2
	}
	return 0
}

func main() {
	os.Exit(run(os.Args[1:]))
}
