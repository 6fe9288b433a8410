// Command dnasandbox serves the DNA Platform sandbox (SPEC §5): the platform API
// v1 on demo data, with injectable faults, for demos, tests and benchmarks.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/dnaplatform/massuploader/internal/sandbox"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "dnasandbox:", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	defaults := sandbox.DefaultFaults()
	fs := flag.NewFlagSet("dnasandbox", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8787", "address to listen on (port 0 picks a free one)")
	delay := fs.Duration("delay-per-client", time.Duration(defaults.DelayPerClient), "time to process one client row")
	latency := fs.Duration("latency", 0, "added before every API answer")
	faultRate := fs.Float64("fault-rate", 0, "share of API requests answered 500/502/503 before any work (0–1)")
	dropRate := fs.Float64("drop-rate", 0, "share of submissions processed and then closed with no answer (0–1)")
	rateLimit := fs.Float64("rate-limit", 0, "API requests per second; past it, 429 (0 = no limit)")
	tokenTTL := fs.Duration("token-ttl", time.Duration(defaults.TokenTTL), "lifetime of access tokens")
	seed := fs.Uint64("seed", 0, "seed for fault decisions (0 = random)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: dnasandbox [flags]\n\nServes the DNA Platform API v1 sandbox on demo data; sign in as coach@demo.example / demo-password.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return err
	}
	run, err := sandbox.Start(sandbox.Options{
		Seed: *seed,
		Faults: sandbox.Faults{
			DelayPerClient: sandbox.Duration(*delay), Latency: sandbox.Duration(*latency),
			FaultRate: *faultRate, DropRate: *dropRate, RateLimit: *rateLimit, TokenTTL: sandbox.Duration(*tokenTTL),
		},
	}, *addr)
	if err != nil {
		return err
	}
	fmt.Printf("listening on %s\n", run.URL)
	fmt.Fprintf(os.Stderr, "demo account: %s / %s — stop with Ctrl+C\n", sandbox.DemoUsername, sandbox.DemoPassword)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return run.Shutdown(shutdown)
}
