package server

// Descriptors kept back from WebSockets for everything else a node opens:
// REST requests, the store's file or Redis connections, the metrics
// listener, logs.
const (
	minReservedFiles = 256
	reservedFraction = 10 // a tenth of the limit, when that is more
)

// maxConns derives the node's cap on WebSockets from the descriptor limit,
// leaving max(256, a tenth) of it for the rest of the node; 0 when the
// limit is unknown (no cap of its own).
func maxConns(fileLimit int) int {
	if fileLimit <= 0 {
		return 0
	}
	reserve := max(minReservedFiles, fileLimit/reservedFraction)
	return max(fileLimit-reserve, fileLimit/2)
}
