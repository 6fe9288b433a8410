// Command massbench prints how long reading and validating large files takes,
// and how much memory it needs, beside excelize's plain streaming read of the
// same files. Each measurement runs in a fresh child process, so that its peak
// resident memory is its own. `make bench` runs it.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dnaplatform/massuploader/internal/bench"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
	"github.com/dnaplatform/massuploader/internal/workbook"
)

func main() {
	measure := flag.String("measure", "", "internal: measure one read (plain, raw or validate) of -file")
	file := flag.String("file", "", "internal: the file to measure")
	sizesFlag := flag.String("sizes", "200,10000,100000", "row counts to measure")
	repeat := flag.Int("repeat", 3, "runs per measurement; the fastest is kept")
	dir := flag.String("dir", "", "where to keep the generated files (default: a temporary folder)")
	app := flag.String("app", "", "a massuploader binary: also measure whole `validate --json` processes")
	hostile := flag.Bool("hostile", false, "with -app: also run the hostile files of issue 12")
	flag.Parse()
	if *measure != "" {
		os.Exit(measureOnce(*measure, *file))
	}
	if err := table(*sizesFlag, *repeat, *dir, *app, *hostile); err != nil {
		fmt.Fprintln(os.Stderr, "massbench:", err)
		os.Exit(1)
	}
}

// measureOnce runs in the child: one read, printed as "rows nanoseconds".
func measureOnce(mode, path string) int {
	start := time.Now()
	var n int
	var err error
	switch mode {
	case "plain":
		n, err = bench.PlainRead(path, false)
	case "raw":
		n, err = bench.PlainRead(path, true)
	case "read": // the app's reader alone, no checks
		var r *workbook.Reader
		if r, err = workbook.Open(path); err == nil {
			for {
				if _, err = r.Next(); err != nil {
					break
				}
				n++
			}
			if errors.Is(err, io.EOF) {
				err = nil
			}
			r.Close()
		}
	case "validate":
		var e *validate.Engine
		if e, err = bench.ReadValidate(path); err == nil {
			n = e.Len()
			if c := validate.Count(e.Issues()); c.Errors != 0 {
				err = fmt.Errorf("%d errors in a clean file", c.Errors)
			}
		}
	default:
		err = fmt.Errorf("unknown mode %q", mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(n, time.Since(start).Nanoseconds(), peakRSS())
	return 0
}

// peakRSS is this process's peak resident memory in KiB (VmHWM): its own since
// exec, unlike a child's rusage, which starts from the parent's at fork.
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}

type result struct {
	elapsed time.Duration
	rssMB   float64
}

// measureModes runs each mode in a new process, repeat times, interleaved so
// that a machine that speeds up or slows down affects all modes alike; it keeps
// each mode's fastest run and largest peak RSS.
func measureModes(modes []string, path string, repeat int) (map[string]result, error) {
	out := map[string]result{}
	for _, m := range modes {
		out[m] = result{elapsed: time.Duration(1<<63 - 1)}
	}
	for range repeat {
		for _, m := range modes {
			r, err := child(m, path)
			if err != nil {
				return nil, err
			}
			best := out[m]
			best.elapsed = min(best.elapsed, r.elapsed)
			best.rssMB = max(best.rssMB, r.rssMB)
			out[m] = best
		}
	}
	return out, nil
}

// child runs one measurement in a new process.
func child(mode, path string) (result, error) {
	self, err := os.Executable()
	if err != nil {
		return result{}, err
	}
	var best result
	{
		cmd := exec.Command(self, "-measure", mode, "-file", path)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return result{}, fmt.Errorf("%s %s: %w", mode, path, err)
		}
		fields := strings.Fields(string(out))
		if len(fields) != 3 {
			return result{}, fmt.Errorf("%s %s: unexpected answer %q", mode, path, out)
		}
		ns, _ := strconv.ParseInt(fields[1], 10, 64)
		kb, _ := strconv.ParseFloat(fields[2], 64)
		best.elapsed = time.Duration(ns)
		best.rssMB = kb / 1024
	}
	return best, nil
}

func table(sizesFlag string, repeat int, dir, app string, hostile bool) error {
	var sizes []int
	for _, s := range strings.Split(sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("bad size %q", s)
		}
		sizes = append(sizes, n)
	}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "massbench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	fmt.Printf("massbench on %d CPU, %s; fastest of %d runs, each in a new process\n\n", runtime.NumCPU(), runtime.Version(), repeat)
	fmt.Println("| file | rows | plain Rows() | plain raw | app reader alone | read+validate | ratio vs plain | ratio vs raw | peak RSS plain | peak RSS read+validate |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, kind := range []string{bench.Inline, bench.Shared} {
		for _, n := range sizes {
			path, err := bench.File(dir, kind, n)
			if err != nil {
				return err
			}
			res, err := measureModes([]string{"plain", "raw", "read", "validate"}, path, repeat)
			if err != nil {
				return err
			}
			plain, raw, read, val := res["plain"], res["raw"], res["read"], res["validate"]
			fmt.Printf("| %s | %d | %s | %s | %s | %s | %.2f× | %.2f× | %.0f MB | %.0f MB |\n", kind, n,
				round(plain.elapsed), round(raw.elapsed), round(read.elapsed), round(val.elapsed),
				float64(val.elapsed)/float64(plain.elapsed), float64(val.elapsed)/float64(raw.elapsed), plain.rssMB, val.rssMB)
		}
	}
	if err := editTable(dir); err != nil {
		return err
	}
	if app == "" {
		return nil
	}
	if err := processTable(app, sizes, repeat, dir); err != nil {
		return err
	}
	if hostile {
		return hostileTable(app, dir)
	}
	return nil
}

// editTable measures re-validation after a single-cell edit at 10 000 rows.
func editTable(dir string) error {
	path, err := bench.File(dir, bench.Shared, 10000)
	if err != nil {
		return err
	}
	e, err := bench.ReadValidate(path)
	if err != nil {
		return err
	}
	var times []time.Duration
	for i := range 200 {
		row := (i * 7919) % e.Len()
		value := fmt.Sprintf("edited%d@example.com", i)
		if i%2 == 1 {
			value = e.Row((row + 1) % e.Len()).Cells[template.Email].Value
		}
		start := time.Now()
		e.SetCell(row, template.Email, value)
		_ = validate.Count(e.Issues())
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	fmt.Printf("\nSingle-cell edit at 10 000 rows (re-check + full issue list), 200 edits: median %s, p99 %s, max %s\n",
		round(times[len(times)/2]), round(times[len(times)*99/100]), round(times[len(times)-1]))
	return nil
}

func round(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}
