package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/access"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/localsync"
	"github.com/tourdesk/tourdesk/cmd/tourdesk-server/internal/boltstore"
	"github.com/tourdesk/tourdesk/localdb"
	"github.com/tourdesk/tourdesk/sync/client"
	"github.com/tourdesk/tourdesk/sync/server"
)

const password = "mật khẩu đủ dài 2026"

// world is one server (the real handler over a boltstore file, on
// loopback) and the devices syncing with it.
type world struct {
	t       testing.TB
	dir     string
	store   *boltstore.Store
	handler atomic.Pointer[server.Server]
	ts      *httptest.Server
	link    *faultyLink
	users   map[string]app.User // by login
	office  app.Office
}

// newWorld starts a server with one office and the given accounts
// (login → role).
func newWorld(t testing.TB, seed int64, accounts map[string]app.Role) *world {
	t.Helper()
	w := &world{t: t, dir: t.TempDir(), users: map[string]app.User{}}
	st, err := boltstore.Open(filepath.Join(w.dir, boltstore.FileName), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	w.store = st
	w.office, err = st.AddOffice(app.Office{Name: "Hà Nội", Code: "HAN"})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := server.HashPassword(password, bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	logins := make([]string, 0, len(accounts))
	for l := range accounts {
		logins = append(logins, l)
	}
	sort.Strings(logins)
	for _, l := range logins {
		u, err := st.AddUser(app.User{Name: l, Login: l, Role: accounts[l], OfficeID: w.office.ID, Active: true}, hash)
		if err != nil {
			t.Fatalf("add user %s: %v", l, err)
		}
		w.users[l] = u
	}
	w.startHandler()
	w.ts = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.handler.Load().ServeHTTP(rw, r)
	}))
	w.link = &faultyLink{base: &http.Transport{}, rng: rand.New(rand.NewSource(seed))}
	t.Cleanup(func() {
		w.ts.Close()
		w.link.base.(*http.Transport).CloseIdleConnections()
		w.store.Close()
	})
	return w
}

func (w *world) startHandler() {
	srv, err := server.New(server.Config{Store: w.store, BcryptCost: bcrypt.MinCost})
	if err != nil {
		w.t.Fatal(err)
	}
	w.handler.Store(srv)
}

// restart closes the server's store and opens it again under a new
// handler, as a restart of tourdesk-server would. No request may be in
// flight.
func (w *world) restart() {
	w.t.Helper()
	if err := w.store.Close(); err != nil {
		w.t.Fatal(err)
	}
	st, err := boltstore.Open(filepath.Join(w.dir, boltstore.FileName), boltstore.Options{NoSync: true})
	if err != nil {
		w.t.Fatal(err)
	}
	w.store = st
	w.startHandler()
}

// subject is login's access.Subject.
func (w *world) subject(login string) access.Subject {
	u := w.users[login]
	return access.Subject{UserID: u.ID, OfficeID: u.OfficeID, Role: u.Role}
}

// device is one user's laptop: its own localdb file and a sync client
// whose requests go through the world's faulty link.
type device struct {
	name  string
	login string
	user  app.User
	db    *localdb.Store
	cl    *client.Client
}

func (w *world) newDevice(name, login string) *device {
	w.t.Helper()
	db, err := localdb.Open(filepath.Join(w.t.TempDir(), "local.db"), localdb.Options{NoSync: true})
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { db.Close() })
	hc := &http.Client{Transport: w.link, Timeout: 30 * time.Second}
	lc, err := client.New(w.ts.URL, client.WithHTTPClient(hc), client.WithRetries(3, time.Millisecond))
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := lc.Login(context.Background(), login, password, db.DeviceID()); err != nil {
		w.t.Fatalf("login %s: %v", login, err)
	}
	cl, err := client.New(w.ts.URL, client.WithHTTPClient(hc), client.WithRetries(1, time.Millisecond),
		client.WithToken(lc.Token()), client.WithBatchSize(4), client.WithPullLimit(7))
	if err != nil {
		w.t.Fatal(err)
	}
	return &device{name: name, login: login, user: w.users[login], db: db, cl: cl}
}

func (d *device) sync() (client.Summary, error) {
	return d.cl.Sync(context.Background(), localsync.Store{DB: d.db}, nil)
}

// save writes fields of kind/id in d's store, as the app would.
func (d *device) save(kind app.Kind, id string, kv map[string]any) error {
	values := map[string]json.RawMessage{}
	for k, v := range kv {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		values[k] = b
	}
	return d.db.Update(func(tx service.Tx) error { _, err := tx.Save(kind, id, values); return err })
}

func (d *device) del(kind app.Kind, id string) error {
	return d.db.Update(func(tx service.Tx) error { return tx.Delete(kind, id) })
}

// live returns the ids of d's live records of kind.
func (d *device) live(kind app.Kind) []string {
	ids, err := d.db.SortedIDs(kind)
	if err != nil {
		panic(err)
	}
	sort.Strings(ids)
	return ids
}

func (d *device) get(kind app.Kind, id string) (record.Record, bool) {
	r, err := d.db.Get(kind, id)
	return r, err == nil
}

// str returns the string value of field name of r ("" when absent or not
// a string).
func str(r record.Record, name string) string {
	var s string
	json.Unmarshal(r.Fields[name].Value, &s)
	return s
}

// errLink is what the faulty link returns for a request or an answer it
// lost.
var errLink = errors.New("faulty link: connection lost")

// faultyLink is an http.RoundTripper that, while on, loses requests before
// the server sees them, loses answers after the server handled the
// request, sends requests twice, and keeps copies of requests to deliver
// them again later (late and out of order, after newer ones). Its random
// choices come from the seed; it is used from one goroutine at a time.
type faultyLink struct {
	base http.RoundTripper
	mu   sync.Mutex
	rng  *rand.Rand
	on   bool
	late []*http.Request // copies to deliver again, with bodies rewound
	// counts of each fault, for the test's log.
	dropped, lostAnswers, dups, delayed, lateDelivered int
}

