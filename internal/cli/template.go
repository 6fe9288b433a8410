package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dnaplatform/massuploader/internal/template"
)

func runTemplate(ctx context.Context, env Env, args []string) int {
	fs := newFlags("template", env)
	var t target
	t.flags(fs)
	groupID := fs.Int64("group", 0, "personalise the template for this group (dropdowns of its reports)")
	out := fs.String("o", "", "where to write the template (.xlsx)")
	rest, err := parse(fs, args)
	if err != nil {
		if isHelp(err) {
			return ExitOK
		}
		return ExitFailed
	}
	if err := t.check(); err != nil {
		return failf(env, "template: %v", err)
	}
	if *out == "" || len(rest) > 0 {
		return failf(env, "template: say where to write it: -o FILE")
	}
	conn, err := connect(ctx, env, t)
	if err != nil {
		return failf(env, "template: %v", err)
	}
	defer conn.close()
	tpl, src, err := conn.catalog.Template(ctx)
	if err != nil {
		return failf(env, "template: downloading the template: %v", describe(err))
	}
	fmt.Fprint(env.Err, sourceNote("template", src))
	data, what := tpl.Data, "the generic template"
	if *groupID != 0 {
		g, _, err := conn.catalog.Group(ctx, *groupID)
		if err != nil {
			return failf(env, "template: %v", describe(err))
		}
		reports, _, err := conn.catalog.Reports(ctx)
		if err != nil {
			return failf(env, "template: reading the report catalog: %v", describe(err))
		}
		if data, err = template.Personalise(tpl.Data, g, reports); err != nil {
			return failf(env, "template: %v", err)
		}
		what = fmt.Sprintf("the template for group %d %s", g.ID, g.Name)
	}
	if err := writeFileAtomic(*out, data); err != nil {
		return failf(env, "template: %v", err)
	}
	fmt.Fprintf(env.Out, "Saved %s (version %s) to %s\n", oneLine(what), oneLine(tpl.Version), oneLine(*out))
	return ExitOK
}

// writeFileAtomic writes beside the target and renames, so that a failure never
// leaves half a file where a good one was.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".massuploader-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("saving %s (is it open in another program?): %w", path, err)
	}
	return nil
}
