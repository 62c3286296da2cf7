// Command wire runs a command inside a network namespace of its own,
// records every packet on that namespace's loopback into a .pcap file,
// and prints the TCP segments as a ladder, with the sockets' states. It
// needs no root where the system allows user namespaces.
//
//	wire -lesson 2                  lesson 2's client against lesson 3's server
//	wire -c 'tcp-server & ...'      a shell command
//	wire -- tcp-client -addr ...    a program and its arguments
//	wire -r build/wire/lesson2.pcap the ladder of a capture made before
//
// The command's own output comes first, as it runs; then the ladder, on
// standard output or in the file -ladder names; then where the .pcap went.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"tcpgo/internal/netns"
)

// config is what the flags ask for.
type config struct {
	pcap    string   // where the .pcap goes
	ladder  string   // where the ladder goes; "" for standard output
	mask    bool     // hide what changes from run to run
	sides   bool     // print each side's segments apart
	summary string   // where the counts per side go, or ""
	read    string   // a .pcap to print, instead of running anything
	lesson  int      // a lesson's exchange, or 0
	bin     string   // where -lesson finds the lessons' programs
	command []string // what to run: sh -c CMD, or a program and its arguments
	name    string   // the capture's name: lesson2, or capture
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "wire:", err)
		os.Exit(2)
	}
	status := 0
	switch {
	case cfg.read != "":
		err = printCapture(cfg)
	case netns.Stage() == 2 && os.Getpid() == 1:
		// The copy of wire that netns.Enter started last, first
		// process of its own process namespace: the one place where it
		// may signal every process it sees.
		status, err = record(cfg)
	default:
		status, err = netns.Enter()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wire:", err)
		os.Exit(1)
	}
	os.Exit(status)
}

func parseFlags(args []string) (config, error) {
	flags := flag.NewFlagSet("wire", flag.ContinueOnError)
	flags.Usage = func() {
		fmt.Fprintf(flags.Output(), "usage: wire [flags] -lesson N | -c 'shell command' | -- program [args...] | -r file.pcap\n\n")
		flags.PrintDefaults()
	}
	var cfg config
	shell := flags.String("c", "", "the shell `command` to run (sh -c)")
	lesson := flags.String("lesson", "", "run lesson `N`'s exchange, 1 to 5, with the programs in -bin")
	flags.StringVar(&cfg.bin, "bin", "bin", "the `folder` of the lessons' programs (make build)")
	flags.StringVar(&cfg.pcap, "o", "", "write the capture to this `file` (default build/wire/NAME.pcap)")
	flags.StringVar(&cfg.ladder, "ladder", "", "write the ladder to this `file` instead of standard output")
	flags.BoolVar(&cfg.mask, "mask", false, "hide what changes from run to run (times, ports, window sizes, states but the last), for a golden file")
	flags.BoolVar(&cfg.sides, "sides", false, "print what each side sent, apart and in its own order, without the segments that only acknowledge or send again (retransmissions)")
	flags.StringVar(&cfg.summary, "summary", "", "also write to this `file` how many segments each side sent, by kind: SYN, data, FIN, RST, probes")
	flags.StringVar(&cfg.read, "r", "", "print the ladder of this .pcap `file`, made before, instead of running anything")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2) // the flag package has said what is wrong, and shown the flags
	}
	if *lesson != "" {
		n, err := strconv.Atoi(*lesson)
		if err != nil || n < 1 {
			return cfg, fmt.Errorf("-lesson %s: the lessons are 1 to 5", *lesson)
		}
		cfg.lesson = n
	}
	return cfg, cfg.choose(*shell, flags.Args())
}

// choose settles what to run, from the one of -lesson, -c and a command
// after the flags that is given.
func (cfg *config) choose(shell string, argv []string) error {
	given := 0
	for _, set := range []bool{cfg.lesson != 0, shell != "", len(argv) > 0, cfg.read != ""} {
		if set {
			given++
		}
	}
	if given > 1 && len(argv) > 0 {
		return fmt.Errorf("%q after the flags: -lesson, -c and -r run nothing more (a program to run goes after --, alone)", argv[0])
	}
	if given != 1 {
		return errors.New("give one of -lesson N, -c 'shell command', -- program [args...] or -r file.pcap (see wire -h)")
	}
	if cfg.read != "" {
		return nil
	}
	cfg.name = "capture"
	switch {
	case cfg.lesson != 0:
		script, err := lessonScript(cfg.lesson)
		if err != nil {
			return err
		}
		cfg.command, cfg.name = []string{"sh", "-c", script}, "lesson"+strconv.Itoa(cfg.lesson)
	case shell != "":
		cfg.command = []string{"sh", "-c", shell}
	default:
		cfg.command = argv
	}
	if cfg.pcap == "" {
		cfg.pcap = filepath.Join("build", "wire", cfg.name+".pcap")
	}
	return nil
}
