package messaging

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/tourdesk/tourdesk/cmd/internal/privatefile"
)

// SecretsFile is the name, inside the sending machine's data directory,
// of the file holding the messaging secrets. It must be readable by its
// owner only (mode 0600): LoadSecrets refuses it otherwise.
const SecretsFile = "messaging-secrets.json"

// Environment variables that override the file (for a service manager
// that injects secrets).
const (
	EnvSMTPPassword = "TOURDESK_SMTP_PASSWORD"
	EnvSMSAuth      = "TOURDESK_SMS_AUTH"
)

// Secrets are what the message settings (a synced record every role
// reads) must not hold: the SMTP account's password and the value of the
// SMS provider's auth header.
type Secrets struct {
	SMTPPassword string `json:"smtp_password"`
	SMSAuth      string `json:"sms_auth"`
}

// LoadSecrets reads dir's SecretsFile, when there is one, then lets the
// environment variables override its values. A file that others may read
// (on Unix, any permission bit for group or others) is refused, so a
// password is never left world-readable unnoticed.
func LoadSecrets(dir string) (Secrets, error) {
	var s Secrets
	path := filepath.Join(dir, SecretsFile)
	f, err := os.Open(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return s, fmt.Errorf("messaging secrets: %v", err)
	default:
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			return s, fmt.Errorf("messaging secrets: %v", err)
		}
		if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
			return s, fmt.Errorf("messaging secrets: %s may be read by other users (mode %v): chmod 600 it", path, fi.Mode().Perm())
		}
		if err := json.NewDecoder(f).Decode(&s); err != nil {
			return s, fmt.Errorf("messaging secrets: %s: %v (want {\"smtp_password\": \"…\", \"sms_auth\": \"…\"})", path, err)
		}
	}
	if v, ok := os.LookupEnv(EnvSMTPPassword); ok {
		s.SMTPPassword = v
	}
	if v, ok := os.LookupEnv(EnvSMSAuth); ok {
		s.SMSAuth = v
	}
	return s, nil
}

// WriteSecrets writes s to dir's SecretsFile with mode 0600, through a
// temporary file renamed into place.
func WriteSecrets(dir string, s Secrets) error {
	return privatefile.WriteJSON(filepath.Join(dir, SecretsFile), s)
}
