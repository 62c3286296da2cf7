package load

import (
	"context"
	"fmt"
	"io"
	"net"
	"sync"
)

// Held is a crowd of idle connections, open until Close.
type Held struct{ conns []net.Conn }

// Hold opens n connections that send nothing after the greeting (none
// for the talk server: greeting ""). opened counts them as they open;
// accepted, if not nil, is asked after each batch.
func Hold(ctx context.Context, addr, greeting string, n int, accepted Accepted, opened *Counter) (*Held, error) {
	conns, err := dialMany(ctx, addr, greeting, n, 64, accepted, opened)
	if err != nil {
		return nil, err
	}
	return &Held{conns: conns}, nil
}

// Len is how many connections are held.
func (h *Held) Len() int { return len(h.conns) }

// Close closes every connection.
func (h *Held) Close() { closeAll(h.conns) }

// EchoOnce has every held connection send one short line and read its
// echo, a few at a time, then fall silent again: the crowd of a server
// that has served each client once.
func (h *Held) EchoOnce() error {
	const line = "one line\n"
	slots := make(chan struct{}, 64)
	errs := make(chan error, len(h.conns))
	var wg sync.WaitGroup
	for i, conn := range h.conns {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			echo := make([]byte, len(line))
			_, err := io.WriteString(conn, line)
			if err == nil {
				_, err = io.ReadFull(conn, echo)
			}
			if err == nil && string(echo) != line {
				err = fmt.Errorf("the echo was %q", echo)
			}
			if err != nil {
				errs <- fmt.Errorf("connection %d: %w", i+1, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}
