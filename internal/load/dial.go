// Package load drives the lessons' servers, Go or Node, over real
// connections and checks every byte they send back: echo throughput,
// round trips, idle connections held, and the conversation's delayed
// replies. The loadgen and bench commands are built on it.
package load

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"
)

// Greeting is what the echo servers of lessons 3 and 5 send first.
const Greeting = "hello\r\n"

// dialTimeout bounds a connect; on loopback one takes well under it.
const dialTimeout = 10 * time.Second

// dial connects to addr, "host:port" or "unix:/path" as the servers take
// it, and reads the greeting when one is expected.
func dial(ctx context.Context, addr, greeting string) (net.Conn, error) {
	network, address := "tcp", addr
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		network, address = "unix", path
	}
	d := net.Dialer{Timeout: dialTimeout}
	conn, err := d.DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	if greeting == "" {
		return conn, nil
	}
	conn.SetReadDeadline(time.Now().Add(dialTimeout))
	got := make([]byte, len(greeting))
	if _, err := io.ReadFull(conn, got); err != nil {
		conn.Close()
		return nil, fmt.Errorf("reading the greeting: %w", err)
	}
	if string(got) != greeting {
		conn.Close()
		return nil, fmt.Errorf("the server greeted with %q, not %q", got, greeting)
	}
	conn.SetReadDeadline(time.Time{})
	return conn, nil
}

// Accepted, when given, waits until the server has accepted the first
// opened connections. A connect completes in the kernel before the
// server accepts it, and the kernel queues at most a backlog of them (511
// for Node, by default): beyond that, it drops a connect and the client
// tries again a second later. Waiting after each batch keeps the queue
// short, and a crowd opened is a crowd the server holds.
type Accepted func(opened int) error

// batch is how many connections open before Accepted is asked.
const batch = 256

// dialMany opens n connections, at most parallel at a time, in batches
// when accepted is given.
func dialMany(ctx context.Context, addr, greeting string, n, parallel int, accepted Accepted, done *Counter) ([]net.Conn, error) {
	conns := make([]net.Conn, 0, n)
	for len(conns) < n {
		size := n - len(conns)
		if accepted != nil {
			size = min(size, batch)
		}
		more, err := dialBatch(ctx, addr, greeting, len(conns), size, n, parallel, done)
		conns = append(conns, more...)
		if err == nil && accepted != nil {
			err = accepted(len(conns))
		}
		if err != nil {
			closeAll(conns)
			return nil, err
		}
	}
	return conns, nil
}

// dialBatch opens connections first+1 to first+size of n.
func dialBatch(ctx context.Context, addr, greeting string, first, size, n, parallel int, done *Counter) ([]net.Conn, error) {
	conns := make([]net.Conn, size)
	errs := make(chan error, size)
	slots := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i := range conns {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			conn, err := dial(ctx, addr, greeting)
			if err != nil {
				errs <- fmt.Errorf("connection %d of %d: %w", first+i+1, n, err)
				return
			}
			conns[i] = conn
			done.Add(1)
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		closeAll(conns)
		return nil, err
	}
	return conns, nil
}

func closeAll(conns []net.Conn) {
	for _, c := range conns {
		if c != nil {
			c.Close()
		}
	}
}
