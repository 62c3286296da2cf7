module tcpgo/demos

go 1.26

require golang.org/x/sys v0.26.0
