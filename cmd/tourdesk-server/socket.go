package main

// The admin socket: how administration commands reach a running serve
// (see the package comment). The protocol is private to this binary: JSON
// over HTTP on a Unix socket, one endpoint per admin method, errors as
// {code, message, problems} mapped back to the app sentinels so the
// commands exit with the same status either way.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/tourdesk/tourdesk/app"
)

// socketName is the admin socket's file name in the data directory.
const socketName = "admin.sock"

// adminError is an admin method's failure on the socket.
type adminError struct {
	Code     string           `json:"code"` // invalid, conflict, not_found, failed
	Message  string           `json:"message"`
	Kind     app.Kind         `json:"kind,omitempty"`
	Problems []app.FieldError `json:"problems,omitempty"`
}

type addUserRequest struct {
	User   app.User `json:"user"`
	Office string   `json:"office"`
	Hash   []byte   `json:"hash"`
}

type loginRequest struct {
	Login  string `json:"login"`
	Active bool   `json:"active"`
	Hash   []byte `json:"hash,omitempty"`
}

// idUser and idOffice carry the id, which app's types leave out of JSON.
type idUser struct {
	ID string `json:"id"`
	app.User
}

type idOffice struct {
	ID string `json:"id"`
	app.Office
}

// adminHandler serves the admin methods of a over the socket.
func adminHandler(a admin, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	reply := func(w http.ResponseWriter, v any, err error) {
		w.Header().Set("Content-Type", "application/json")
		if err != nil {
			ae := adminError{Code: "failed", Message: err.Error()}
			var ve *app.ValidationError
			switch {
			case errors.As(err, &ve):
				ae.Code, ae.Kind, ae.Problems = "invalid", ve.Kind, ve.Problems
			case errors.Is(err, app.ErrConflict):
				ae.Code = "conflict"
			case errors.Is(err, app.ErrNotFound):
				ae.Code = "not_found"
			case exitCode(err) == exitBadInput:
				ae.Code = "invalid"
			default:
				log.Error("admin command failed", "err", err)
			}
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(ae)
			return
		}
		json.NewEncoder(w).Encode(v)
	}
	decode := func(w http.ResponseWriter, r *http.Request, v any) bool {
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(v); err != nil {
			reply(w, nil, badInputf("admin socket: bad request: %v", err))
			return false
		}
		return true
	}
	mux.HandleFunc("POST /offices", func(w http.ResponseWriter, r *http.Request) {
		var o app.Office
		if decode(w, r, &o) {
			o, err := a.AddOffice(o)
			log.Info("admin: office add", "name", o.Name, "id", o.ID, "err", err)
			reply(w, idOffice{o.ID, o}, err)
		}
	})
	mux.HandleFunc("GET /offices", func(w http.ResponseWriter, r *http.Request) {
		offices, err := a.Offices()
		rows := make([]idOffice, 0, len(offices))
		for _, o := range offices {
			rows = append(rows, idOffice{o.ID, o})
		}
		reply(w, rows, err)
	})
	mux.HandleFunc("POST /users", func(w http.ResponseWriter, r *http.Request) {
		var req addUserRequest
		if decode(w, r, &req) {
			u, err := a.AddUser(req.User, req.Office, req.Hash)
			log.Info("admin: user add", "login", req.User.Login, "role", req.User.Role, "id", u.ID, "err", err)
			reply(w, idUser{u.ID, u}, err)
		}
	})
	mux.HandleFunc("GET /users", func(w http.ResponseWriter, r *http.Request) {
		users, err := a.Users()
		reply(w, users, err)
	})
	mux.HandleFunc("POST /users/active", func(w http.ResponseWriter, r *http.Request) {
		var req loginRequest
		if decode(w, r, &req) {
			u, err := a.SetActive(req.Login, req.Active)
			log.Info("admin: user set active", "login", req.Login, "active", req.Active, "err", err)
			reply(w, idUser{u.ID, u}, err)
		}
	})
	mux.HandleFunc("POST /users/set", func(w http.ResponseWriter, r *http.Request) {
		var req userChange
		if decode(w, r, &req) {
			u, err := a.SetUser(req)
			log.Info("admin: user set", "login", req.Login, "role", u.Role, "office", u.OfficeID, "err", err)
			reply(w, idUser{u.ID, u}, err)
		}
	})
	mux.HandleFunc("POST /users/password", func(w http.ResponseWriter, r *http.Request) {
		var req loginRequest
		if decode(w, r, &req) {
			u, err := a.SetPassword(req.Login, req.Hash)
			log.Info("admin: user passwd", "login", req.Login, "err", err)
			reply(w, idUser{u.ID, u}, err)
		}
	})
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		n, err := a.Backup(w)
		if err != nil {
			// The status is gone; cutting the stream short makes the
			// client's copy fail rather than look complete.
			log.Error("admin: backup failed", "err", err)
			panic(http.ErrAbortHandler)
		}
		log.Info("admin: backup", "bytes", n)
	})
	return mux
}

