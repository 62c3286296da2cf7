// Command closewrite shows which connections can end only their writing
// side. net.Conn, the interface, does not promise CloseWrite: the TCP and
// Unix connections have it, an in-memory net.Pipe does not.
package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
)

// ANCHOR: assert
// closeWriter is the method set we ask a connection for.
type closeWriter interface{ CloseWrite() error }

func report(name string, conn net.Conn) {
	// The two-value form asks; the one-value form assumes, and panics
	// when it is wrong.
	if _, ok := conn.(closeWriter); ok {
		fmt.Printf("%s (%T): has CloseWrite\n", name, conn)
		return
	}
	defer func() { fmt.Printf("%s (%T): no CloseWrite; asserting anyway panics: %v\n", name, conn, recover()) }()
	_ = conn.(closeWriter)
}

// ANCHOR_END: assert

func main() {
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer tcp.Close()
	conn, err := net.Dial("tcp", tcp.Addr().String())
	check(err)
	report("TCP", conn)

	dir, err := os.MkdirTemp("", "closewrite-")
	check(err)
	defer os.RemoveAll(dir)
	unix, err := net.Listen("unix", filepath.Join(dir, "demo.sock"))
	check(err)
	defer unix.Close()
	conn, err = net.Dial("unix", filepath.Join(dir, "demo.sock"))
	check(err)
	report("Unix", conn)

	conn, _ = net.Pipe()
	report("net.Pipe", conn)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "closewrite:", err)
		os.Exit(1)
	}
}
