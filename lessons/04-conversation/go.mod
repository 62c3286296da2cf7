module tcpgo/lessons/04-conversation

go 1.26
