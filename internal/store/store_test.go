package store

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func open(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestPragmasAndMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	s := open(t, path)
	var mode string
	var sync, version int
	s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	s.db.QueryRow("PRAGMA synchronous").Scan(&sync)
	s.db.QueryRow("PRAGMA user_version").Scan(&version)
	if mode != "wal" || sync != 2 || version != len(migrations) {
		t.Fatalf("journal_mode=%s synchronous=%d user_version=%d", mode, sync, version)
	}
	s.Close()
	// Reopening applies nothing twice.
	s2 := open(t, path)
	s2.db.QueryRow("PRAGMA user_version").Scan(&version)
	if version != len(migrations) {
		t.Fatal(version)
	}
	// A database from a newer app is refused with a clear message.
	s2.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", len(migrations)+5))
	s2.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("%v", err)
	}
}

func TestProfilesAndCache(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "p.db"))
	ctx := context.Background()
	if _, err := s.DefaultProfile(ctx); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	a, _ := s.SaveProfile(ctx, Profile{PlatformURL: "https://a.example", Username: "coach", DisplayName: "Coach A"})
	time.Sleep(2 * time.Millisecond)
	b, _ := s.SaveProfile(ctx, Profile{PlatformURL: "https://b.example", Username: "coach"})
	if d, _ := s.DefaultProfile(ctx); d.ID != b.ID {
		t.Fatalf("default %+v", d)
	}
	again, _ := s.SaveProfile(ctx, Profile{PlatformURL: "https://a.example", Username: "coach", DisplayName: "Coach A2"})
	if again.ID != a.ID {
		t.Fatal("a second profile for the same account")
	}
	if d, _ := s.DefaultProfile(ctx); d.ID != a.ID || d.DisplayName != "Coach A2" || !d.Default {
		t.Fatalf("default %+v", d)
	}
	if p, err := s.ProfileFor(ctx, "https://b.example", ""); err != nil || p.ID != b.ID {
		t.Fatal(p, err)
	}

	at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	if err := s.PutCache(ctx, a.ID, CacheGroups, CacheEntry{Data: []byte(`[1]`), FetchedAt: at}); err != nil {
		t.Fatal(err)
	}
	s.PutCache(ctx, a.ID, CacheGroups, CacheEntry{Data: []byte(`[2]`), ETag: `"e"`, FetchedAt: at})
	e, err := s.GetCache(ctx, a.ID, CacheGroups)
	if err != nil || string(e.Data) != "[2]" || e.ETag != `"e"` || !e.FetchedAt.Equal(at) {
		t.Fatalf("%+v %v", e, err)
	}
	s.TouchCache(ctx, a.ID, CacheGroups, at.Add(time.Hour))
	if e, _ := s.GetCache(ctx, a.ID, CacheGroups); !e.FetchedAt.Equal(at.Add(time.Hour)) {
		t.Fatal(e.FetchedAt)
	}
	if _, err := s.GetCache(ctx, b.ID, CacheGroups); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	s.DeleteProfile(ctx, a.ID)
	if _, err := s.GetCache(ctx, a.ID, CacheGroups); !errors.Is(err, ErrNotFound) {
		t.Fatal("cache outlived its profile")
	}

	for i := range 25 {
		s.AddRecentFile(ctx, RecentFile{Path: fmt.Sprintf("/f%d.xlsx", i), OpenedAt: at.Add(time.Duration(i) * time.Minute)})
	}
	files, _ := s.RecentFiles(ctx)
	if len(files) != 20 || files[0].Path != "/f24.xlsx" {
		t.Fatalf("%d recent files, first %+v", len(files), files[0])
	}
}

