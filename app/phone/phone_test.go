package phone

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, region, want string
	}{
		{"+84 90 123 4567", "", "+84901234567"},
		{"0901 234 567", "", "+84901234567"},
		{"(090) 123-4567", "VN", "+84901234567"},
		{"84901234567", "VN", "+84901234567"},
		{"8 912 345-67-89", "RU", "+79123456789"},
		{"+7 (912) 345-67-89", "", "+79123456789"},
		{"138 0013 8000", "CN", "+8613800138000"},
		{"+86 138 0013 8000", "VN", "+8613800138000"},
		{"+1 415 555 2671", "", "+14155552671"},
		{"+44 20 7946 0958", "", "+442079460958"},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.in, tt.region)
		if err != nil || got != tt.want {
			t.Errorf("Normalize(%q, %q) = %q, %v; want %q", tt.in, tt.region, got, err, tt.want)
		}
	}
}

func TestNormalizeRejects(t *testing.T) {
	for _, in := range []string{"", "12", "abc", "0901 ABC 567", "+84 1", "99999999999999999999", "090123456789012345", "+999 123"} {
		if got, err := Normalize(in, "VN"); err == nil {
			t.Errorf("Normalize(%q) = %q, want error", in, got)
		}
	}
}

func TestDigitsAndNational(t *testing.T) {
	if got := Digits("+84 (90) 123-45.67"); got != "84901234567" {
		t.Errorf("Digits = %q", got)
	}
	if got := Digits("０９０１"); got != "0901" {
		t.Errorf("Digits full-width = %q", got)
	}
	if got := National("+84901234567"); got != "0901234567" {
		t.Errorf("National VN = %q", got)
	}
	if got := National("+79123456789"); got != "89123456789" {
		t.Errorf("National RU = %q", got)
	}
}

func TestDisplay(t *testing.T) {
	tests := []struct{ e164, region, want string }{
		{"+84901234567", "", "0901 234 567"},
		{"+84901234567", "VN", "0901 234 567"},
		{"+79123456789", "VN", "+7 912 345-67-89"},
		{"+79123456789", "RU", "8 (912) 345-67-89"},
		{"garbage", "", "garbage"},
	}
	for _, tt := range tests {
		got := Display(tt.e164, tt.region)
		if got != tt.want {
			t.Errorf("Display(%q, %q) = %q, want %q", tt.e164, tt.region, got, tt.want)
		}
		if e, err := Normalize(got, tt.region); tt.want != "garbage" && (err != nil || e != tt.e164) {
			t.Errorf("Normalize(Display(%q)) = %q, %v", tt.e164, e, err)
		}
	}
}
