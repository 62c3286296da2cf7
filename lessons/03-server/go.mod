module tcpgo/lessons/03-server

go 1.26
