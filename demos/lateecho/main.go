// Command lateecho is an echo server that answers late: it greets each
// client, reads until the client has ended its side, and only then sends
// back what it got. Many servers answer only once a request is complete;
// this one is here for the client of lesson 2 to meet.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8126", "address to listen on")
	flag.Parse()
	log.SetFlags(0)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("late echo server bound")
	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go func() {
			defer conn.Close()
			io.WriteString(conn, "hello\r\n")
			// ReadAll returns at io.EOF: the client's end.
			got, err := io.ReadAll(conn)
			if err == nil {
				conn.Write(got)
			}
		}()
	}
}