// TestTwoInstances writes from two stores on one file at once, as two app
// windows would: both work.
func TestTwoInstances(t *testing.T) {
	path := filepath.Join(t.TempDir(), "two.db")
	a, b := open(t, path), open(t, path)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for k, s := range []*Store{a, b} {
		wg.Go(func() {
			for i := range 200 {
				errs <- s.AddRecentFile(ctx, RecentFile{Path: fmt.Sprintf("/%d/%d", k, i), OpenedAt: time.Now()})
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var n int
	a.db.QueryRow("SELECT count(*) FROM recent_files").Scan(&n)
	if n != 20 {
		t.Fatalf("%d rows", n)
	}
}

// The crash test re-runs this test binary as a writer that commits forever and
// reports each commit; the parent kills it with SIGKILL at random moments.
func TestMain(m *testing.M) {
	if path := os.Getenv("STORE_CRASH_WRITER"); path != "" {
		crashWriter(path)
		return
	}
	os.Exit(m.Run())
}

func crashWriter(path string) {
	s, err := Open(path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	ctx := context.Background()
	var start int
	s.db.QueryRow("SELECT count(*) FROM profiles").Scan(&start)
	blob := make([]byte, 64<<10) // big enough that a commit spans many pages
	for i := start; ; i++ {
		err := s.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO profiles (platform_url, username, last_used_at) VALUES (?, ?, ?)`,
				"https://crash.example", fmt.Sprintf("user%d", i), Time(time.Now())); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO cache (profile_id, kind, data, fetched_at) VALUES (last_insert_rowid(), 'groups', ?, ?)`,
				blob, Time(time.Now()))
			return err
		})
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("committed", i)
	}
}

func TestSurvivesSIGKILL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crash.db")
	committed := -1
	for round := range 20 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "STORE_CRASH_WRITER="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		deadline := time.After(time.Duration(20+rand.IntN(200)) * time.Millisecond)
	read:
		for {
			select {
			case line, ok := <-lines:
				if !ok {
					break read
				}
				if n, found := strings.CutPrefix(line, "committed "); found {
					committed, _ = strconv.Atoi(n)
				} else {
					t.Fatalf("round %d: writer said %q", round, line)
				}
			case <-deadline:
				cmd.Process.Kill() // SIGKILL
				break read
			}
		}
		for line := range lines { // what it printed before it died counts too
			if n, found := strings.CutPrefix(line, "committed "); found {
				committed, _ = strconv.Atoi(n)
			}
		}
		cmd.Wait()
		s, err := Open(path)
		if err != nil {
			t.Fatalf("round %d: reopening after SIGKILL: %v", round, err)
		}
		var check string
		s.db.QueryRow("PRAGMA integrity_check").Scan(&check)
		var profiles, caches int
		s.db.QueryRow("SELECT count(*) FROM profiles").Scan(&profiles)
		s.db.QueryRow("SELECT count(*) FROM cache").Scan(&caches)
		s.Close()
		if check != "ok" {
			t.Fatalf("round %d: integrity_check: %s", round, check)
		}
		if profiles < committed+1 || caches != profiles {
			t.Fatalf("round %d: %d profiles and %d cache rows, but %d commits were reported", round, profiles, caches, committed+1)
		}
	}
	if committed < 20 {
		t.Fatalf("only %d commits in 20 rounds: the test did not exercise much", committed+1)
	}
}

// TestDatabaseIsOwnerOnly checks that the database and its WAL and shared-memory
// files are 0600, for a new database and for one an older version left 0644.
func TestDatabaseIsOwnerOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	for _, existing := range []bool{false, true} {
		t.Run(fmt.Sprintf("existing=%v", existing), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.db")
			if existing {
				s, err := Open(path)
				if err != nil {
					t.Fatal(err)
				}
				s.Close()
				if err := os.Chmod(path, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, err := s.SaveProfile(context.Background(), Profile{PlatformURL: "https://p.example", Username: "u"}); err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				fi, err := os.Stat(p)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode().Perm() != 0o600 {
					t.Errorf("%s is %v, want -rw-------", filepath.Base(p), fi.Mode().Perm())
				}
			}
		})
	}
}

// TestManyOpenAFreshDatabaseAtOnce: two windows, or a window and a command,
// started together on a new database both switch it to WAL and migrate it;
// neither may fail with "database is locked".
func TestManyOpenAFreshDatabaseAtOnce(t *testing.T) {
	for round := range 20 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("m%d.db", round))
		var wg sync.WaitGroup
		errs := make(chan error, 6)
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(path)
				if err != nil {
					errs <- err
					return
				}
				defer s.Close()
				if _, err := s.DB().Exec(`SELECT count(*) FROM profiles`); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
	}
}
