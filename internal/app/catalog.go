package app

import (
	"context"
	"fmt"
	"time"

	"github.com/dnaplatform/massuploader/internal/catalog"
	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/template"
)

// fromCatalog reads from the signed-in session's catalog, live or cached.
func fromCatalog[T any](ctx context.Context, a *App, read func(*catalog.Service, context.Context) (T, Source, error)) (T, Source, error) {
	sess, _, err := a.session()
	if err != nil {
		var zero T
		return zero, Source{}, err
	}
	return read(sess.Catalog, ctx)
}

// Groups returns the user's groups, live or cached.
func (a *App) Groups(ctx context.Context) ([]Group, Source, error) {
	g, src, err := fromCatalog(ctx, a, (*catalog.Service).Groups)
	return g, src, Explain(err)
}

// Group returns one of the user's groups, live or cached. The error is the
// platform's own: the command line words it for a terminal.
func (a *App) Group(ctx context.Context, id int64) (Group, Source, error) {
	return fromCatalog(ctx, a, func(c *catalog.Service, ctx context.Context) (Group, Source, error) { return c.Group(ctx, id) })
}

// Reports returns the report catalog, live or cached.
func (a *App) Reports(ctx context.Context) ([]Report, Source, error) {
	r, src, err := fromCatalog(ctx, a, (*catalog.Service).Reports)
	return r, src, Explain(err)
}

// Template is the latest template, live or cached, with the platform's error.
func (a *App) Template(ctx context.Context) (platform.Template, Source, error) {
	return fromCatalog(ctx, a, (*catalog.Service).Template)
}

// SaveTemplate writes the latest template, personalised for the group, to path.
func (a *App) SaveTemplate(ctx context.Context, g Group, path string) (platform.Template, Source, error) {
	tpl, src, err := a.Template(ctx)
	if err != nil {
		return tpl, src, Explain(err)
	}
	reports, _, err := a.Reports(ctx)
	if err != nil {
		return tpl, src, err
	}
	data, err := template.Personalise(tpl.Data, g, reports)
	if err != nil {
		return tpl, src, err
	}
	if err := writeFile(path, data); err != nil {
		return tpl, src, err
	}
	return tpl, src, nil
}

// SaveGenericTemplate writes the latest template, for no group, to path.
func (a *App) SaveGenericTemplate(ctx context.Context, path string) (platform.Template, Source, error) {
	tpl, src, err := a.Template(ctx)
	if err != nil {
		return tpl, src, err
	}
	return tpl, src, writeFile(path, tpl.Data)
}

// SourceNote says, for a terminal, where offline data came from ("" when live).
func SourceNote(what string, src Source, now func() time.Time) string {
	if src.Live {
		return ""
	}
	return fmt.Sprintf("offline: using the %s saved %s ago\n", what, now().Sub(src.FetchedAt).Round(time.Minute))
}
