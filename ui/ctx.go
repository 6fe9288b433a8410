package ui

import (
	"context"
	"time"
)

// background runs work off the UI thread with a time limit; work hands its
// results to the UI with fyne.Do.
func (u *UI) background(work func(ctx context.Context)) {
	u.async(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		work(ctx)
	})
}