// socketAdmin is the admin of a running serve, over its socket.
type socketAdmin struct {
	ctx    context.Context
	client *http.Client
}

// dialAdmin connects to the admin socket at path and checks that it answers.
func dialAdmin(ctx context.Context, path string) (*socketAdmin, error) {
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
	}
	s := &socketAdmin{ctx: ctx, client: &http.Client{Transport: tr}}
	pingCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(pingCtx, "GET", "http://admin/offices", nil)
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return s, nil
}

func (s *socketAdmin) call(method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(s.ctx, method, "http://admin"+path, body)
	if err != nil {
		return err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("admin socket: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var ae adminError
		if err := json.NewDecoder(resp.Body).Decode(&ae); err != nil {
			return fmt.Errorf("admin socket: %s", resp.Status)
		}
		return ae.err()
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// err turns an adminError back into an error that matches the same
// sentinel the running server's store returned.
func (ae adminError) err() error {
	switch ae.Code {
	case "invalid":
		if len(ae.Problems) > 0 {
			return &app.ValidationError{Kind: ae.Kind, Problems: ae.Problems}
		}
		return badInput(errors.New(ae.Message))
	case "conflict":
		return &sentinelError{ae.Message, app.ErrConflict}
	case "not_found":
		return &sentinelError{ae.Message, app.ErrNotFound}
	}
	return errors.New(ae.Message)
}

// sentinelError carries a message from the running server and matches the
// sentinel it had there.
type sentinelError struct {
	msg string
	is  error
}

func (e *sentinelError) Error() string        { return e.msg }
func (e *sentinelError) Is(target error) bool { return target == e.is }

func (s *socketAdmin) AddOffice(o app.Office) (app.Office, error) {
	var out idOffice
	if err := s.call("POST", "/offices", o, &out); err != nil {
		return app.Office{}, err
	}
	out.Office.ID = out.ID
	return out.Office, nil
}

func (s *socketAdmin) Offices() ([]app.Office, error) {
	var rows []idOffice
	if err := s.call("GET", "/offices", nil, &rows); err != nil {
		return nil, err
	}
	out := make([]app.Office, 0, len(rows))
	for _, r := range rows {
		r.Office.ID = r.ID
		out = append(out, r.Office)
	}
	return out, nil
}

func (s *socketAdmin) AddUser(u app.User, officeRef string, hash []byte) (app.User, error) {
	return s.userCall("/users", addUserRequest{User: u, Office: officeRef, Hash: hash})
}

func (s *socketAdmin) Users() ([]userInfo, error) {
	var out []userInfo
	err := s.call("GET", "/users", nil, &out)
	return out, err
}

func (s *socketAdmin) SetActive(login string, active bool) (app.User, error) {
	return s.userCall("/users/active", loginRequest{Login: login, Active: active})
}

func (s *socketAdmin) SetUser(c userChange) (app.User, error) {
	return s.userCall("/users/set", c)
}

func (s *socketAdmin) SetPassword(login string, hash []byte) (app.User, error) {
	return s.userCall("/users/password", loginRequest{Login: login, Hash: hash})
}

func (s *socketAdmin) userCall(path string, in any) (app.User, error) {
	var out idUser
	if err := s.call("POST", path, in, &out); err != nil {
		return app.User{}, err
	}
	out.User.ID = out.ID
	return out.User, nil
}

func (s *socketAdmin) Backup(w io.Writer) (int64, error) {
	req, err := http.NewRequestWithContext(s.ctx, "GET", "http://admin/backup", nil)
	if err != nil {
		return 0, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("admin socket: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("admin socket: backup: %s", resp.Status)
	}
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, fmt.Errorf("backup through the running server: %w", err)
	}
	return n, nil
}

func (s *socketAdmin) Close() error {
	s.client.CloseIdleConnections()
	return nil
}
