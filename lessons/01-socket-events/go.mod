module tcpgo/lessons/01-socket-events

go 1.26
