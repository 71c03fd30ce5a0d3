package passagefile

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestEach(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       []string
		wantErr    string
	}{
		{"two passages", "a\t1\tTitre\tun texte\tavec tab\nb\t2\t\tdeux\n", []string{"a|1|Titre|un texte\tavec tab", "b|2||deux"}, ""},
		{"empty", "", nil, ""},
		{"short line", "a\t1\tTitre\n", nil, "not doc, n, title, text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "p.passages")
			if err := os.WriteFile(path, []byte(tc.file), 0o600); err != nil {
				t.Fatal(err)
			}
			var got []string
			err := Each(path, func(doc, n, title, text string) error {
				got = append(got, strings.Join([]string{doc, n, title, text}, "|"))
				return nil
			})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
