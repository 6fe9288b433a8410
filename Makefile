# Shortcuts for developers; scripts/dev installs what is missing first.
TAGS := migrated_fynedo

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
