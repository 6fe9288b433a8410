// Package credentials keeps refresh tokens in the OS keyring (SPEC §7): Windows
// Credential Manager, macOS Keychain, or the Secret Service on Linux. Every
// keyring call is bounded by a timeout, since the Secret Service can block
// forever; when no keyring answers, the token is kept in memory for this run
// and the caller is told why, in a sentence for the user.
package credentials

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// Service is the keyring service name of every entry.
const Service = "massuploader"

// Timeout bounds each keyring call.
const Timeout = 3 * time.Second

// ErrNotFound means no token is stored for the account.
var ErrNotFound = errors.New("credentials: no stored sign-in")

// Account names a keyring entry: USERNAME@PLATFORM-HOST.
func Account(host, username string) string { return username + "@" + host }

// Keyring is the part of go-keyring used here; tests replace it.
type Keyring interface {
	Get(service, account string) (string, error)
	Set(service, account, secret string) error
	Delete(service, account string) error
}

type osKeyring struct{}

func (osKeyring) Get(s, a string) (string, error) { return keyring.Get(s, a) }
func (osKeyring) Set(s, a, v string) error        { return keyring.Set(s, a, v) }
func (osKeyring) Delete(s, a string) error        { return keyring.Delete(s, a) }

// Store keeps tokens in the keyring, or in memory when the keyring fails.
type Store struct {
	kr      Keyring
	timeout time.Duration

	mu       sync.Mutex
	memory   map[string]string
	degraded string // why the keyring is not used, "" while it works
}

// New returns a store on the OS keyring.
func New() *Store { return NewWith(osKeyring{}, Timeout) }

// NewWith returns a store on another keyring, with another timeout.
func NewWith(kr Keyring, timeout time.Duration) *Store {
	return &Store{kr: kr, timeout: timeout, memory: map[string]string{}}
}

// Degraded returns, once the keyring has failed, the sentence that says why
// sign-ins are kept in memory only; "" while the keyring works.
func (s *Store) Degraded() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.degraded
}

// call runs one keyring operation off the caller's goroutine, bounded by the
// timeout and the context. A call that times out is left to finish on its own;
// the keyring is not asked again in this run.
func (s *Store) call(ctx context.Context, op func() (string, error)) (string, error) {
	type answer struct {
		v   string
		err error
	}
	done := make(chan answer, 1)
	go func() {
		v, err := op()
		done <- answer{v, err}
	}()
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	select {
	case a := <-done:
		return a.v, a.err
	case <-timer.C:
		return "", errTimeout
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

var errTimeout = errors.New("the keyring did not answer")

// degrade records why the keyring is not used; the caller holds no lock.
func (s *Store) degrade(err error) string {
	why := "The system keyring is not available"
	switch {
	case errors.Is(err, errTimeout):
		why = fmt.Sprintf("The system keyring did not answer within %s (it may be locked)", s.timeout)
	case err != nil:
		why += " (" + err.Error() + ")"
	}
	why += ", so your sign-in is kept only while the app runs: you will be asked to sign in again next time."
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.degraded == "" {
		s.degraded = why
	}
	return s.degraded
}

func (s *Store) usable() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.degraded == ""
}

// Saved says where a token went.
type Saved struct {
	InMemory bool   // the keyring failed; the token lives only in this run
	Reason   string // why, for the user
}

// Save stores the refresh token of an account. It never fails for lack of a
// keyring: the token then stays in memory and Saved says why.
func (s *Store) Save(ctx context.Context, host, username, token string) (Saved, error) {
	account := Account(host, username)
	if s.usable() {
		_, err := s.call(ctx, func() (string, error) { return "", s.kr.Set(Service, account, token) })
		if err == nil {
			s.mu.Lock()
			delete(s.memory, account)
			s.mu.Unlock()
			return Saved{}, nil
		}
		if ctx.Err() != nil {
			return Saved{}, fmt.Errorf("credentials: saving the sign-in: %w", ctx.Err())
		}
		s.degrade(err)
	}
	s.mu.Lock()
	s.memory[account] = token
	s.mu.Unlock()
	return Saved{InMemory: true, Reason: s.Degraded()}, nil
}

// Load returns the stored refresh token of an account, or ErrNotFound.
func (s *Store) Load(ctx context.Context, host, username string) (string, error) {
	account := Account(host, username)
	s.mu.Lock()
	token, ok := s.memory[account]
	s.mu.Unlock()
	if ok {
		return token, nil
	}
	if !s.usable() {
		return "", ErrNotFound
	}
	token, err := s.call(ctx, func() (string, error) { return s.kr.Get(Service, account) })
	switch {
	case err == nil:
		return token, nil
	case errors.Is(err, keyring.ErrNotFound):
		return "", ErrNotFound
	case ctx.Err() != nil:
		return "", fmt.Errorf("credentials: reading the sign-in: %w", ctx.Err())
	}
	s.degrade(err)
	return "", ErrNotFound
}

// Delete forgets an account's token, in the keyring and in memory.
func (s *Store) Delete(ctx context.Context, host, username string) error {
	account := Account(host, username)
	s.mu.Lock()
	delete(s.memory, account)
	s.mu.Unlock()
	if !s.usable() {
		return nil
	}
	_, err := s.call(ctx, func() (string, error) { return "", s.kr.Delete(Service, account) })
	if err == nil || errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("credentials: removing the sign-in: %w", ctx.Err())
	}
	s.degrade(err)
	return fmt.Errorf("credentials: the sign-in could not be removed from the system keyring: %w", err)
}
