package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/dnaplatform/massuploader/internal/bench"
)

// run is one whole process, timed from outside: start-up, reading, checks,
// lookups and output included.
type run struct {
	elapsed time.Duration
	rssMB   float64
	exit    int
	out     []byte
}

// runProcess runs a command under /usr/bin/time (GNU time) for its peak
// resident memory, when it is installed.
func runProcess(name string, args ...string) (run, error) {
	timeBin := "/usr/bin/time"
	var cmd *exec.Cmd
	if _, err := os.Stat(timeBin); err == nil {
		cmd = exec.Command(timeBin, append([]string{"-f", "\nmassbench-rss %M", name}, args...)...)
	} else {
		cmd = exec.Command(name, args...)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := run{elapsed: time.Since(start), out: stdout.Bytes()}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		r.exit = exit.ExitCode()
	} else if err != nil {
		return r, err
	}
	if i := bytes.LastIndex(stderr.Bytes(), []byte("massbench-rss ")); i >= 0 {
		kb, _ := strconv.ParseFloat(strings.TrimSpace(string(stderr.Bytes()[i+len("massbench-rss "):])), 64)
		r.rssMB = kb / 1024
		stderr.Truncate(i)
	}
	if r.exit > 1 {
		return r, fmt.Errorf("%s %s: exit %d: %s", name, strings.Join(args, " "), r.exit, stderr.String())
	}
	return r, nil
}

// processTable compares a whole `massuploader validate --demo --json` run
// with a whole process doing excelize's plain streaming read of the same
// shared-strings file, both less their time on a 12-row file (start-up and
// fixed costs), interleaved, fastest of repeat.
func processTable(app string, sizes []int, repeat int, dir string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	small, err := bench.File(dir, bench.Shared, 12)
	if err != nil {
		return err
	}
	best := func(path string) (plain, whole time.Duration, rss float64, err error) {
		plain, whole = time.Duration(1<<63-1), time.Duration(1<<63-1)
		for range repeat {
			p, err := runProcess(self, "-measure", "plain", "-file", path)
			if err != nil {
				return 0, 0, 0, err
			}
			a, err := runProcess(app, "validate", "--demo", "--group", "101", "--json", path)
			if err != nil {
				return 0, 0, 0, err
			}
			if a.exit != 0 {
				return 0, 0, 0, fmt.Errorf("validate %s: exit %d", path, a.exit)
			}
			plain, whole, rss = min(plain, p.elapsed), min(whole, a.elapsed), max(rss, a.rssMB)
		}
		return plain, whole, rss, nil
	}
	plain0, whole0, _, err := best(small)
	if err != nil {
		return err
	}
	fmt.Printf("\nWhole process: `massuploader validate --demo --group 101 --json FILE` vs a process reading FILE with excelize's Rows(),\n")
	fmt.Printf("shared strings, each less its time on a 12-row file (%s and %s); fastest of %d, interleaved\n\n", round(whole0), round(plain0), repeat)
	fmt.Println("| rows | plain process | validate --json | ratio (less 12-row time) | peak RSS validate |")
	fmt.Println("|---:|---:|---:|---:|---:|")
	for _, n := range sizes {
		if n < 1000 {
			continue
		}
		path, err := bench.File(dir, bench.Shared, n)
		if err != nil {
			return err
		}
		plain, whole, rss, err := best(path)
		if err != nil {
			return err
		}
		fmt.Printf("| %d | %s | %s | %.2f× | %.0f MB |\n", n, round(plain), round(whole),
			float64(whole-whole0)/float64(plain-plain0), rss)
	}
	return nil
}

// hostileTable runs validate on the hostile files of issue 12: each must be
// refused (exit 1, unreadable_file) within 30 s and 1 GB.
func hostileTable(app, dir string) error {
	fmt.Printf("\nHostile files: `massuploader validate --demo --group 101 --json FILE`, one run each\n\n")
	fmt.Println("| file | size | time | peak RSS | exit | answer |")
	fmt.Println("|---|---:|---:|---:|---:|---|")
	for _, kind := range bench.HostileKinds {
		path, err := bench.HostileFile(dir, kind, 1)
		if err != nil {
			return err
		}
		st, err := os.Stat(path)
		if err != nil {
			return err
		}
		r, err := runProcess(app, "validate", "--demo", "--group", "101", "--json", path)
		if err != nil {
			return err
		}
		answer := "(no issue)"
		if i := bytes.Index(r.out, []byte(`"message": `)); i >= 0 {
			answer = strings.TrimSpace(string(r.out[i+len(`"message": `):]))
			answer, _, _ = strings.Cut(answer, "\n")
			answer = strings.TrimPrefix(answer, `"`+filepath.Base(path)+`: `)
			if len(answer) > 90 {
				answer = answer[:90] + "…"
			}
		}
		fmt.Printf("| %s | %.1f MB | %s | %.0f MB | %d | %s |\n", kind, float64(st.Size())/(1<<20), round(r.elapsed), r.rssMB, r.exit, answer)
	}
	return nil
}
