package credentials

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

func TestSaveLoadDeleteWithMockKeyring(t *testing.T) {
	keyring.MockInit()
	s := New()
	ctx := context.Background()
	if _, err := s.Load(ctx, "dna.example.com", "coach"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("want ErrNotFound, got %v", err)
	}
	saved, err := s.Save(ctx, "dna.example.com", "coach", "rt_first")
	if err != nil || saved.InMemory {
		t.Fatalf("%+v %v", saved, err)
	}
	// Stored under service massuploader, account USERNAME@HOST.
	if v, err := keyring.Get("massuploader", "coach@dna.example.com"); err != nil || v != "rt_first" {
		t.Fatalf("keyring holds %q %v", v, err)
	}
	// A rotation overwrites.
	s.Save(ctx, "dna.example.com", "coach", "rt_second")
	if v, _ := s.Load(ctx, "dna.example.com", "coach"); v != "rt_second" {
		t.Fatalf("after rotation %q", v)
	}
	if err := s.Delete(ctx, "dna.example.com", "coach"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(ctx, "dna.example.com", "coach"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	if err := s.Delete(ctx, "dna.example.com", "coach"); err != nil {
		t.Fatalf("deleting twice: %v", err)
	}
	if s.Degraded() != "" {
		t.Fatal(s.Degraded())
	}
}

func TestKeyringErrorKeepsTokenInMemory(t *testing.T) {
	keyring.MockInitWithError(errors.New("org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files"))
	s := New()
	ctx := context.Background()
	saved, err := s.Save(ctx, "h", "u", "rt_secret_value")
	if err != nil || !saved.InMemory || !strings.Contains(saved.Reason, "only while the app runs") ||
		!strings.Contains(saved.Reason, "org.freedesktop.secrets") {
		t.Fatalf("%+v %v", saved, err)
	}
	if strings.Contains(saved.Reason, "rt_secret_value") {
		t.Fatal("the reason holds the secret")
	}
	if v, err := s.Load(ctx, "h", "u"); err != nil || v != "rt_secret_value" {
		t.Fatalf("from memory: %q %v", v, err)
	}
	if err := s.Delete(ctx, "h", "u"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(ctx, "h", "u"); !errors.Is(err, ErrNotFound) {
		t.Fatal("memory entry survived delete")
	}
}

// blocking is a keyring that never answers, as a locked Secret Service can.
type blocking struct{ calls atomic.Int32 }

func (b *blocking) Get(string, string) (string, error) { b.calls.Add(1); select {} }
func (b *blocking) Set(string, string, string) error   { b.calls.Add(1); select {} }
func (b *blocking) Delete(string, string) error        { b.calls.Add(1); select {} }

func TestKeyringThatHangsTimesOut(t *testing.T) {
	kr := &blocking{}
	s := NewWith(kr, 50*time.Millisecond)
	ctx := context.Background()
	start := time.Now()
	saved, err := s.Save(ctx, "h", "u", "tok")
	if err != nil || !saved.InMemory || !strings.Contains(saved.Reason, "did not answer within 50ms") {
		t.Fatalf("%+v %v", saved, err)
	}
	if time.Since(start) > time.Second {
		t.Fatal("the timeout did not hold")
	}
	// The keyring is not asked again in this run: no pile of stuck goroutines.
	s.Load(ctx, "h", "u")
	s.Save(ctx, "h", "u", "tok2")
	if n := kr.calls.Load(); n != 1 {
		t.Fatalf("%d keyring calls", n)
	}
	if v, _ := s.Load(ctx, "h", "u"); v != "tok2" {
		t.Fatal(v)
	}
}

func TestContextCancelsAKeyringCall(t *testing.T) {
	s := NewWith(&blocking{}, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Save(ctx, "h", "u", "x"); !errors.Is(err, context.Canceled) {
		t.Fatalf("%v", err)
	}
}
