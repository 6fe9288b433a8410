package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Profile is a platform account the app signs in to; its refresh token lives
// in the OS keyring, never here.
type Profile struct {
	ID          int64
	PlatformURL string
	Username    string
	DisplayName string
	Default     bool
	LastUsedAt  time.Time
}

// SaveProfile records a sign-in (creating or updating the profile) and makes it
// the default.
func (s *Store) SaveProfile(ctx context.Context, p Profile) (Profile, error) {
	p.LastUsedAt = time.Now()
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE profiles SET is_default = 0`); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `
			INSERT INTO profiles (platform_url, username, display_name, is_default, last_used_at)
			VALUES (?, ?, ?, 1, ?)
			ON CONFLICT (platform_url, username) DO UPDATE SET
				display_name = excluded.display_name, is_default = 1, last_used_at = excluded.last_used_at
			RETURNING id`, p.PlatformURL, p.Username, p.DisplayName, Time(p.LastUsedAt)).Scan(&p.ID)
	})
	if err != nil {
		return Profile{}, fmt.Errorf("store: saving the profile: %w", err)
	}
	p.Default = true
	return p, nil
}

const profileColumns = `id, platform_url, username, display_name, is_default, last_used_at`

func scanProfile(row interface{ Scan(...any) error }) (Profile, error) {
	var p Profile
	var last string
	err := row.Scan(&p.ID, &p.PlatformURL, &p.Username, &p.DisplayName, &p.Default, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return Profile{}, ErrNotFound
	}
	if err != nil {
		return Profile{}, fmt.Errorf("store: reading a profile: %w", err)
	}
	p.LastUsedAt = ParseTime(last)
	return p, nil
}

// DefaultProfile is the profile used when none is named.
func (s *Store) DefaultProfile(ctx context.Context) (Profile, error) {
	return scanProfile(s.db.QueryRowContext(ctx,
		`SELECT `+profileColumns+` FROM profiles ORDER BY is_default DESC, last_used_at DESC LIMIT 1`))
}

// ProfileFor finds the profile of a platform; username "" means the most
// recently used one there.
func (s *Store) ProfileFor(ctx context.Context, platformURL, username string) (Profile, error) {
	if username == "" {
		return scanProfile(s.db.QueryRowContext(ctx,
			`SELECT `+profileColumns+` FROM profiles WHERE platform_url = ? ORDER BY last_used_at DESC LIMIT 1`, platformURL))
	}
	return scanProfile(s.db.QueryRowContext(ctx,
		`SELECT `+profileColumns+` FROM profiles WHERE platform_url = ? AND username = ?`, platformURL, username))
}

// Profiles lists every profile, most recently used first.
func (s *Store) Profiles(ctx context.Context) ([]Profile, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+profileColumns+` FROM profiles ORDER BY last_used_at DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: listing profiles: %w", err)
	}
	defer rows.Close()
	var out []Profile
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// DeleteProfile forgets a profile and its cached data.
func (s *Store) DeleteProfile(ctx context.Context, id int64) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM profiles WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: removing the profile: %w", err)
	}
	return nil
}
