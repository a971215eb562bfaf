package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/cmd/tourdesk-server/internal/boltstore"
	"github.com/tourdesk/tourdesk/sync/server"
)

// BenchmarkUserSetRole is `user set` on a store of 20,000 customers with
// one booking each (40,000 records, two agents' worth in one office): one
// op is a role change (agent ↔ manager, alternately) with its visibility
// changes, in one bbolt transaction, as the admin command runs it.
func BenchmarkUserSetRole(b *testing.B) {
	const n = 20000
	store, err := boltstore.Open(filepath.Join(b.TempDir(), boltstore.FileName), boltstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	o, _ := store.AddOffice(app.Office{Name: "Đà Nẵng"})
	hash, _ := server.HashPassword("mật khẩu dài", 4)
	var agents [2]app.User
	for i := range agents {
		if agents[i], err = store.AddUser(app.User{Name: fmt.Sprint("agent ", i), Login: fmt.Sprint("agent", i), Role: app.RoleAgent, OfficeID: o.ID, Active: true}, hash); err != nil {
			b.Fatal(err)
		}
	}
	st := record.Stamp{Wall: 1795000000000, Device: "bench"}
	put := func(tx server.RecordTx, kind app.Kind, id string, refs []string, kv map[string]any) error {
		seq, err := tx.NextSeq()
		if err != nil {
			return err
		}
		rec := server.StoredRecord{Kind: kind, ID: id, Seq: seq, Fields: map[string]server.StoredField{}}
		for k, v := range kv {
			j, _ := json.Marshal(v)
			rec.Fields[k] = server.StoredField{Value: j, Stamp: st, Seq: seq}
		}
		return tx.PutRecord(rec, refs)
	}
	for start := 0; start < n; start += 1000 {
		err := store.UpdateRecords(func(tx server.RecordTx) error {
			for i := start; i < start+1000; i++ {
				owner := agents[i%2].ID
				c := record.NewID()
				if err := put(tx, app.KindCustomer, c, nil, map[string]any{"name": fmt.Sprint("Khách ", i), "owner_id": owner, "office_id": o.ID, "phones": []string{"+84901234567"}}); err != nil {
					return err
				}
				if err := put(tx, app.KindBooking, record.NewID(), []string{c}, map[string]any{"code": "BK-2026-000001", "customer_id": c, "owner_id": owner, "office_id": o.ID, "status": "inquiry", "currency": "VND"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	d := directAdmin{store}
	roles := []app.Role{app.RoleManager, app.RoleAgent}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := roles[i%2]
		if _, err := d.SetUser(userChange{Login: "agent0", Role: &r}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(2*n), "ns/record")
}
