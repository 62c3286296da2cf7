// Command sockopts shows the options that Go sets on every TCP connection:
// Nagle's algorithm off (TCP_NODELAY) and keep-alive probes after 15
// seconds of silence. Node sets neither.
//
//	sockopts                      Go's own connections
//	sockopts -- node sockopts.js  the connections the program reports
//
// It reads the options from the kernel, as getsockopt(2) returns them.
// The names of the options are Linux's.
//
//go:build linux

package main

import (
	"fmt"
	"net"
	"os"
	"syscall"
)

func main() {
	var err error
	if len(os.Args) > 2 && os.Args[1] == "--" {
		err = inspectCommand(os.Args[2:]) // in command.go
	} else {
		err = inspectGo()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sockopts:", err)
		os.Exit(1)
	}
}

// ANCHOR: go
// inspectGo makes two connections, one as Go makes it, one with
// Node's defaults asked for, and prints the options of each.
func inspectGo() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	plain, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		return err
	}
	defer plain.Close()
	// A negative KeepAlive turns keep-alive off.
	dialer := net.Dialer{KeepAlive: -1}
	tuned, err := dialer.Dial("tcp", ln.Addr().String())
	if err != nil {
		return err
	}
	defer tuned.Close()
	tuned.(*net.TCPConn).SetNoDelay(false)

	fmt.Println("Go, default:", optionsOf(plain))
	fmt.Println("Go, SetNoDelay(false), Dialer{KeepAlive: -1}:", optionsOf(tuned))
	return nil
}

// ANCHOR_END: go

// optionsOf reads the options of one of our own connections, through the
// descriptor under it.
func optionsOf(conn net.Conn) string {
	raw, err := conn.(*net.TCPConn).SyscallConn()
	if err != nil {
		return err.Error()
	}
	var opts string
	raw.Control(func(fd uintptr) { opts = options(int(fd)) })
	return opts
}

// ANCHOR: options
// options reads what the kernel holds for one socket.
func options(fd int) string {
	get := func(level, opt int) int {
		v, err := syscall.GetsockoptInt(fd, level, opt)
		if err != nil {
			return -1
		}
		return v
	}
	nagle := "Nagle on (TCP_NODELAY 0)"
	if get(syscall.IPPROTO_TCP, syscall.TCP_NODELAY) == 1 {
		nagle = "Nagle off (TCP_NODELAY 1)"
	}
	if get(syscall.SOL_SOCKET, syscall.SO_KEEPALIVE) == 0 {
		return nagle + ", keep-alive off"
	}
	return fmt.Sprintf("%s, keep-alive on: first probe after %ds idle, then every %ds, %d probes", nagle,
		get(syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE), get(syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL), get(syscall.IPPROTO_TCP, syscall.TCP_KEEPCNT))
}

// ANCHOR_END: options
