package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/dnaplatform/massuploader/internal/app"
)

func runImports(ctx context.Context, env Env, args []string) int {
	fs := newFlags("imports", env)
	var t target
	t.flags(fs)
	if _, code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if err := t.check(); err != nil {
		return failf(env, "imports: %v", err)
	}
	conn, err := connect(ctx, env, t)
	if err != nil {
		return failf(env, "imports: %v", err)
	}
	defer conn.Close()
	subs, err := conn.History(ctx, 50)
	if err != nil {
		return failf(env, "imports: %v", err)
	}
	fmt.Fprintln(env.Out, "On this computer (outbox and history):")
	if len(subs) == 0 {
		fmt.Fprintln(env.Out, "  nothing submitted yet")
	}
	for _, s := range subs {
		rows, processed, created, failed := s.Totals()
		state := "finished"
		if !s.Finished() {
			state = "waiting in the outbox"
		}
		fmt.Fprintf(env.Out, "  #%d  %s  %s → %d %s  %s: %d rows, %d processed, %d created, %d failed\n",
			s.ID, s.CreatedAt.Local().Format("2006-01-02 15:04"), oneLine(s.FileName), s.GroupID, oneLine(s.GroupName), state, rows, processed, created, failed)
		for _, c := range s.Chunks {
			line := fmt.Sprintf("      part %d: %s", c.Seq+1, c.State)
			if c.ImportID != "" {
				line += " (import " + oneLine(c.ImportID) + ")"
			}
			if c.ErrorMessage != "" {
				line += " — " + oneLine(c.ErrorMessage)
			}
			fmt.Fprintln(env.Out, line)
		}
	}
	lctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	list, err := conn.PlatformImports(lctx, 0, 20)
	if err != nil {
		fmt.Fprintf(env.Out, "On the platform: not reachable now (%s)\n", oneLine(app.Describe(err).Error()))
		return ExitOK
	}
	fmt.Fprintln(env.Out, "On the platform (latest):")
	for _, imp := range list {
		fmt.Fprintf(env.Out, "  %s  group %d  %s  %d/%d processed, %d created, %d failed\n",
			oneLine(imp.ID), imp.GroupID, oneLine(imp.Status), imp.Processed, imp.Total, imp.Created, imp.Failed)
	}
	return ExitOK
}
