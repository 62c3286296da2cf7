package ladder

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Width is the most columns a line of the ladder takes: a payload's
// preview is cut to fit.
const Width = 80

// Options say how to print a ladder.
type Options struct {
	// Mask hides what changes from run to run, for a golden file: the
	// times go, a port that names a side becomes ‹port›, a window that is
	// not zero becomes ‹w› (its size is the kernel's choice; a window of
	// zero is a fact of the exchange), and only the final states show.
	Mask bool
	// Color tells the two directions apart with colours, for a terminal.
	Color bool
}

// ANSI colours: one for what the client sends, one for the server, red
// for a reset, and faint for the states.
const (
	colorClient = "\x1b[36m"
	colorServer = "\x1b[33m"
	colorReset  = "\x1b[31m"
	colorState  = "\x1b[2m"
	colorEnd    = "\x1b[0m"
)

// Print writes the ladder to w: a heading, a line per segment with the
// states that changed after it, then each socket's final state.
func Print(w io.Writer, l Ladder, opt Options) error {
	p := printer{ladder: l, opt: opt}
	p.line("", p.columns("time", "direction", "flags", "seq", "ack", "len", "win")+"data")
	changes := l.Changes
	for i, s := range l.Segments {
		p.segment(s)
		// The changes seen after this segment went by, and before the
		// next one did, follow it.
		last := i+1 == len(l.Segments)
		n := 0
		for n < len(changes) && (last || changes[n].Time < l.Segments[i+1].Time) {
			n++
		}
		p.states(changes[:n])
		changes = changes[n:]
	}
	p.states(changes)
	for conn := 1; conn <= l.Conns; conn++ {
		p.final(conn)
	}
	_, err := io.WriteString(w, p.out.String())
	return err
}

type printer struct {
	ladder Ladder
	opt    Options
	out    strings.Builder
}

// columns lays out the fixed columns of a line; the time column is left
// out when masked.
func (p *printer) columns(time, direction, flags, seq, ack, length, window string) string {
	dir := fmt.Sprintf("%-*s", p.directionWidth(), direction)
	cols := fmt.Sprintf("%s  %-7s %6s %6s %5s %6s  ", dir, flags, seq, ack, length, window)
	if p.opt.Mask {
		return cols
	}
	return fmt.Sprintf("%-8s  %s", time, cols)
}

// directionWidth fits "client → server", and its number when the
// capture holds several connections.
func (p *printer) directionWidth() int {
	if p.ladder.Conns > 1 {
		return 19
	}
	return 15
}

func (p *printer) segment(s Segment) {
	l := p.ladder
	direction := l.Name(s.Conn, s.From, p.opt.Mask) + " → " + l.Name(s.Conn, s.To, p.opt.Mask)
	ack := ""
	if s.Flags.ACK {
		ack = strconv.FormatUint(uint64(s.Ack), 10)
	}
	window := strconv.Itoa(s.Window)
	if p.opt.Mask && s.Window != 0 {
		window = "‹w›"
	}
	cols := p.columns(seconds(s), direction, s.Flags.String(), strconv.FormatUint(uint64(s.Seq), 10), ack, strconv.Itoa(s.Len), window)
	text := cols + preview(s, Width-utf8.RuneCountInString(cols))
	switch {
	case s.Flags.RST:
		p.line(colorReset, text)
	case s.From.Role == "server":
		p.line(colorServer, text)
	default:
		p.line(colorClient, text)
	}
}

func seconds(s Segment) string {
	return fmt.Sprintf("%.6f", s.Time.Seconds())
}

// preview quotes the payload as Go would write it in a string, cut to
// room columns: "hello\r\n". A payload longer than its preview ends in …
func preview(s Segment, room int) string {
	if s.Len == 0 || room < 3 {
		return ""
	}
	quoted := strconv.Quote(string(s.Payload))
	if s.Len > len(s.Payload) {
		quoted = strings.TrimSuffix(quoted, `"`) + "…"
	}
	if utf8.RuneCountInString(quoted) <= room {
		return quoted
	}
	runes := []rune(quoted)
	return string(runes[:room-1]) + "…"
}

