// Step 2 of lesson 2: end() is CloseWrite, and we read until the server
// ends its side. This is the article's client, doing what it says.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
)

func main() {
	addr := flag.String("addr", "localhost:8124", "server address")
	flag.Parse()
	log.SetFlags(0)

	// ANCHOR: main
	conn, err := net.Dial("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	fmt.Println("connected to server!")
	io.WriteString(conn, "world!\r\n")

	// ANCHOR: loop
	buf := make([]byte, 4096)
	ended := false
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			// The server ends lines with "\r\n"; a terminal wants "\n" only.
			fmt.Print(strings.ReplaceAll(string(buf[:n]), "\r", ""))
			if !ended {
				// Node's end(): send FIN, and keep reading.
				conn.(*net.TCPConn).CloseWrite()
				ended = true
			}
		}
		if err == io.EOF {
			break // the server ended its side: Node's 'end'
		}
		if err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println("disconnected from server")
	// ANCHOR_END: loop
	// ANCHOR_END: main
}
