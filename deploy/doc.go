// Package deploy holds the files that run Ting elsewhere than `go run`: the
// container image (Dockerfile), a multi-node Ting on one machine
// (compose.yaml with caddy/, prometheus/ and grafana/) and Kubernetes
// (kubernetes/). It has no code; its tests check those files without a
// Docker engine or a cluster: that they parse, and name the images, ports,
// probes and settings Ting has.
package deploy
