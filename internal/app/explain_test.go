package app

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dnaplatform/massuploader/internal/catalog"
	"github.com/dnaplatform/massuploader/internal/platform"
)

func TestExplainAndDescribe(t *testing.T) {
	other := errors.New("disk full")
	tests := []struct {
		name             string
		err              error
		window, terminal string
	}{
		{name: "nil", err: nil},
		{name: "insecure address", err: fmt.Errorf("x: %w", platform.ErrInsecureURL), window: "must start with https://", terminal: "https://"},
		{name: "nothing saved offline", err: fmt.Errorf("groups: %w", catalog.ErrNoData), window: "nothing is saved from an earlier visit", terminal: "groups"},
		{name: "anything else", err: other, window: "disk full", terminal: "disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, d := Explain(tt.err), Describe(tt.err)
			if tt.err == nil {
				if w != nil || d != nil {
					t.Fatalf("explained nil: %v, %v", w, d)
				}
				return
			}
			if !strings.Contains(w.Error(), tt.window) {
				t.Errorf("Explain = %q, want %q in it", w, tt.window)
			}
			if !strings.Contains(strings.ToLower(d.Error()), tt.terminal) {
				t.Errorf("Describe = %q, want %q in it", d, tt.terminal)
			}
		})
	}
	if !IsSignInNeeded(fmt.Errorf("x: %w", errSignIn)) || IsSignInNeeded(other) {
		t.Error("IsSignInNeeded")
	}
}
