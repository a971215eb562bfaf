# TourDesk build, test and run. README.md explains each target.
#
#   make run     install missing Debian packages, build and open the desktop app
#                (under xvfb-run when there is no display)
#   make test    deps, go vet, gofmt check, go test -race (incl. the
#                import-arrows test), then build all binaries
#   make build   every main package under ./cmd into bin/
#   make bench   the benchmarks of every package
#   make deps    only the Debian packages (apt-get as root, else sudo)
#   make package the Linux archive of the desktop app into dist/
#   make screenshots  one PNG per area (en, vi) into docs/screenshots/
#   make clean   remove bin/ and dist/

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

.PHONY: deps test build build-desktop run bench package screenshots clean

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

# package builds the Linux archive of the desktop app with the fyne CLI
# (fyne.io/tools, pinned: FYNE_TOOLS) run through `go run`, into
# dist/tourdesk-VERSION-linux-ARCH.tar.xz (usr/local/bin/tourdesk, the
# .desktop file, the icon and fyne's install Makefile), then checks the
# archive holds the binary, the .desktop file and the icon. FyneApp.toml
# sits at the repository root while fyne reads it from the main package's
# folder: the binary is built here (cgo, GL driver, -s -w), and fyne
# packages it from a temporary folder holding copies of FyneApp.toml, the
# icon and cmd/tourdesk's sources (fyne refuses a folder without Go code;
# it builds nothing with --executable, and in --release mode bumps the
# Build number of the copy, not of ours). README.md says how to build the
# Windows and macOS packages, which need those systems' toolchains.
FYNE_TOOLS := fyne.io/tools/cmd/fyne@v1.7.4
DIST := dist

package: deps
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	version="$$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)"; \
	arch="$$($(GO) env GOARCH)"; \
	echo "CGO_ENABLED=1 $(GO) build -tags $(BUILD_TAGS) -trimpath -ldflags '-s -w' -o $$tmp/tourdesk $(DESKTOP)"; \
	CGO_ENABLED=1 $(GO) build -tags $(BUILD_TAGS) -trimpath -ldflags '-s -w' -o "$$tmp/tourdesk" $(DESKTOP); \
	cp FyneApp.toml "$$tmp/"; mkdir -p "$$tmp/assets"; cp assets/icon.png "$$tmp/assets/"; \
	cp $(DESKTOP)/*.go "$$tmp/"; rm -f "$$tmp"/*_test.go; \
	echo "fyne package --target linux --release (in $$tmp)"; \
	(cd "$$tmp" && $(GO) run $(FYNE_TOOLS) package --target linux --executable ./tourdesk --src . --release); \
	mkdir -p $(DIST); out="$(DIST)/tourdesk-$$version-linux-$$arch.tar.xz"; \
	mv "$$tmp/TourDesk.tar.xz" "$$out"; \
	listing="$$(tar -tJf "$$out")"; \
	for f in usr/local/bin/tourdesk usr/local/share/applications/vn.tourdesk.app.desktop usr/local/share/pixmaps/vn.tourdesk.app.png; do \
		grep -q "/$$f\$$" <<<"$$listing" || { echo "make package: $$out lacks $$f" >&2; exit 1; }; \
	done; \
	tar -xJOf "$$out" --wildcards '*/vn.tourdesk.app.desktop' | grep -qx 'Exec=tourdesk' || { echo "make package: the .desktop file does not run tourdesk" >&2; exit 1; }; \
	echo "make package: $$out ($$(du -h "$$out" | cut -f1)): binary, .desktop file and icon present"

# screenshots runs the real app (GL driver) under Xvfb on demo data and
# writes one PNG per area into docs/screenshots/, in English and
# Vietnamese: <area>.<lang>.png, plus login.<lang>.png (the login
# dialog). The areas are those an administrator sees (tourdesk
# -list-areas) and a guide's own (as long.phan, the demo guide running
# a departure today). Each shot is a fresh start of the app
# on the same demo data (tourdeskctl demo, fixed seed and date), with
# preferences in a temporary folder, `import -window root` after
# SCREENSHOT_WAIT seconds.
SCREENSHOT_WAIT ?= 6
SCREENSHOT_LANGS ?= en vi
SCREENSHOT_SIZE := 1200x780

screenshots: deps build-desktop
	@command -v xvfb-run >/dev/null && command -v import >/dev/null || { echo "make screenshots: needs xvfb-run and ImageMagick's import (make deps)" >&2; exit 1; }; \
	tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	CGO_ENABLED=0 $(GO) build -o "$$tmp/tourdeskctl" ./cmd/tourdeskctl; \
	"$$tmp/tourdeskctl" --data "$$tmp/data" demo --customers 400 --seed 7 --today 2026-11-23 >/dev/null; \
	mkdir -p docs/screenshots; \
	export XDG_CONFIG_HOME="$$tmp/config" LANG=en_US.UTF-8; unset LC_ALL LANGUAGE; \
	shots=""; \
	for role in admin guide; do \
		user=screenshots; [ "$$role" = guide ] && user=long.phan; \
		for area in $$(bin/tourdesk -role $$role -list-areas) login; do \
			case " $$shots " in *" $$area "*) continue;; esac; shots="$$shots $$area"; \
			for lang in $(SCREENSHOT_LANGS); do \
				out="docs/screenshots/$$area.$$lang.png"; \
				xvfb-run -a -s "-screen 0 $(SCREENSHOT_SIZE)x24" bash -c ' \
					bin/tourdesk -data "$$1" -role "$$2" -user "$$6" -area "$$3" -lang "$$4" -theme light & pid=$$!; \
					sleep $(SCREENSHOT_WAIT); import -window root "$$5"; kill $$pid; wait $$pid 2>/dev/null || true' \
					_ "$$tmp/data" "$$role" "$$area" "$$lang" "$$out" "$$user"; \
				echo "make screenshots: $$out"; \
			done; \
		done; \
	done

clean:
	rm -rf bin dist
