package app

import (
	"context"
	"os"
	"testing"

	"github.com/dnaplatform/massuploader/internal/template"
)

func TestSubmitAndOutcome(t *testing.T) {
	a := demo(t)
	ctx := context.Background()
	g := group(t, a, 101)
	path := fixture(t, "clean-12.xlsx")
	c, err := a.Check(ctx, path, g)
	if err != nil {
		t.Fatal(err)
	}
	if _, found, err := a.Submitted(ctx, g.ID, c.SHA256); err != nil || found {
		t.Fatalf("submitted before enqueueing: %v, %v", found, err)
	}
	id, err := a.Enqueue(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if ids, err := a.Unfinished(ctx); err != nil || len(ids) != 1 || ids[0] != id {
		t.Fatalf("unfinished %v, %v; want [%d]", ids, err, id)
	}
	if s := a.Status(ctx); !s.SignedIn || !s.Demo || s.Outbox != 1 || s.Who == "" {
		t.Errorf("status %+v", s)
	}
	events := 0
	sub, err := a.Send(ctx, id, func(Event) { events++ })
	if err != nil || !sub.Finished() || events == 0 {
		t.Fatalf("send: %v, finished %v, %d events", err, sub.Finished(), events)
	}
	found, ok, err := a.Submitted(ctx, g.ID, c.SHA256)
	if err != nil || !ok || found.ID != id {
		t.Fatalf("Submitted = %d, %v, %v; want %d", found.ID, ok, err, id)
	}
	rows, err := a.Results(ctx, id)
	if err != nil || len(rows) != 12 {
		t.Fatalf("%d results, %v", len(rows), err)
	}
	o := a.WriteOutcome(ctx, sub, "")
	if o.Err() != nil || o.Results != ResultsPath(path) || o.Failed != 0 || o.Retry != "" {
		t.Fatalf("outcome %+v", o)
	}
	if _, err := os.Stat(o.Results); err != nil {
		t.Fatal(err)
	}
	if subs, err := a.History(ctx, 10); err != nil || len(subs) != 1 {
		t.Errorf("history %d, %v", len(subs), err)
	}
	if imps, err := a.PlatformImports(ctx, 0, 20); err != nil || len(imps) == 0 {
		t.Errorf("platform imports %d, %v", len(imps), err)
	}
}

func TestEnqueueRefuses(t *testing.T) {
	a := demo(t)
	ctx := context.Background()
	g := group(t, a, 101)
	tests := []struct {
		name string
		file string
	}{
		{name: "errors remain", file: "every-row-code.xlsx"},
		{name: "unreadable", file: "truncated.xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := a.Check(ctx, fixture(t, tt.file), g)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Enqueue(ctx, c); err == nil {
				t.Fatal("enqueued a file with errors")
			}
		})
	}
}

// Rows the platform refuses come back in a retry file beside the source.
func TestOutcomeWritesRetryFile(t *testing.T) {
	a := demo(t)
	ctx := context.Background()
	g := group(t, a, 101)
	c, err := a.Open(ctx, fixture(t, "clean-12.xlsx"), g)
	if err != nil {
		t.Fatal(err)
	}
	first := c.Engine.Row(0).Cells[template.Email].Value
	// The same e-mail on two rows the platform sees in one import: the
	// file's duplicate check is made off by submitting the rows separately.
	id, err := a.Enqueue(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Send(ctx, id, nil); err != nil {
		t.Fatal(err)
	}
	again := *c
	again.SHA256 = "other"
	id2, err := a.Enqueue(ctx, &again)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := a.Send(ctx, id2, func(Event) {})
	if err != nil {
		t.Fatal(err)
	}
	o := a.WriteOutcome(ctx, sub, "")
	if o.Failed == 0 || o.Retry == "" || o.Err() != nil {
		t.Fatalf("outcome %+v (first e-mail %s)", o, first)
	}
	if _, err := os.Stat(o.Retry); err != nil {
		t.Fatal(err)
	}
}
