// Command reset is a client that leaves rudely: it connects, reads the
// server's greeting, and aborts the connection with a reset (RST) instead
// of ending it with FIN. Point it at the echo server of lesson 3.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"net"
)

func main() {
	addr := flag.String("addr", "localhost:8124", "server address")
	flag.Parse()
	log.SetFlags(0)

	conn, err := net.Dial("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	greeting, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("greeted with %q; resetting the connection\n", greeting)
	// With a linger time of zero, Close discards what is unsent and
	// sends RST: the server's next Read fails with ECONNRESET.
	conn.(*net.TCPConn).SetLinger(0)
	conn.Close()
}
