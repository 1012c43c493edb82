package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// procMemory is a process's memory from /proc/PID/status, in KiB.
type procMemory struct {
	RSS  int64 // VmRSS: resident now
	Peak int64 // VmHWM: the highest resident size so far
}

// readMemory reads VmRSS and VmHWM of a process (pid 0: this process).
func readMemory(pid int) (procMemory, error) {
	path := "/proc/self/status"
	if pid > 0 {
		path = fmt.Sprintf("/proc/%d/status", pid)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return procMemory{}, err
	}
	m, ok := parseStatus(b)
	if !ok {
		return procMemory{}, fmt.Errorf("%s has no VmRSS line", path)
	}
	return m, nil
}

// parseStatus reads the VmRSS and VmHWM lines ("VmRSS:\t  12345 kB").
func parseStatus(b []byte) (procMemory, bool) {
	var m procMemory
	found := false
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(val)
		if len(fields) == 0 {
			continue
		}
		n, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			continue
		}
		switch key {
		case "VmRSS":
			m.RSS, found = n, true
		case "VmHWM":
			m.Peak = n
		}
	}
	return m, found
}

// readMemories sums the memory of several processes (the nodes of a run).
// VmHWM is summed too: an upper bound of the peak of them together.
func readMemories(pids []int) (procMemory, error) {
	var sum procMemory
	for _, pid := range pids {
		m, err := readMemory(pid)
		if err != nil {
			return sum, err
		}
		sum.RSS += m.RSS
		sum.Peak += m.Peak
	}
	return sum, nil
}
