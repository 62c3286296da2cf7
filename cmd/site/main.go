// Command site keeps docs/ true to the code (package drift) and renders
// it as a static site (package site).
//
//	site                 render docs/ into site/ (make site)
//	site -refresh        copy every embedded block and diagram from its source (make docs),
//	                     the benchmark's table from docs/bench/results.json included
//	site -check          list the blocks that differ from their sources, exit 1 if any
//	site -serve -port N  render, then serve site/ on localhost (make serve)
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"syscall"
	"time"

	"tcpgo/internal/drift"
	"tcpgo/internal/site"
)

func main() {
	flags := flag.NewFlagSet("site", flag.ExitOnError)
	root := flags.String("root", ".", "the repository `directory`")
	out := flags.String("out", "site", "where to write the site (`directory`)")
	refresh := flags.Bool("refresh", false, "rewrite the embedded blocks and diagrams of docs/ from their sources")
	check := flags.Bool("check", false, "report the embedded blocks and diagrams that differ from their sources")
	serve := flags.Bool("serve", false, "serve the site on localhost after rendering it")
	port := flags.Int("port", 8000, "with -serve, the `port` to listen on (0 picks a free one)")
	flags.Parse(os.Args[1:])
	if flags.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "site: unexpected argument %q\n", flags.Arg(0))
		flags.Usage()
		os.Exit(2)
	}

	if err := run(*root, *out, *refresh, *check, *serve, *port); err != nil {
		fmt.Fprintln(os.Stderr, "site:", err)
		os.Exit(1)
	}
}

func run(root, out string, refresh, check, serve bool, port int) error {
	switch {
	case refresh:
		return refreshDocs(root)
	case check:
		return checkDocs(root)
	}
	start := time.Now()
	pages, err := site.Build(root, "docs", out)
	if err != nil {
		return err
	}
	fmt.Printf("rendered %d pages into %s/ in %s\n", len(pages), out, time.Since(start).Round(time.Millisecond))
	if !serve {
		return nil
	}
	return serveSite(out, port)
}

// refreshDocs rewrites every copy in docs/ from its source, and names the
// files it changed.
func refreshDocs(root string) error {
	changed, err := drift.Refresh(root, "docs")
	for _, c := range changed {
		fmt.Println("refreshed", c)
	}
	return err
}

// checkDocs names every copy in docs/ that differs from its source.
func checkDocs(root string) error {
	drifts, err := drift.Check(root, "docs")
	if err != nil {
		return err
	}
	for _, d := range drifts {
		fmt.Println(d)
	}
	if len(drifts) > 0 {
		return fmt.Errorf("%d block(s) or diagram(s) differ from their sources", len(drifts))
	}
	return nil
}

// serveSite serves the rendered site on localhost until it is stopped.
func serveSite(out string, port int) error {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("cannot serve on port %d: it is in use; choose another, as in PORT=%d make serve (or site -serve -port %d)", port, port+1, port+1)
	}
	if err != nil {
		return fmt.Errorf("cannot serve: %w", err)
	}
	fmt.Printf("serving on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	return http.Serve(ln, http.FileServer(http.Dir(out)))
}
