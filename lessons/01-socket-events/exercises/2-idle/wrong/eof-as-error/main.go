// Wrong: io.EOF is returned as an error, though it is how Read says the
// peer ended its side, the normal end of what it sends.
//
// Checker: io.EOF is no failure, the peer said goodbye
// Checker: io.EOF is how Read says the peer has ended its side
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8124", "the server's address")
	idle := flag.Duration("idle", time.Second, "how long the server may say nothing")
	flag.Parse()
	conn, err := net.Dial("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "idle:", err)
		os.Exit(1)
	}
	defer conn.Close()
	got, err := readIdle(conn, *idle)
	fmt.Printf("received %q, then: %v\n", got, err)
}

// readIdle reads everything conn sends until it ends its side, and
// returns it with a nil error. If nothing comes for idle, it returns what
// came before, with an error that errors.Is takes for
// os.ErrDeadlineExceeded. Node's socket.setTimeout(idle) times the same.
func readIdle(conn net.Conn, idle time.Duration) ([]byte, error) {
	var got []byte
	buf := make([]byte, 1024)
	for {
		// A fresh deadline before each Read: bytes that come push it
		// back, and only silence reaches it.
		conn.SetReadDeadline(time.Now().Add(idle))
		n, err := conn.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			return got, err
		}
	}
}
