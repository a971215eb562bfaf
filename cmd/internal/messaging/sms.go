package messaging

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"text/template"
	"time"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
)

// SMS sends text messages through the HTTP provider of the message
// settings: a request to the URL template, with the method, the body
// template and its content type, and the credential Auth in the settings'
// auth header. It is safe for concurrent use.
type SMS struct {
	// Auth is the value of the settings' SMSAuthHeader ("Bearer …",
	// an API key); "" sends none.
	Auth string
	// Client is the HTTP client (default: one with a 30 s timeout).
	Client *http.Client
}

var _ service.Sender = (*SMS)(nil)

// smsData is what the URL and body templates see.
type smsData struct {
	ID, To, From, Body string
}

// Send implements service.Sender. A 2xx answer is success; the provider's
// id is read from a JSON answer's "id" or "message_id" when there is one.
// A 4xx answer (but 408 and 429) is service.ErrPermanent: the provider
// refused the request as it is; a 5xx, 408, 429 or a network failure is
// retried. Without a URL in the settings it is service.ErrNotConfigured.
func (s *SMS) Send(ctx context.Context, msg *app.Message, set *app.MessageSettings) (string, error) {
	if set.SMSURL == "" {
		return "", fmt.Errorf("sms: no provider URL in the message settings: %w", service.ErrNotConfigured)
	}
	if set.SMSAuthHeader != "" && s.Auth == "" {
		return "", fmt.Errorf("sms: no credential on this machine for the %s header (see docs/DECISIONS.md: messaging secrets): %w", set.SMSAuthHeader, service.ErrNotConfigured)
	}
	data := smsData{ID: msg.ID, To: msg.To, From: set.SMSFrom, Body: msg.Body}
	url, err := render("sms_url", set.SMSURL, data)
	if err != nil {
		return "", fmt.Errorf("sms: URL template: %v: %w", err, service.ErrNotConfigured)
	}
	method := set.SMSMethod
	if method == "" {
		method = http.MethodPost
	}
	var body io.Reader
	if method != http.MethodGet {
		tpl := set.SMSBody
		if tpl == "" {
			tpl = app.DefaultSMSBody
		}
		b, err := render("sms_body", tpl, data)
		if err != nil {
			return "", fmt.Errorf("sms: body template: %v: %w", err, service.ErrNotConfigured)
		}
		body = strings.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return "", fmt.Errorf("sms: %v: %w", err, service.ErrNotConfigured)
	}
	if body != nil {
		ct := set.SMSContentType
		if ct == "" {
			ct = "application/json"
		}
		req.Header.Set("Content-Type", ct)
	}
	if set.SMSAuthHeader != "" {
		req.Header.Set(set.SMSAuthHeader, s.Auth)
	}
	req.Header.Set("Idempotency-Key", msg.ID)
	hc := s.Client
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("sms: %w", err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		text := strings.Join(strings.Fields(string(answer)), " ")
		if len(text) > 300 {
			text = text[:300] + "…"
		}
		err := fmt.Errorf("sms: the provider answered %s: %s", resp.Status, text)
		if resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests {
			return "", fmt.Errorf("%w: %w", err, service.ErrPermanent)
		}
		return "", err
	}
	var ids struct {
		ID        any `json:"id"`
		MessageID any `json:"message_id"`
	}
	if json.Unmarshal(answer, &ids) == nil {
		for _, v := range []any{ids.ID, ids.MessageID} {
			if v != nil {
				return fmt.Sprint(v), nil
			}
		}
	}
	return "", nil
}

func render(name, text string, data smsData) (string, error) {
	tpl, err := template.New(name).Funcs(app.TemplateFuncs).Option("missingkey=error").Parse(text)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := tpl.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}
