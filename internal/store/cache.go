package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Kinds of cached platform data.
const (
	CacheGroups   = "groups"
	CacheReports  = "reports"
	CacheTemplate = "template"
)

// CacheEntry is platform data kept for offline use.
type CacheEntry struct {
	Data      []byte
	ETag      string
	Version   string
	FetchedAt time.Time
}

// PutCache keeps the latest copy of a kind of data for a profile.
func (s *Store) PutCache(ctx context.Context, profileID int64, kind string, e CacheEntry) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO cache (profile_id, kind, data, etag, version, fetched_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (profile_id, kind) DO UPDATE SET
			data = excluded.data, etag = excluded.etag, version = excluded.version, fetched_at = excluded.fetched_at`,
		profileID, kind, e.Data, e.ETag, e.Version, Time(e.FetchedAt))
	if err != nil {
		return fmt.Errorf("store: caching %s: %w", kind, err)
	}
	return nil
}

// TouchCache records that the platform confirmed the cached copy (a 304).
func (s *Store) TouchCache(ctx context.Context, profileID int64, kind string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE cache SET fetched_at = ? WHERE profile_id = ? AND kind = ?`, Time(at), profileID, kind)
	if err != nil {
		return fmt.Errorf("store: updating the cached %s: %w", kind, err)
	}
	return nil
}

// GetCache returns the cached copy of a kind of data, or ErrNotFound.
func (s *Store) GetCache(ctx context.Context, profileID int64, kind string) (CacheEntry, error) {
	var e CacheEntry
	var at string
	err := s.db.QueryRowContext(ctx, `SELECT data, etag, version, fetched_at FROM cache WHERE profile_id = ? AND kind = ?`,
		profileID, kind).Scan(&e.Data, &e.ETag, &e.Version, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return CacheEntry{}, ErrNotFound
	}
	if err != nil {
		return CacheEntry{}, fmt.Errorf("store: reading the cached %s: %w", kind, err)
	}
	e.FetchedAt = ParseTime(at)
	return e, nil
}

// RecentFile is a file the user opened.
type RecentFile struct {
	Path     string
	SHA256   string
	GroupID  int64
	OpenedAt time.Time
}

// AddRecentFile remembers an opened file, keeping the 20 most recent.
func (s *Store) AddRecentFile(ctx context.Context, f RecentFile) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO recent_files (path, sha256, group_id, opened_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, group_id = excluded.group_id, opened_at = excluded.opened_at`,
			f.Path, f.SHA256, f.GroupID, Time(f.OpenedAt)); err != nil {
			return fmt.Errorf("store: remembering %s: %w", f.Path, err)
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM recent_files WHERE path NOT IN
			(SELECT path FROM recent_files ORDER BY opened_at DESC LIMIT 20)`)
		return err
	})
}

// RecentFiles lists remembered files, most recent first.
func (s *Store) RecentFiles(ctx context.Context) ([]RecentFile, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT path, sha256, group_id, opened_at FROM recent_files ORDER BY opened_at DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: listing recent files: %w", err)
	}
	defer rows.Close()
	var out []RecentFile
	for rows.Next() {
		var f RecentFile
		var at string
		if err := rows.Scan(&f.Path, &f.SHA256, &f.GroupID, &at); err != nil {
			return nil, fmt.Errorf("store: reading recent files: %w", err)
		}
		f.OpenedAt = ParseTime(at)
		out = append(out, f)
	}
	return out, rows.Err()
}
