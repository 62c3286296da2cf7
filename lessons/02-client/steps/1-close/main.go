// Step 1 of lesson 2: the article's client, translated as plainly as Go
// allows. It has a bug that this step exists to show: Node's end() is
// translated as Close, which throws away what the server still sends.
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
	fmt.Println("connected to server!")
	io.WriteString(conn, "world!\r\n")

	buf := make([]byte, 4096)
	n, err := conn.Read(buf)
	if err != nil {
		log.Fatal(err)
	}
	// The server ends lines with "\r\n"; a terminal wants "\n" only.
	fmt.Print(strings.ReplaceAll(string(buf[:n]), "\r", ""))
	// Wrong: end() only says "I am done sending". Close drops the
	// connection, and whatever the server sends after this is lost.
	conn.Close()
	// ANCHOR_END: main
}
