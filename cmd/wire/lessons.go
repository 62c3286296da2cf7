package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// A lesson's exchange is a server and the clients that talk to it.
type exchange struct {
	about   string   // what it shows, for the line wire prints first
	server  string   // the server's command; -addr and -addr-file are added
	clients []string // run one after another, each with -addr added; " &" runs one beside the next
}

// exchanges are the lessons' exchanges, with their finished programs.
// Inside the namespace every port is free, but the server still binds
// port 0 and writes the address it got to a file, which the clients wait
// for: they start once the server listens, and not a moment before.
var exchanges = map[int]exchange{
	1: {"lesson 1's walk of a connection's events, against its own peer",
		"socket-events -serve", []string{"socket-events"}},
	2: {"lesson 2's client against lesson 3's echo server",
		"tcp-server", []string{"tcp-client"}},
	3: {"lesson 3's echo server with two clients at once",
		"tcp-server", []string{"tcp-client &", "tcp-client"}},
	4: {"lesson 4's conversation: three replies, 50ms apart",
		"talk-server -delay 50ms", []string{"talk-client -count 3"}},
	5: {"lesson 5's robust server, with a client that sends a line",
		"robust-server", []string{"tcp-client"}},
}

// lessonScript is the shell script of lesson n's exchange: the server
// in the background, its address from its file, the clients, then
// Ctrl-C for the server, as a learner would stop it.
func lessonScript(n int) (string, error) {
	ex, ok := exchanges[n]
	if !ok {
		return "", fmt.Errorf("-lesson %d: the lessons are 1 to 5", n)
	}
	lines := []string{
		`addr="$WIRE_DIR/addr"`,
		ex.server + ` -addr 127.0.0.1:0 -addr-file "$addr" & server=$!`,
		`until [ -e "$addr" ]; do kill -0 $server 2>/dev/null || exit 1; sleep 0.01; done`,
	}
	for _, client := range ex.clients {
		background := strings.HasSuffix(client, " &")
		client = strings.TrimSuffix(client, " &")
		if background {
			lines = append(lines, client+` -addr "$(cat "$addr")" & beside=$!`)
			continue
		}
		lines = append(lines, client+` -addr "$(cat "$addr")"`)
	}
	if strings.Contains(strings.Join(lines, "\n"), "beside=") {
		lines = append(lines, `wait $beside`)
	}
	lines = append(lines, `kill -INT $server`, `wait $server`)
	return strings.Join(lines, "\n"), nil
}

// lessonEnv is the environment a lesson's script runs in: the lessons'
// programs first on PATH, and a folder of its own for the address file.
func lessonEnv(bin, dir string) ([]string, error) {
	abs, err := filepath.Abs(bin)
	if err != nil {
		return nil, err
	}
	if _, err := exec.LookPath(filepath.Join(abs, "tcp-server")); err != nil {
		return nil, fmt.Errorf("no lesson programs in %s (make build puts them there)", bin)
	}
	return append(os.Environ(), "PATH="+abs+string(os.PathListSeparator)+os.Getenv("PATH"), "WIRE_DIR="+dir), nil
}
