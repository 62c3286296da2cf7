package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"tcpgo/internal/capture"
	"tcpgo/internal/ladder"
)

// printLadder writes the ladder where cfg says: to the file -ladder
// names, or to standard output, in colours when that is a terminal.
func printLadder(cfg config, l ladder.Ladder) (err error) {
	var out io.Writer = os.Stdout
	color := !cfg.mask && term.IsTerminal(int(os.Stdout.Fd()))
	if cfg.ladder != "" {
		f, err := os.Create(cfg.ladder)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, f.Close()) }()
		out, color = f, false
	}
	opt := ladder.Options{Mask: cfg.mask, Color: color}
	if cfg.sides {
		return ladder.PrintSides(out, l, opt)
	}
	return ladder.Print(out, l, opt)
}

// writeSummary writes the counts of each side's segments to the file
// -summary names, if it names one.
func writeSummary(cfg config, l ladder.Ladder) (err error) {
	if cfg.summary == "" {
		return nil
	}
	f, err := os.Create(cfg.summary)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	return ladder.PrintSummary(f, l, ladder.Options{Mask: cfg.mask})
}

// printCapture prints the ladder of a .pcap file. A file holds packets
// only: the sockets' states are not in it.
func printCapture(cfg config) error {
	frames, err := capture.ReadPcap(cfg.read)
	var notPcap capture.NotPcapError
	if errors.As(err, &notPcap) {
		return err
	}
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", cfg.read, err)
	}
	l := capture.Build(frames, nil)
	if err := printLadder(cfg, l); err != nil {
		return err
	}
	if err := writeSummary(cfg, l); err != nil {
		return err
	}
	if cfg.ladder != "" {
		fmt.Printf("wire: %d segments, %d packets in all, read from %s\n", len(l.Segments), len(frames), cfg.read)
	}
	return nil
}