// states prints the changes of state sampled at one moment on a line,
// in the time column of that moment; masked, it prints nothing, since
// they vary from run to run.
func (p *printer) states(changes []State) {
	for len(changes) > 0 && !p.opt.Mask {
		n := 1
		for n < len(changes) && changes[n].Time == changes[0].Time {
			n++
		}
		words := make([]string, n)
		for i, c := range changes[:n] {
			words[i] = p.ladder.Name(c.Conn, c.Side, false) + " " + c.State
		}
		time := fmt.Sprintf("%.6f", changes[0].Time.Seconds())
		for _, l := range wrapWords(fmt.Sprintf("%-8s  state: ", time), words, Width) {
			p.line(colorState, l)
		}
		changes = changes[n:]
	}
}

// wrapWords joins words with commas after prefix, in lines of at most
// width runes; the lines after the first are indented to the prefix's
// width, so the states stand in a column of their own.
func wrapWords(prefix string, words []string, width int) []string {
	indent := strings.Repeat(" ", utf8.RuneCountInString(prefix))
	var lines []string
	line := prefix
	for i, w := range words {
		if i < len(words)-1 {
			w += ","
		}
		switch {
		case line == prefix || line == indent:
			line += w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width:
			lines = append(lines, line)
			line = indent + w
		default:
			line += " " + w
		}
	}
	return append(lines, line)
}

// final prints the states connection conn's sockets were left in.
func (p *printer) final(conn int) {
	var words []string
	for _, s := range p.ladder.Final {
		if s.Conn == conn {
			words = append(words, p.ladder.Name(conn, s.Side, p.opt.Mask)+" "+s.State)
		}
	}
	if len(words) > 0 {
		p.line(colorState, "at the end: "+strings.Join(words, ", "))
	}
}

// line adds one line, in color when the options ask for colours.
func (p *printer) line(color, text string) {
	text = strings.TrimRight(text, " ")
	if p.opt.Color && color != "" {
		text = color + text + colorEnd
	}
	p.out.WriteString(text + "\n")
}

// PrintSides writes what each side sent, apart: for each connection the
// client's segments, then the server's, each side's in the order it sent
// them, without the segments that only acknowledge, without those that
// send again what the side had sent (a retransmission: on a busy machine
// an acknowledgement comes late now and then, and the sender's timer
// fires; wire -summary counts them), and without the acknowledgement
// numbers and windows. Two sides send at the same time,
// so how their segments interleave, and when an ACK goes alone, changes
// from run to run; what each side sends, in its own order, does not. It
// is the view a golden file can hold of an exchange that races.
func PrintSides(w io.Writer, l Ladder, opt Options) error {
	p := printer{ladder: l, opt: opt}
	p.line("", p.sideColumns("direction", "flags", "seq", "len")+"data")
	for conn := 1; conn <= l.Conns; conn++ {
		for _, client := range []bool{true, false} {
			var next uint32 // the sequence number after what this side has sent
			sent := false
			for _, s := range l.Segments {
				if s.Conn != conn || (s.From.Role == "client") != client {
					continue
				}
				again := sent && sendsAgain(s, segmentEnd(s), next)
				next, sent = max(next, segmentEnd(s)), true
				if !carries(s) || again {
					continue
				}
				direction := l.Name(s.Conn, s.From, opt.Mask) + " → " + l.Name(s.Conn, s.To, opt.Mask)
				cols := p.sideColumns(direction, s.Flags.String(), strconv.FormatUint(uint64(s.Seq), 10), strconv.Itoa(s.Len))
				p.line("", cols+preview(s, Width-utf8.RuneCountInString(cols)))
			}
		}
	}
	_, err := io.WriteString(w, p.out.String())
	return err
}

// carries reports whether a segment does more than acknowledge: it
// opens, closes or resets the connection, or carries data.
func carries(s Segment) bool {
	return s.Flags.SYN || s.Flags.FIN || s.Flags.RST || s.Len > 0
}

func (p *printer) sideColumns(direction, flags, seq, length string) string {
	return fmt.Sprintf("%-*s  %-7s %6s %5s  ", p.directionWidth(), direction, flags, seq, length)
}
