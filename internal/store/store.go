// Package store is the app's local data (SPEC §7): one SQLite database in the
// user's config directory, WAL mode, synchronous=FULL, with numbered schema
// migrations. It never holds a secret.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// ErrNotFound means no such record.
var ErrNotFound = errors.New("store: not found")

// Store is the open database. It is safe for concurrent use, and two app
// instances may use one database at once (WAL with a busy timeout).
type Store struct {
	db   *sql.DB
	path string
}

// DefaultPath is where the database lives: $MASSUPLOADER_CONFIG_DIR, else the
// user's config directory (os.UserConfigDir) under massuploader/.
func DefaultPath() (string, error) {
	dir := os.Getenv("MASSUPLOADER_CONFIG_DIR")
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("store: finding the config directory: %w", err)
		}
		dir = filepath.Join(base, "massuploader")
	}
	return filepath.Join(dir, "massuploader.db"), nil
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: creating %s: %w", filepath.Dir(path), err)
	}
	if err := ownerOnly(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(ON)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // a writer takes the lock up front: no deadlock on upgrade
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: opening %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.migrateWhenFree(); err != nil {
		db.Close()
		return nil, err
	}
	// SQLite gives the WAL and shared-memory files the database's mode; these
	// may predate that (an older version of the app), so they are tightened too.
	for _, side := range []string{path + "-wal", path + "-shm"} {
		if err := makePrivate(side); err != nil && !errors.Is(err, os.ErrNotExist) {
			db.Close()
			return nil, fmt.Errorf("store: protecting %s: %w", side, err)
		}
	}
	return s, nil
}

// migrateWhenFree migrates, trying again for a while when SQLite answers
// SQLITE_BUSY without waiting: it does so while another connection turns a
// new database to WAL, which two instances started together on a fresh
// database both do (the busy timeout does not cover that moment).
func (s *Store) migrateWhenFree() error {
	deadline := time.Now().Add(10 * time.Second)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := s.migrate(context.Background())
		if err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait)
	}
}

// ownerOnly creates the database file readable by its owner only, or makes an
// existing one so: it holds the user's clients (names, e-mails), and the
// folder's 0700 alone does not protect a copy or a moved file.
func ownerOnly(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: opening %s: %w", path, err)
	}
	f.Close()
	if err := makePrivate(path); err != nil {
		return fmt.Errorf("store: protecting %s: %w", path, err)
	}
	return nil
}

// makePrivate gives a file mode 0600. Windows has no such mode (os.Chmod only
// sets the read-only attribute there) and refuses it with a sharing violation
// on the -shm file SQLite holds open: there the user's profile folder
// (%APPDATA%) is what keeps others out, so it is left alone.
func makePrivate(path string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	return os.Chmod(path, 0o600)
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB is the database, for the packages that own their own tables.
func (s *Store) DB() *sql.DB { return s.db }

// Tx runs fn in one write transaction: all of it is kept, or none.
func (s *Store) Tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: beginning a transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: committing: %w", err)
	}
	return nil
}

// migrations are applied in order; user_version counts those applied. Never
// edit one that has shipped: add another.
var migrations = []string{
	// 1: profiles, cached platform data, recent files.
	`CREATE TABLE profiles (
		id           INTEGER PRIMARY KEY,
		platform_url TEXT NOT NULL,
		username     TEXT NOT NULL,
		display_name TEXT NOT NULL DEFAULT '',
		is_default   INTEGER NOT NULL DEFAULT 0,
		last_used_at TEXT NOT NULL,
		UNIQUE (platform_url, username)
	);
	CREATE TABLE cache (
		profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
		kind       TEXT NOT NULL,
		data       BLOB NOT NULL,
		etag       TEXT NOT NULL DEFAULT '',
		version    TEXT NOT NULL DEFAULT '',
		fetched_at TEXT NOT NULL,
		PRIMARY KEY (profile_id, kind)
	);
	CREATE TABLE recent_files (
		path      TEXT PRIMARY KEY,
		sha256    TEXT NOT NULL DEFAULT '',
		group_id  INTEGER NOT NULL DEFAULT 0,
		opened_at TEXT NOT NULL
	);`,
	// 2: the outbox of submissions (internal/outbox), their chunks and rows.
	`CREATE TABLE submissions (
		id               INTEGER PRIMARY KEY,
		profile_id       INTEGER NOT NULL,
		group_id         INTEGER NOT NULL,
		group_name       TEXT NOT NULL,
		file_path        TEXT NOT NULL,
		file_name        TEXT NOT NULL,
		file_sha256      TEXT NOT NULL,
		template_version TEXT NOT NULL,
		headers          TEXT NOT NULL,
		retry_of         INTEGER REFERENCES submissions(id),
		created_at       TEXT NOT NULL,
		finished_at      TEXT
	);
	CREATE INDEX submissions_file ON submissions (profile_id, group_id, file_sha256);
	CREATE TABLE chunks (
		id              INTEGER PRIMARY KEY,
		submission_id   INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
		seq             INTEGER NOT NULL,
		state           TEXT NOT NULL,
		idempotency_key TEXT NOT NULL UNIQUE,
		request         BLOB NOT NULL,
		rows            INTEGER NOT NULL,
		first_sent_at   TEXT,
		attempts        INTEGER NOT NULL DEFAULT 0,
		import_id       TEXT NOT NULL DEFAULT '',
		location        TEXT NOT NULL DEFAULT '',
		import_status   TEXT NOT NULL DEFAULT '',
		processed       INTEGER NOT NULL DEFAULT 0,
		created         INTEGER NOT NULL DEFAULT 0,
		failed          INTEGER NOT NULL DEFAULT 0,
		error_code      TEXT NOT NULL DEFAULT '',
		error_message   TEXT NOT NULL DEFAULT '',
		updated_at      TEXT NOT NULL,
		UNIQUE (submission_id, seq)
	);
	CREATE TABLE submission_rows (
		submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
		row           INTEGER NOT NULL,
		chunk_seq     INTEGER NOT NULL,
		original      TEXT NOT NULL,
		status        TEXT NOT NULL,
		client_id     TEXT NOT NULL DEFAULT '',
		error_code    TEXT NOT NULL DEFAULT '',
		error_message TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (submission_id, row)
	);`,
	// 3: drafts: cell edits made in the app, tied to the file's content.
	`CREATE TABLE drafts (
		file_sha256 TEXT PRIMARY KEY,
		path        TEXT NOT NULL,
		edits       TEXT NOT NULL,
		updated_at  TEXT NOT NULL
	);`,
	// 4: a digest of a submission's rows, so that a new submit of the same
	// file with other rows (edited or removed in the app) is not taken for it.
	// Submissions stored before have '' (unknown).
	`ALTER TABLE submissions ADD COLUMN rows_sha256 TEXT NOT NULL DEFAULT '';`,
}

func (s *Store) migrate(ctx context.Context) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		var version int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
			return fmt.Errorf("store: reading the schema version: %w", err)
		}
		if version > len(migrations) {
			return fmt.Errorf("store: the database %s was written by a newer version of the app (schema %d, this one knows %d); update the app", s.path, version, len(migrations))
		}
		for i := version; i < len(migrations); i++ {
			if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
				return fmt.Errorf("store: migration %d: %w", i+1, err)
			}
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
			return fmt.Errorf("store: setting the schema version: %w", err)
		}
		return nil
	})
}

// Time is how times are kept: RFC 3339 in UTC, sortable as text.
func Time(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// ParseTime reads a time written by Time.
func ParseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}
