module tcpgo/lessons/02-client

go 1.26
