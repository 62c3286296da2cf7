package packetdiagram

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"tcpgo/internal/ladder"
)

func handshake() ladder.Ladder {
	client, server := ladder.Endpoint{Role: "client", Port: 40000}, ladder.Endpoint{Role: "server", Port: 8124}
	return ladder.Ladder{Conns: 1, Segments: []ladder.Segment{
		{Conn: 1, From: client, To: server, Flags: ladder.Flags{SYN: true}, Window: 65495},
		{Conn: 1, From: server, To: client, Flags: ladder.Flags{SYN: true, ACK: true}, Ack: 1, Window: 65483},
		{Conn: 1, From: client, To: server, Flags: ladder.Flags{ACK: true}, Seq: 1, Ack: 1, Window: 65536},
		{Conn: 1, From: server, To: client, Flags: ladder.Flags{RST: true, ACK: true}, Seq: 1, Ack: 1},
		{Conn: 1, From: client, To: server, Flags: ladder.Flags{PSH: true, ACK: true}, Seq: 1, Ack: 1, Len: 8, Window: 65536, Payload: []byte("world!\r\n")},
	}}
}

// A drawing is well-formed XML, says what it is to a screen reader, and
// labels each arrow with its flags and numbers.
func TestDraw(t *testing.T) {
	svg := string(Draw("handshake", handshake()))
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	for _, want := range []string{
		`role="img"`,
		"<title id=\"title\">Packet ladder of the capture handshake</title>",
		">SYN seq 0<",
		">SYN-ACK seq 0 ack 1<",
		`class="seg rst"`,
		">PSH-ACK seq 1 ack 1 len 8<",
		`&#34;world!\r\n&#34;`,
		"client to server: SYN seq 0.",
		"prefers-color-scheme: dark",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("the drawing lacks %q", want)
		}
	}
	if got := strings.Count(svg, `<line class="seg`); got != 5 {
		t.Errorf("%d arrows, want 5", got)
	}
}

// A long capture shows its first and last segments, and a row that
// counts the rest.
func TestDrawLong(t *testing.T) {
	l := handshake()
	for len(l.Segments) < 40 {
		l.Segments = append(l.Segments, l.Segments[2])
	}
	svg := string(Draw("long", l))
	if got := strings.Count(svg, `<line class="seg`); got != MaxRows-1 {
		t.Errorf("%d arrows, want %d", got, MaxRows-1)
	}
	if want := fmt.Sprintf("… %d segments left out …", 40-(MaxRows-1)); !strings.Contains(svg, want) {
		t.Errorf("the drawing lacks %q", want)
	}
}

// A long capture leaves out the run of segments that hides the fewest a
// reader looks for: here the data after a window of zero, not the
// window itself, which sits in the middle.
func TestDrawLongKeepsTheZeroWindow(t *testing.T) {
	l := handshake()
	data := l.Segments[4]
	l.Segments = l.Segments[:3]
	for len(l.Segments) < 10 {
		l.Segments = append(l.Segments, data)
	}
	full := l.Segments[2]
	full.From, full.To, full.Window = data.To, data.From, 0
	l.Segments = append(l.Segments, full)
	for len(l.Segments) < 30 {
		l.Segments = append(l.Segments, data)
	}
	svg := string(Draw("zero", l))
	if !strings.Contains(svg, ">ACK seq 1 ack 1 win 0<") {
		t.Error("the drawing leaves out the window of zero")
	}
	if want := fmt.Sprintf("… %d segments left out …", 30-(MaxRows-1)); !strings.Contains(svg, want) {
		t.Errorf("the drawing lacks %q", want)
	}
}

// Bytes that quote long are cut sooner, so that the preview fits
// between the two lines.
func TestAPreviewFitsBetweenTheLines(t *testing.T) {
	zeros := ladder.Segment{Len: 2048, Payload: make([]byte, 64)}
	got := payload(zeros)
	if len(got) > previewWidth+len("…") || !strings.HasPrefix(got, `"\x00`) || !strings.HasSuffix(got, "…") {
		t.Errorf("payload = %s", got)
	}
	if got := payload(ladder.Segment{Len: 8, Payload: []byte("world!\r\n")}); got != `"world!\r\n"` {
		t.Errorf("payload = %s", got)
	}
}
