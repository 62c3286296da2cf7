//go:build race

package tcpgo

const raceEnabled = true
