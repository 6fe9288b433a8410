# Shortcuts for developers; scripts/dev installs what is missing first.
TAGS := migrated_fynedo,no_emoji

.PHONY: run test sandbox build vet
run:
	scripts/dev run
test:
	scripts/dev test
sandbox:
	go run ./cmd/dnasandbox --addr 127.0.0.1:8787
build:
	go build -tags $(TAGS) -o bin/massuploader ./cmd/massuploader
	go build -o bin/dnasandbox ./cmd/dnasandbox
vet:
	go vet -tags $(TAGS),ci ./...

.PHONY: bench fuzz
bench:
	go build -o bin/massbench ./cmd/massbench
	go build -tags $(TAGS) -o bin/massuploader ./cmd/massuploader
	bin/massbench -sizes 200,10000,100000 -repeat 3 -app bin/massuploader -hostile
	go test ./internal/bench -run '^$$' -bench . -benchtime 3x
fuzz:
	go test ./internal/rules -run '^$$' -fuzz FuzzValidEmail -fuzztime 5m -fuzzminimizetime 100x
	go test ./internal/workbook -run '^$$' -fuzz FuzzRead -fuzztime 5m -fuzzminimizetime 100x

.PHONY: screenshots
screenshots:
	scripts/dev screenshots

# Release builds: version from FyneApp.toml, commit and date from git and the
# clock, debug info stripped. Packages are made by scripts/package with Fyne's tool.
VERSION := $(shell sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\(.*\)".*/\1/p' FyneApp.toml)
COMMIT  ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null)
DATE    ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS := -s -w -X github.com/dnaplatform/massuploader/internal/version.Version=$(VERSION) \
	-X github.com/dnaplatform/massuploader/internal/version.Commit=$(COMMIT) \
	-X github.com/dnaplatform/massuploader/internal/version.Date=$(DATE)

.PHONY: release package-linux package-windows package-darwin
release:
	go build -trimpath -tags $(TAGS) -ldflags "$(LDFLAGS)" -o bin/massuploader ./cmd/massuploader
package-linux:
	scripts/dev package linux
package-windows:
	scripts/dev package windows
package-darwin:
	scripts/dev package darwin
