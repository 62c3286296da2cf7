// Command quiet is a client that says nothing: it connects, prints each
// line the server sends, quoted, and how the connection ended. It is the
// client a server's limits are for: the one that stays silent (robust-
// server's -idle), or the one too many (-max-conns).
//
//	quiet -addr 127.0.0.1:8128
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
)

func main() {
	flags := flag.NewFlagSet("quiet", flag.ExitOnError)
	addr := flags.String("addr", "127.0.0.1:8128", "the server's `address`, host:port")
	flags.Parse(os.Args[1:])
	conn, err := net.Dial("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "quiet:", err)
		os.Exit(1)
	}
	defer conn.Close()
	fmt.Println("connected; saying nothing")
	lines := bufio.NewReader(conn)
	for {
		line, err := lines.ReadString('\n')
		if line != "" {
			fmt.Printf("%q\n", line)
		}
		if err != nil {
			fmt.Println("the connection ended:", ending(err))
			return
		}
	}
}

// ending says how the server ended the connection: its FIN is io.EOF,
// a reset is ECONNRESET.
func ending(err error) string {
	switch {
	case errors.Is(err, io.EOF):
		return "EOF, the server's FIN"
	case errors.Is(err, syscall.ECONNRESET):
		return "reset (RST)"
	}
	return err.Error()
}
