package app

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/tourdesk/tourdesk/app/money"
)

func validSettings() CompanySettings {
	png := base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\n...."))
	return CompanySettings{
		CompanyName:       "Sen Vàng Travel",
		Address:           "12 Lý Thường Kiệt\nHoàn Kiếm, Hà Nội",
		Phone:             "024 3826 1234",
		Country:           "VN",
		Email:             "info@senvang.example",
		LicenceNumber:     "01-123/2019/TCDL-GP LHQT",
		TaxCode:           "0101234567",
		BankAccount:       "Vietcombank, 0011001234567",
		Logo:              png,
		CancellationTerms: "Cancellation 30 days before departure: 10%.",
		ExchangeRates: []ExchangeRate{
			{Currency: "usd", Rate: "25400", Date: Date{2026, 11, 20}},
			{Currency: "RUB", Rate: "320,5"},
			{Currency: "CNY", Rate: "3500.125"},
		},
	}
}

func TestSettingsValidate(t *testing.T) {
	s := validSettings()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.DefaultCurrency != "VND" || s.Phone != "+842438261234" || s.ExchangeRates[0].Currency != "USD" || s.ExchangeRates[1].Rate != "320.5" {
		t.Errorf("normalised = %+v", s)
	}
	runBad(t, validSettings, []badCase[CompanySettings]{
		{"no name", func(s *CompanySettings) { s.CompanyName = "" }, "company_name", CodeRequired},
		{"bad phone", func(s *CompanySettings) { s.Phone = "1" }, "phone", CodeFormat},
		{"bad email", func(s *CompanySettings) { s.Email = "info" }, "email", CodeFormat},
		{"bad currency", func(s *CompanySettings) { s.DefaultCurrency = "DONG" }, "default_currency", CodeCurrency},
		{"logo not base64", func(s *CompanySettings) { s.Logo = "not base64!" }, "logo", CodeFormat},
		{"logo not an image", func(s *CompanySettings) { s.Logo = base64.StdEncoding.EncodeToString([]byte("GIF89a")) }, "logo", CodeFormat},
		{"logo too big", func(s *CompanySettings) {
			s.Logo = base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\n" + strings.Repeat("x", MaxLogo)))
		}, "logo", CodeTooLong},
		{"rate currency", func(s *CompanySettings) { s.ExchangeRates[0].Currency = "" }, "exchange_rates.0.currency", CodeRequired},
		{"rate twice", func(s *CompanySettings) { s.ExchangeRates[1].Currency = "USD" }, "exchange_rates.1.currency", CodeFormat},
		{"rate of default", func(s *CompanySettings) { s.ExchangeRates[1].Currency = "VND" }, "exchange_rates.1.currency", CodeCurrency},
		{"rate zero", func(s *CompanySettings) { s.ExchangeRates[0].Rate = "0" }, "exchange_rates.0.rate", CodeFormat},
		{"rate words", func(s *CompanySettings) { s.ExchangeRates[0].Rate = "about 25k" }, "exchange_rates.0.rate", CodeFormat},
		{"rate negative", func(s *CompanySettings) { s.ExchangeRates[0].Rate = "-1" }, "exchange_rates.0.rate", CodeFormat},
		{"rate too precise", func(s *CompanySettings) { s.ExchangeRates[0].Rate = "0.0000000001" }, "exchange_rates.0.rate", CodeFormat},
	})
}

func TestSettingsConvert(t *testing.T) {
	s := validSettings()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in, want money.Money
	}{
		{money.New(125050, "USD"), money.New(31762700, "VND")}, // 1250.50 × 25400
		{money.New(1, "USD"), money.New(254, "VND")},
		{money.New(15, "RUB"), money.New(48, "VND")},    // 0.15 × 320.5 = 48.075
		{money.New(-15, "RUB"), money.New(-48, "VND")},  // half away from zero, both ways
		{money.New(100, "CNY"), money.New(3500, "VND")}, // 1 × 3500.125 = 3500.125
		{money.New(500, "VND"), money.New(500, "VND")},
	}
	for _, tt := range tests {
		got, err := s.Convert(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Convert(%v) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	if _, err := s.Convert(money.New(1, "EUR")); !errors.Is(err, ErrNotFound) {
		t.Errorf("Convert(EUR) = %v, want ErrNotFound", err)
	}
	usd := CompanySettings{DefaultCurrency: "USD", ExchangeRates: []ExchangeRate{{Currency: "VND", Rate: "0.0000394"}}}
	if got, err := usd.Convert(money.New(15000000, "VND")); err != nil || got != money.New(59100, "USD") {
		t.Errorf("VND → USD = %v, %v", got, err) // 15,000,000 × 0.0000394 = 591.00
	}
}
