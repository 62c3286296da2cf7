//go:build !race

package tcpgo

const raceEnabled = false
