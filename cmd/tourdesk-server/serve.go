package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/tourdesk/tourdesk/cmd/internal/messaging"
	"github.com/tourdesk/tourdesk/cmd/tourdesk-server/internal/boltstore"
	"github.com/tourdesk/tourdesk/sync/server"
)

// Timeouts of the HTTP server. There is no write timeout: a later pull may
// stream a large snapshot to a slow laptop.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 2 * time.Minute
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 15 * time.Second
	purgeEvery        = time.Hour
)

// serveOptions are serve's flags.
type serveOptions struct {
	addr, dir, tlsCert, tlsKey string
	sessionTTL                 time.Duration
	logJSON                    bool
	// messagesDir, when set, is the data directory of the in-process
	// messages scheduler (cmd/internal/messaging: an admin's tourdeskctl
	// directory; birthday greetings, sending, retries).
	messagesDir string
	// ready, when set, receives the address listened on (for tests that
	// listen on port 0).
	ready func(addr string)
}

func cmdServe(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	var o serveOptions
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8700", "address to listen on (host:port; loopback by default)")
	fs.StringVar(&o.dir, "data", "", "data directory (holds server.db and admin.sock)")
	fs.StringVar(&o.tlsCert, "tls-cert", "", "TLS certificate file (PEM); with --tls-key, serve HTTPS")
	fs.StringVar(&o.tlsKey, "tls-key", "", "TLS private key file (PEM)")
	fs.DurationVar(&o.sessionTTL, "session-ttl", server.DefaultSessionTTL, "how long a login's token works")
	fs.BoolVar(&o.logJSON, "log-json", false, "write logs as JSON lines instead of text")
	fs.StringVar(&o.messagesDir, "messages-data", "", "run the messages scheduler on this admin's tourdeskctl data directory (see docs/DECISIONS.md)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return badInputf("serve: unexpected argument %q", pos[0])
	}
	return serve(ctx, o, stderr)
}

// serve runs the server until ctx ends, then shuts it down gracefully.
func serve(ctx context.Context, o serveOptions, stderr io.Writer) error {
	if err := needData(o.dir); err != nil {
		return err
	}
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return badInputf("serve: give both --tls-cert and --tls-key, or neither")
	}
	if o.sessionTTL < time.Minute {
		return badInputf("serve: --session-ttl must be at least 1m")
	}
	var tlsConfig *tls.Config
	if o.tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(o.tlsCert, o.tlsKey)
		if err != nil {
			return badInputf("serve: TLS certificate: %v", err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}

	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if o.logJSON {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	log := slog.New(handler)

	store, err := boltstore.Open(filepath.Join(o.dir, boltstore.FileName), boltstore.Options{})
	if err != nil {
		return err
	}
	defer func() {
		if err := store.Close(); err != nil {
			log.Error("close store", "err", err)
		}
	}()

	// One bbolt file holds accounts, sessions and records, so a push is
	// applied, counted per device and audited in one transaction; the
	// permission rules are app/access's.
	srv, err := server.New(server.Config{
		Store:      store,
		Records:    store,
		Authorizer: server.AccessRules{},
		Logger:     log,
		SessionTTL: o.sessionTTL,
	})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("serve: listen on %s: %w", o.addr, err)
	}
	if tlsConfig != nil {
		ln = tls.NewListener(ln, tlsConfig)
	}
	addr := ln.Addr().String()
	if tlsConfig == nil && !isLoopback(addr) {
		log.Warn("serving plain HTTP on a non-loopback address: passwords and tokens cross the network unencrypted; use --tls-cert/--tls-key or a TLS proxy", "addr", addr)
	}
	httpSrv := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(handler, slog.LevelWarn),
	}

	// The admin socket (see the package comment). Holding the store's lock
	// proves no other serve uses this directory, so a socket file left by a
	// crash can be removed.
	sockPath := filepath.Join(o.dir, socketName)
	os.Remove(sockPath)
	var adminSrv *http.Server
	if sock, err := net.Listen("unix", sockPath); err != nil {
		log.Warn("no admin socket: administration commands will not work while serving", "path", sockPath, "err", err)
	} else {
		os.Chmod(sockPath, 0o600)
		adminSrv = &http.Server{Handler: adminHandler(directAdmin{store}, log), ReadHeaderTimeout: readHeaderTimeout}
		go adminSrv.Serve(sock)
		defer os.Remove(sockPath)
	}

	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	scheme := "http"
	if tlsConfig != nil {
		scheme = "https"
	}
	log.Info("serving", "addr", addr, "url", scheme+"://"+addr, "data", o.dir, "session_ttl", o.sessionTTL.String())
	if o.ready != nil {
		o.ready(addr)
	}

	if o.messagesDir != "" {
		mctx, stopMessages := context.WithCancel(ctx)
		wait := messaging.Start(mctx, o.messagesDir, messaging.DefaultEvery, log)
		defer func() { stopMessages(); wait() }()
	}

	purge := time.NewTicker(purgeEvery)
	defer purge.Stop()
	purgeSessions := func() {
		if n, err := srv.PurgeExpiredSessions(); err != nil {
			log.Error("purge expired sessions", "err", err)
		} else if n > 0 {
			log.Info("purged expired sessions", "count", n)
		}
		// Tombstones and visibility changes no active device needs
		// (sync/server Prune; it logs what it removed).
		if _, err := srv.Prune(); err != nil {
			log.Error("prune", "err", err)
		}
	}
	purgeSessions()

wait:
	for {
		select {
		case err := <-errc:
			// Serve returns only on a failure of the listener.
			return fmt.Errorf("serve: %w", err)
		case <-purge.C:
			purgeSessions()
		case <-ctx.Done():
			break wait
		}
	}

	log.Info("shutting down: finishing requests in flight", "timeout", shutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if adminSrv != nil {
		adminSrv.Shutdown(sctx)
	}
	if err := httpSrv.Shutdown(sctx); err != nil {
		// Requests still running after the timeout are cut off; every
		// write they acknowledged was already committed.
		log.Warn("shutdown timed out; closing remaining connections", "err", err)
		httpSrv.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("listener", "err", err)
	}
	log.Info("stopped")
	return nil
}

// isLoopback reports whether the host of addr is a loopback address.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
