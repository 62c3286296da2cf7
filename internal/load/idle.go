package load

import (
	"context"
	"net"
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
