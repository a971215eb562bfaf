# TourDesk build, test and run. README.md explains each target.
#
#   make run     install missing Debian packages, build and open the desktop app
#                (under xvfb-run when there is no display)
#   make test    deps, go vet, gofmt check, go test -race (incl. the
#                import-arrows test), then build all binaries
#   make build   every main package under ./cmd into bin/
#   make bench   the benchmarks of every package
#   make deps    only the Debian packages (apt-get as root, else sudo)
#   make clean   remove bin/

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

# A fresh Debian machine with Go from go.dev has it in /usr/local/go/bin, not
# always on PATH.
ifeq ($(shell command -v go 2>/dev/null),)
ifneq ($(wildcard /usr/local/go/bin/go),)
export PATH := /usr/local/go/bin:$(PATH)
endif
endif

GO ?= go

# Tags for vet, test and bench: `ci` makes Fyne use its headless software
# driver instead of GL (no display or cgo GL needed in tests);
# `migrated_fynedo` because the UI applies background results with fyne.Do.
TEST_TAGS := ci,migrated_fynedo
# Tags for the real binaries (GL driver).
BUILD_TAGS := migrated_fynedo

# The desktop binary links Fyne's GL driver, which needs cgo; DESIGN.md makes it
# the only package importing fyne.io/fyne/v2/app. Every other main package under
# ./cmd is built with CGO_ENABLED=0, which also proves it does not drag in GL.
DESKTOP := ./cmd/tourdesk

# What Fyne's GL driver needs to build (gcc, X11/GL headers), Xvfb for `make run`
# on a headless machine, ImageMagick and poppler-utils for tests and checks of
# images and printed PDFs, xdg-utils so Print can open the PDF in the desktop's
# viewer.
DEB_PACKAGES := gcc libc6-dev pkg-config libgl-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev xvfb xauth \
	imagemagick poppler-utils xdg-utils

.PHONY: deps test build build-desktop run bench package clean

# deps installs the packages of DEB_PACKAGES that dpkg says are not installed.
# On a machine that has them all it runs no apt command at all. Elsewhere than
# Debian/Ubuntu it only says what to install.
deps:
	@if ! command -v dpkg-query >/dev/null; then \
		echo "make deps: not a Debian/Ubuntu system; make sure the equivalents of these are installed: $(DEB_PACKAGES)" >&2; \
		exit 0; \
	fi; \
	missing=""; \
	for p in $(DEB_PACKAGES); do \
		if [ "$$(dpkg-query -W -f='$${db:Status-Status}' "$$p" 2>/dev/null)" != installed ]; then \
			missing="$$missing $$p"; \
		fi; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null; then sudo="sudo"; \
	else echo "make deps: need root or sudo to install:$$missing" >&2; exit 1; fi; \
	echo "make deps: installing$$missing"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing

test: deps
	$(GO) vet -tags $(TEST_TAGS) ./...
	@unformatted="$$(gofmt -l .)"; \
	if [ -n "$$unformatted" ]; then \
		echo "gofmt -l: these files need gofmt -w:" >&2; echo "$$unformatted" >&2; exit 1; \
	fi
	$(GO) test -race -tags $(TEST_TAGS) ./...
	@$(MAKE) --no-print-directory build

# build builds every main package under ./cmd that exists into bin/ (packages
# appear as issues land; cmd/internal/... are libraries and are skipped).
build:
	@mkdir -p bin
	@mains="$$($(GO) list -e -tags $(BUILD_TAGS) -f '{{if eq .Name "main"}}{{.ImportPath}}{{end}}' ./cmd/...)"; \
	desktop="$$($(GO) list -m)/$(patsubst ./%,%,$(DESKTOP))"; \
	others="$$(grep -vxF -e "$$desktop" <<<"$$mains" || true)"; \
	if [ -z "$$mains" ]; then echo "make build: no main packages under ./cmd yet"; exit 0; fi; \
	if grep -qxF "$$desktop" <<<"$$mains"; then \
		echo "CGO_ENABLED=1 $(GO) build -tags $(BUILD_TAGS) -o bin/ $$desktop"; \
		CGO_ENABLED=1 $(GO) build -tags $(BUILD_TAGS) -o bin/ $$desktop; \
	fi; \
	if [ -n "$$others" ]; then \
		echo "CGO_ENABLED=0 $(GO) build -tags $(BUILD_TAGS) -o bin/" $$others; \
		CGO_ENABLED=0 $(GO) build -tags $(BUILD_TAGS) -o bin/ $$others; \
	fi

build-desktop:
	@mkdir -p bin
	CGO_ENABLED=1 $(GO) build -tags $(BUILD_TAGS) -o bin/ $(DESKTOP)

# run opens the desktop app on the default local store
# (os.UserConfigDir()/tourdesk). Extra arguments: make run ARGS='...'.
# Without DISPLAY or WAYLAND_DISPLAY (a server, CI, ssh) it runs under
# xvfb-run -a on a 1280x800 24-bit virtual screen: the app starts and can be
# screenshotted (e.g. with `import -window root` inside the same xvfb-run), but
# nothing appears on any real screen. With no locale or the C locale (common
# on servers) the app gets LANG=en_US.UTF-8: Fyne cannot parse "C" and would
# log an error before falling back to English anyway.
run: deps build-desktop
	@case "$${LC_ALL:-$${LANG:-}}" in ""|C|C.*|POSIX) \
		export LANG=en_US.UTF-8; unset LC_ALL;; \
	esac; \
	if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then \
		echo "make run: no display; starting bin/tourdesk under xvfb-run -a (virtual X server)"; \
		exec xvfb-run -a -s "-screen 0 1280x800x24" bin/tourdesk $(ARGS); \
	fi; \
	exec bin/tourdesk $(ARGS)

# bench runs every benchmark of every package at the default -benchtime with
# -benchmem (about two minutes here, most of it localdb at 100,000 customers).
# The exact commands behind the published figures are in docs/PERFORMANCE.md.
bench: deps
	$(GO) test -run '^$$' -bench . -benchmem -tags $(TEST_TAGS) ./...

# package: not done yet. A later issue packages cmd/tourdesk for Windows,
# macOS and Linux with `fyne package`, using FyneApp.toml at the repository root.
package:
	@echo "make package: not implemented yet (a later issue adds it)" >&2; exit 2

clean:
	rm -rf bin
