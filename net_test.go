package tcpgo

import (
	"net"
	"strings"
	"time"
)

// dial connects to addr, host:port or unix:/path, within waitTimeout.
func dial(addr string) (net.Conn, error) {
	network := "tcp"
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		network, addr = "unix", path
	}
	return net.DialTimeout(network, addr, waitTimeout)
}

// fataler is a test or a script: what dialClient fails when it cannot
// connect.
type fataler interface {
	Fatalf(format string, args ...any)
}

// dialClient connects a client of a test or a script to addr, and gives
// the whole conversation waitTimeout: a server that stops answering fails
// the test instead of hanging it. It fails t if it cannot connect.
func dialClient(t fataler, addr string) net.Conn {
	conn, err := dial(addr)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	if err := conn.SetDeadline(time.Now().Add(waitTimeout)); err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	return conn
}

// closeWrite ends our side of conn: the peer reads end-of-file, and can
// still answer.
func closeWrite(conn net.Conn) error {
	return conn.(interface{ CloseWrite() error }).CloseWrite()
}
