package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenTempRemoveLeavesNothing(t *testing.T) {
	for _, tc := range []struct {
		name      string
		removeAll func(string) error
	}{
		{"RemoveAll works", os.RemoveAll},
		// As under Wine: RemoveAll fails, the files are deleted one by one.
		{"RemoveAll fails", func(string) error { return errors.New("unlinkat: Invalid function") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			removeAll = tc.removeAll
			t.Cleanup(func() { removeAll = os.RemoveAll })
			st, remove, err := OpenTemp("massuploader-demo")
			if err != nil {
				t.Fatal(err)
			}
			// Write something so that SQLite has its -wal and -shm files too.
			if _, err := st.DB().ExecContext(context.Background(), "CREATE TABLE t (x)"); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Dir(st.Path())
			if err := remove(); err != nil {
				t.Fatalf("remove: %v", err)
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("%s is still there (stat: %v)", dir, err)
			}
			// The database was closed before its folder was removed.
			if err := st.DB().Ping(); err == nil {
				t.Error("the database is still open after remove")
			}
		})
	}
}
