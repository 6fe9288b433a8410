// Package catalog reads the platform's groups, report catalog and template,
// live when the platform answers (refreshing the local cache) and from the cache
// when it does not, telling the caller which and how old the data is.
package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/store"
)

// Source says where data came from.
type Source struct {
	Live      bool      // fresh from the platform
	FetchedAt time.Time // when the platform last gave (or confirmed) it
	Offline   error     // why the platform was not used, when it was not
}

// Age is how old the data is at now.
func (s Source) Age(now time.Time) time.Duration { return now.Sub(s.FetchedAt) }

// Platform is the part of the platform client this package uses.
type Platform interface {
	Groups(context.Context) ([]platform.Group, error)
	Reports(context.Context) ([]platform.Report, error)
	Template(ctx context.Context, etag string) (platform.Template, error)
}

// Service reads through the cache of one profile.
type Service struct {
	platform Platform
	store    *store.Store
	profile  int64
	now      func() time.Time

	mu           sync.Mutex
	offlineErr   error     // the last "no answer", while it is recent
	offlineSince time.Time // when the platform stopped answering
	offlineAt    time.Time // when it last failed to answer
}

// recheckAfter is how long, after the platform failed to answer, reads go
// straight to the cache instead of waiting for the network again.
const recheckAfter = 30 * time.Second

// Offline returns since when and why the platform is not answering, or nil
// when it answered last time (or was not asked for a while).
func (s *Service) Offline() (since time.Time, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.offlineErr == nil || s.now().Sub(s.offlineAt) > recheckAfter {
		return time.Time{}, nil
	}
	return s.offlineSince, s.offlineErr
}

func (s *Service) noteResult(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case err == nil:
		s.offlineErr = nil
	case offline(err):
		if s.offlineErr == nil {
			s.offlineSince = s.now()
		}
		s.offlineErr, s.offlineAt = err, s.now()
	}
}

// New returns a service for a signed-in profile.
func New(p Platform, s *store.Store, profileID int64) *Service {
	return &Service{platform: p, store: s, profile: profileID, now: time.Now}
}

// ErrNoData means the platform cannot be reached and nothing is cached.
var ErrNoData = errors.New("the platform cannot be reached and nothing is saved from an earlier visit")

// offline tells whether err means "use the cache": no answer, or a platform
// failing on its side.
func offline(err error) bool {
	var pe *platform.Error
	return platform.IsUnreachable(err) || (errors.As(err, &pe) && pe.Status >= 500)
}

func readThrough[T any](ctx context.Context, s *Service, kind string, fetch func(context.Context) (T, error)) (T, Source, error) {
	var zero T
	var v T
	_, err := s.Offline()
	if err == nil {
		v, err = fetch(ctx)
		s.noteResult(err)
	}
	if err == nil {
		now := s.now()
		data, _ := json.Marshal(v)
		// A cache that cannot be written costs offline use later, not this answer.
		_ = s.store.PutCache(ctx, s.profile, kind, store.CacheEntry{Data: data, FetchedAt: now})
		return v, Source{Live: true, FetchedAt: now}, nil
	}
	if !offline(err) {
		return zero, Source{}, err
	}
	e, cerr := s.store.GetCache(ctx, s.profile, kind)
	if cerr != nil {
		return zero, Source{Offline: err}, fmt.Errorf("%s: %w (%v)", kind, ErrNoData, err)
	}
	if jerr := json.Unmarshal(e.Data, &v); jerr != nil {
		return zero, Source{Offline: err}, fmt.Errorf("the saved %s cannot be read: %w", kind, jerr)
	}
	return v, Source{FetchedAt: e.FetchedAt, Offline: err}, nil
}

// Groups returns the user's groups.
func (s *Service) Groups(ctx context.Context) ([]platform.Group, Source, error) {
	return readThrough(ctx, s, store.CacheGroups, s.platform.Groups)
}

// Reports returns the report catalog.
func (s *Service) Reports(ctx context.Context) ([]platform.Report, Source, error) {
	return readThrough(ctx, s, store.CacheReports, s.platform.Reports)
}

// Group returns one group by ID.
func (s *Service) Group(ctx context.Context, id int64) (platform.Group, Source, error) {
	groups, src, err := s.Groups(ctx)
	if err != nil {
		return platform.Group{}, src, err
	}
	g, err := FindGroup(groups, id)
	return g, src, err
}

// FindGroup picks a group by ID; the error lists the groups there are.
func FindGroup(groups []platform.Group, id int64) (platform.Group, error) {
	for _, g := range groups {
		if g.ID == id {
			return g, nil
		}
	}
	msg := fmt.Sprintf("there is no group %d among yours:", id)
	for _, g := range groups {
		msg += fmt.Sprintf(" %d %s;", g.ID, g.Name)
	}
	return platform.Group{}, errors.New(strings.TrimSuffix(msg, ";"))
}

// Template returns the latest template, asking the platform with the cached
// copy's ETag so that an unchanged template is not downloaded again.
func (s *Service) Template(ctx context.Context) (platform.Template, Source, error) {
	cached, cerr := s.store.GetCache(ctx, s.profile, store.CacheTemplate)
	etag := ""
	if cerr == nil {
		etag = cached.ETag
	}
	var t platform.Template
	_, err := s.Offline()
	if err == nil {
		t, err = s.platform.Template(ctx, etag)
		s.noteResult(err)
	}
	now := s.now()
	switch {
	case err == nil && t.NotModified && cerr == nil:
		_ = s.store.TouchCache(ctx, s.profile, store.CacheTemplate, now)
		return platform.Template{Data: cached.Data, ETag: cached.ETag, Version: cached.Version}, Source{Live: true, FetchedAt: now}, nil
	case err == nil && !t.NotModified:
		_ = s.store.PutCache(ctx, s.profile, store.CacheTemplate, store.CacheEntry{Data: t.Data, ETag: t.ETag, Version: t.Version, FetchedAt: now})
		return t, Source{Live: true, FetchedAt: now}, nil
	case err == nil: // 304 to an ETag whose copy is gone: ask for the whole template
		if t, err = s.platform.Template(ctx, ""); err == nil {
			_ = s.store.PutCache(ctx, s.profile, store.CacheTemplate, store.CacheEntry{Data: t.Data, ETag: t.ETag, Version: t.Version, FetchedAt: now})
			return t, Source{Live: true, FetchedAt: now}, nil
		}
	}
	if !offline(err) {
		return platform.Template{}, Source{}, err
	}
	if cerr != nil {
		return platform.Template{}, Source{Offline: err}, fmt.Errorf("template: %w (%v)", ErrNoData, err)
	}
	return platform.Template{Data: cached.Data, ETag: cached.ETag, Version: cached.Version},
		Source{FetchedAt: cached.FetchedAt, Offline: err}, nil
}
