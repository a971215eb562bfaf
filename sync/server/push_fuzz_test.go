package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/sync/protocol"
	"github.com/tourdesk/tourdesk/sync/server"
	"github.com/tourdesk/tourdesk/sync/server/memstore"
)

// FuzzPushBody posts arbitrary bodies to POST /v1/push as an agent: the
// server answers every one with a protocol answer (a PushResponse, or an
// ErrorResponse with a code of the protocol), never a 500 or a panic, and
// still answers a pull after it.
func FuzzPushBody(f *testing.F) {
	for _, seed := range []string{
		`{"batch":"b","device":"fuzz","changes":[{"seq":1,"kind":"customer","id":"c1","fields":{"name":{"v":"An","s":"1795000000000.0.fuzz"}}}]}`,
		`{"batch":"b","device":"fuzz","changes":[{"seq":1,"kind":"booking","id":"b1","fields":{"status":{"v":"lost","s":"1795000000000.0.x"},"_deleted":{"v":true,"s":"1.0.x"}}}]}`,
		`{"batch":"b","device":"fuzz","changes":[{"seq":1,"kind":"payment","id":"p1","fields":{"amount":{"v":{"amount":1},"s":"99999999999999.0.x"}}}]}`,
		`{"device":"fuzz","changes":[{"seq":0}]}`, `[]`, `null`, ``,
		`{"device":"fuzz","changes":[{"seq":1,"kind":"","id":"","fields":{"":{"v":1,"s":"1.0.d"}}}]}`,
	} {
		f.Add([]byte(seed))
	}
	store := memstore.New()
	hash, _ := server.HashPassword("password", bcrypt.MinCost)
	store.PutAccount(server.Account{User: app.User{ID: "u1", Name: "Lan", Login: "lan", Role: app.RoleAgent, OfficeID: office, Active: true}, PasswordHash: hash})
	srv, err := server.New(server.Config{Store: store, BcryptCost: bcrypt.MinCost})
	if err != nil {
		f.Fatal(err)
	}
	serve := func(method, path string, body []byte, token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, bytes.NewReader(body))
		req.Header.Set(protocol.HeaderVersion, strconv.Itoa(protocol.Version))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		return w
	}
	login, _ := json.Marshal(protocol.SessionRequest{User: "lan", Password: "password", DeviceID: "fuzz"})
	var sess protocol.SessionResponse
	if err := json.Unmarshal(serve("POST", protocol.PathSession, login, "").Body.Bytes(), &sess); err != nil || sess.Token == "" {
		f.Fatalf("login: %v", err)
	}
	codes := []string{protocol.CodeBadRequest, protocol.CodeInvalidField, protocol.CodeTooLarge, protocol.CodeSeqGap}

	f.Fuzz(func(t *testing.T, body []byte) {
		w := serve("POST", protocol.PathPush, body, sess.Token)
		switch w.Code {
		case http.StatusOK:
			var pr protocol.PushResponse
			if err := json.Unmarshal(w.Body.Bytes(), &pr); err != nil {
				t.Fatalf("200 with body %q", w.Body)
			}
		default:
			var er protocol.ErrorResponse
			if err := json.Unmarshal(w.Body.Bytes(), &er); err != nil || !slices.Contains(codes, er.Code) {
				t.Fatalf("status %d for %q: %s", w.Code, body, w.Body)
			}
		}
		if p := serve("GET", protocol.PathPull, nil, sess.Token); p.Code != http.StatusOK {
			t.Fatalf("pull after the push: %d %s", p.Code, p.Body)
		}
	})
}