type rewindable struct{ *bytes.Reader }

func (rewindable) Close() error { return nil }

func copyRequest(req *http.Request, body []byte, ctx context.Context) *http.Request {
	c := req.Clone(ctx)
	c.Body = rewindable{bytes.NewReader(body)}
	c.ContentLength = int64(len(body))
	c.GetBody = func() (io.ReadCloser, error) { return rewindable{bytes.NewReader(body)}, nil }
	return c
}

func (l *faultyLink) send(req *http.Request) (*http.Response, error) {
	return l.base.RoundTrip(req)
}

func discard(resp *http.Response, err error) {
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func (l *faultyLink) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	l.mu.Lock()
	on := l.on
	p := l.rng.Float64()
	l.mu.Unlock()
	if !on {
		return l.send(copyRequest(req, body, req.Context()))
	}
	switch {
	case p < 0.07:
		l.dropped++
		return nil, errLink
	case p < 0.14:
		l.lostAnswers++
		discard(l.send(copyRequest(req, body, req.Context())))
		return nil, errLink
	case p < 0.21:
		l.dups++
		discard(l.send(copyRequest(req, body, req.Context())))
		return l.send(copyRequest(req, body, req.Context()))
	case p < 0.30:
		l.delayed++
		l.mu.Lock()
		l.late = append(l.late, copyRequest(req, body, context.Background()))
		l.mu.Unlock()
	}
	return l.send(copyRequest(req, body, req.Context()))
}

// deliverLate sends some of the copies kept for late delivery, in random
// order, and forgets them; answers are thrown away.
func (l *faultyLink) deliverLate(all bool) {
	l.mu.Lock()
	l.rng.Shuffle(len(l.late), func(i, j int) { l.late[i], l.late[j] = l.late[j], l.late[i] })
	n := len(l.late)
	if !all && n > 0 {
		n = l.rng.Intn(n + 1)
	}
	batch := l.late[:n]
	l.late = append([]*http.Request(nil), l.late[n:]...)
	l.mu.Unlock()
	for _, r := range batch {
		l.lateDelivered++
		discard(l.send(r))
	}
}

func (l *faultyLink) setOn(on bool) {
	l.mu.Lock()
	l.on = on
	l.mu.Unlock()
}

// snapshot is every record of the server's store, and a Lookup over them.
type snapshot map[string]record.Record

func refKey(kind app.Kind, id string) string { return string(kind) + "/" + id }

func (s snapshot) Get(kind app.Kind, id string) (record.Record, bool) {
	r, ok := s[refKey(kind, id)]
	return r, ok
}

// audit maps kind/id/field to every value the server's audit log says
// was ever set (compact JSON).
type audit map[string]map[string]bool

// serverState reads every record and its audit log from the server's store.
func (w *world) serverState() (snapshot, audit) {
	w.t.Helper()
	snap, au := snapshot{}, audit{}
	err := w.store.ViewRecords(func(v server.RecordView) error {
		refs, err := v.Changes(0, 1<<30)
		if err != nil {
			return err
		}
		for _, ref := range refs {
			r, err := v.Record(ref.Kind, ref.ID)
			if err != nil {
				return fmt.Errorf("record %s/%s: %w", ref.Kind, ref.ID, err)
			}
			snap[refKey(ref.Kind, ref.ID)] = r.Record()
			entries, err := v.Audit(ref.Kind, ref.ID)
			if err != nil {
				return err
			}
			for _, e := range entries {
				k := refKey(ref.Kind, ref.ID) + "/" + e.Field
				if au[k] == nil {
					au[k] = map[string]bool{}
				}
				au[k][compact(e.New)] = true
			}
		}
		return nil
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return snap, au
}

func compact(b []byte) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return string(b)
	}
	return buf.String()
}

// diffReplica compares d's store with what d's user may see of snap:
// the same records, the same fields, the same values and stamps. It
// returns one line per difference.
func diffReplica(d *device, sub access.Subject, snap snapshot) []string {
	var out []string
	add := func(line string) { out = append(out, line) }
	want := map[string]bool{}
	keys := make([]string, 0, len(snap))
	for k := range snap {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		r := snap[k]
		red, ok := access.Redact(sub, r, snap)
		if !ok {
			continue
		}
		want[k] = true
		got, ok := d.get(app.Kind(r.Kind), r.ID)
		if !ok {
			add(fmt.Sprintf("%s lacks %s (readable to %s)", d.name, k, sub.Role))
			continue
		}
		for name, f := range red.Fields {
			g, ok := got.Fields[name]
			switch {
			case !ok:
				add(fmt.Sprintf("%s: %s lacks field %s = %s", d.name, k, name, f.Value))
			case compact(g.Value) != compact(f.Value) || g.Stamp != f.Stamp:
				add(fmt.Sprintf("%s: %s.%s = %s @%s, server %s @%s", d.name, k, name, g.Value, g.Stamp, f.Value, f.Stamp))
			}
		}
		for name, g := range got.Fields {
			if _, ok := red.Fields[name]; !ok {
				add(fmt.Sprintf("%s: %s has field %s = %s the server does not show it", d.name, k, name, g.Value))
			}
		}
	}
	for _, info := range app.Kinds() {
		for _, id := range d.live(info.Kind) {
			if k := refKey(info.Kind, id); !want[k] {
				add(fmt.Sprintf("%s holds %s, which its user may not read (or the server lacks)", d.name, k))
			}
		}
	}
	return out
}
