// Package tcpgo is the root of the workspace. It holds no lesson code: its
// tests build the lesson binaries and run testdata/script/*.txtar against
// them, as real processes talking over real sockets.
package tcpgo
