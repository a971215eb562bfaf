package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/cmd/internal/session"
	"github.com/tourdesk/tourdesk/localdb"
)

// loginAs writes a saved session for user (as `tourdeskctl login` would),
// so the commands act with that user's role and office.
func loginAs(t *testing.T, dir, user string, role app.Role, office string) {
	t.Helper()
	b, err := json.Marshal(session.Session{Server: "http://127.0.0.1:1", Token: "t", UserID: user, Login: user, Role: role, OfficeID: office})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, session.File), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A manager assigns a campaign's targets to an agent of the office (not to
// one of another office), the agent lists them and converts one to a lead
// and then a prospect; every refusal exits non-zero with one line.
func TestTargetsCommands(t *testing.T) {
	dir := t.TempDir()
	camp := record.NewID()
	an, binh, lead := record.NewID(), record.NewID(), record.NewID()
	withStore(t, dir, func(s *localdb.Store) error {
		return s.Update(func(tx service.Tx) error {
			for id, e := range map[string]app.Entity{
				"u-lan":  &app.User{Name: "Lan", Login: "lan", Role: app.RoleAgent, OfficeID: "o-hn", Active: true},
				"u-kim":  &app.User{Name: "Kim", Login: "kim", Role: app.RoleAgent, OfficeID: "o-sg", Active: true},
				"u-minh": &app.User{Name: "Minh", Login: "minh", Role: app.RoleManager, OfficeID: "o-hn", Active: true},
				camp:     &app.Campaign{Name: "Tết 2027", Channel: app.ChannelSMS},
				an:       &app.Customer{Name: "Nguyễn Văn An", CampaignID: camp, OfficeID: "o-hn", Stage: app.StageTarget},
				binh:     &app.Customer{Name: "Trần Thị Bình", CampaignID: camp, OfficeID: "o-hn", Stage: app.StageTarget},
				lead:     &app.Customer{Name: "Lê Văn Cường", CampaignID: camp, OfficeID: "o-hn", Stage: app.StageLead},
			} {
				if _, err := service.StoreEntity(tx, id, e); err != nil {
					return err
				}
			}
			return nil
		})
	})
	loginAs(t, dir, "u-minh", app.RoleManager, "o-hn")
	failCtl(t, dir, "want one of --campaign ID or --ids", "targets", "assign", "--campaign", camp, "--ids", an, "--agent", "u-lan")
	failCtl(t, dir, "--agent is required", "targets", "assign", "--campaign", camp)
	failCtl(t, dir, "is a lead, not a target", "targets", "assign", "--ids", an+","+lead, "--agent", "u-lan")
	code, _, errOut := ctl(t, dir, "targets", "assign", "--campaign", camp, "--agent", "u-kim")
	if code != exitFailure || !strings.Contains(errOut, "a manager may not assign customer") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("assign to another office's agent: exit %d, %q", code, errOut)
	}
	out := mustCtl(t, dir, "targets", "assign", "--campaign", camp, "--agent", "u-lan")
	if !strings.Contains(out, "2 target(s) assigned to u-lan") || !strings.Contains(out, "Nguyễn Văn An") || strings.Contains(out, "Lê Văn Cường") {
		t.Errorf("assign:\n%s", out)
	}
	var list []service.Target
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "targets", "list", "--agent", "u-lan", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != "Nguyễn Văn An" || list[0].OwnerID != "u-lan" || list[0].OfficeID != "o-hn" {
		t.Errorf("Lan's targets %+v", list)
	}
	if out := mustCtl(t, dir, "targets", "list", "--agent", "-"); out != "" {
		t.Errorf("unassigned targets:\n%s", out)
	}

	loginAs(t, dir, "u-lan", app.RoleAgent, "o-hn")
	failCtl(t, dir, "want lead or prospect", "customer", "convert", an, "customer")
	if out := mustCtl(t, dir, "customer", "convert", an, "lead", "--note", "answered the SMS"); out != an+"\tNguyễn Văn An\tlead\n" {
		t.Errorf("convert: %q", out)
	}
	failCtl(t, dir, "is a lead already", "customer", "convert", an, "lead")
	mustCtl(t, dir, "customer", "convert", an, "prospect")
	failCtl(t, dir, "only moves forward", "customer", "convert", an, "lead")
	out = mustCtl(t, dir, "targets", "list")
	if strings.Contains(out, "Nguyễn Văn An") || !strings.Contains(out, binh+"  Trần Thị Bình") {
		t.Errorf("targets left:\n%s", out)
	}
	var c struct {
		Stage string `json:"stage"`
	}
	if err := json.Unmarshal([]byte(mustCtl(t, dir, "customer", "show", an, "--json")), &c); err != nil || c.Stage != "prospect" {
		t.Errorf("customer show: %v %+v", err, c)
	}
}
