package catalog

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/store"
)

func TestLiveThenCached(t *testing.T) {
	run, err := sandbox.Start(sandbox.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	st, err := store.Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, _ := st.SaveProfile(context.Background(), store.Profile{PlatformURL: run.URL, Username: sandbox.DemoUsername})
	c, _ := platform.New(run.URL, platform.Options{RetryCount: -1})
	ctx := context.Background()
	if _, err := c.Login(ctx, sandbox.DemoUsername, sandbox.DemoPassword); err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	s := New(c, st, p.ID)
	s.now = func() time.Time { return clock }

	groups, src, err := s.Groups(ctx)
	if err != nil || !src.Live || len(groups) != 4 {
		t.Fatalf("%v %+v %d", err, src, len(groups))
	}
	if _, src, err := s.Reports(ctx); err != nil || !src.Live {
		t.Fatal(err)
	}
	tpl, src, err := s.Template(ctx)
	if err != nil || !src.Live || len(tpl.Data) == 0 {
		t.Fatal(err)
	}
	// The second time, the platform answers 304 and the cached bytes serve.
	clock = clock.Add(time.Minute)
	again, src, err := s.Template(ctx)
	if err != nil || !src.Live || string(again.Data) != string(tpl.Data) || !src.FetchedAt.Equal(clock) {
		t.Fatalf("%v %+v", err, src)
	}
	if run.Server.Requests()[len(run.Server.Requests())-1].Status != 304 {
		t.Fatal("the template was downloaded again")
	}

	run.Stop()
	clock = clock.Add(2 * time.Hour)
	groups, src, err = s.Groups(ctx)
	if err != nil || src.Live || len(groups) != 4 || src.Offline == nil || src.Age(clock) != 2*time.Hour+time.Minute {
		t.Fatalf("offline groups: %v %+v age %v", err, src, src.Age(clock))
	}
	if since, err := s.Offline(); err == nil || !since.Equal(clock) {
		t.Fatal("the service does not know it is offline")
	}
	reports, src, err := s.Reports(ctx)
	if err != nil || src.Live || len(reports) != 5 {
		t.Fatal(err)
	}
	cached, src, err := s.Template(ctx)
	if err != nil || src.Live || string(cached.Data) != string(tpl.Data) || src.Age(clock) != 2*time.Hour {
		t.Fatalf("offline template: %v %+v", err, src)
	}
	g, _, err := s.Group(ctx, 104)
	if err != nil || g.MaxClientsPerImport != 50 {
		t.Fatal(err)
	}

	// Another profile has nothing cached.
	other := New(c, st, p.ID+1)
	if _, _, err := other.Groups(ctx); !errors.Is(err, ErrNoData) {
		t.Fatalf("want ErrNoData, got %v", err)
	}
}
