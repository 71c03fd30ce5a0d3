package french

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, fold, accents string }{
		{"Salariés", "salaries", "Salaries"},
		{"sœur", "soeur", "soeur"},
		{"SŒUR", "soeur", "SOeUR"},
		{"Ægypte", "aegypte", "Aegypte"},
		{"déjà", "deja", "deja"},
		{"ÉTÉ", "ete", "ETE"},
		{"Ångström", "angstrom", "Angstrom"},
		{"naïve façade", "naive facade", "naive facade"},
		{"plain ascii", "plain ascii", "plain ascii"},
		{"Zgorzelec (Pologne)", "zgorzelec (pologne)", "Zgorzelec (Pologne)"},
		{"Łódź", "łodz", "Łodz"}, // no decomposition for Ł: kept
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.fold {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.fold)
		}
		if got := FoldAccents(tt.in); got != tt.accents {
			t.Errorf("FoldAccents(%q) = %q, want %q", tt.in, got, tt.accents)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Fold("Pour rappel, le secteur emploie près de 80.000 salariés, principalement des jeunes diplômés.")
	}
}
