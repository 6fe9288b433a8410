// Package watch tells when a file is saved again, for instance by Excel or
// LibreOffice, which often write a new file and rename it over the old one.
package watch

import (
	"context"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Debounce is how long the file must be quiet before a change is reported:
// spreadsheet programs write in several steps.
const Debounce = 300 * time.Millisecond

// File calls changed (from its own goroutine) each time path is written,
// created or renamed into place, until ctx ends. It watches the directory, so
// a save by replacement is seen too.
func File(ctx context.Context, path string, changed func()) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	if err := w.Add(filepath.Dir(path)); err != nil {
		w.Close()
		return err
	}
	target := filepath.Clean(path)
	go func() {
		defer w.Close()
		var timer *time.Timer
		fire := make(chan struct{}, 1)
		for {
			select {
			case <-ctx.Done():
				if timer != nil {
					timer.Stop()
				}
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if filepath.Clean(ev.Name) != target || !ev.Has(fsnotify.Write|fsnotify.Create|fsnotify.Rename) {
					continue
				}
				if timer != nil {
					timer.Stop()
				}
				timer = time.AfterFunc(Debounce, func() {
					select {
					case fire <- struct{}{}:
					default:
					}
				})
			case <-fire:
				changed()
			case <-w.Errors:
			}
		}
	}()
	return nil
}
