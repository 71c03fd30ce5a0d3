package bot

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/knowledge"
)

const (
	refusalDocA = "---\ntitle: Le port\n---\n\nLe port a traité 7 millions de conteneurs en 2021.\n"
	refusalDocB = "---\ntitle: Les agrumes\n---\n\nLa récolte a atteint 2,9 millions de tonnes.\n"
)

// refusalEditor is a knowledge directory holding a.md and b.md, loaded,
// and an editor of it whose files may not exceed 1 KiB.
func refusalEditor(t *testing.T) (string, *knowledge.Editor) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range map[string]string{"a.md": refusalDocA, "b.md": refusalDocB} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := knowledge.Options{MaxFileSize: 1 << 10}
	store := knowledge.NewStore(knowledge.DirSource(dir), opts)
	if _, err := store.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if b := store.Base(); b != nil {
			b.Close()
		}
	})
	return dir, knowledge.NewEditor(dir, store, opts)
}

// TestAddRefusedReply: each reason the loader refuses a file, from the
// error a real knowledge.Editor returns, is told in French and in English,
// with the file's name, and never in the loader's own (English) words.
func TestAddRefusedReply(t *testing.T) {
	b, _ := renderBot(t, StyleEmbed)
	tests := []struct {
		name    string
		file    string
		content string
		replace bool
		prepare func(t *testing.T, dir string) // before the add
		err     error                          // instead of adding: an error no editor returns here
		fr, en  string                         // the reason (add_refused's Why)
	}{
		{name: "not UTF-8", file: "c.txt", content: "Caf\xe9 cr\xe8me\n",
			fr: "`c.txt` : le texte n'est pas encodé en UTF-8 (enregistrez le fichier en UTF-8).",
			en: "`c.txt`: the text is not encoded in UTF-8 (save the file as UTF-8)."},
		{name: "bad front matter", file: "c.md", content: "---\ntitle: [x\n---\n\nTexte.\n",
			fr: "`c.md` : l'en-tête YAML (entre les lignes ---) est mal formé.",
			en: "`c.md`: the YAML header (between the --- lines) is malformed."},
		{name: "front matter not closed", file: "c.md", content: "---\ntitle: x\n\nTexte.\n",
			fr: "`c.md` : l'en-tête YAML (entre les lignes ---) est mal formé.",
			en: "`c.md`: the YAML header (between the --- lines) is malformed."},
		{name: "no passage", file: "c.md", content: "---\ntitle: Vide\n---\n\n# Titre\n",
			fr: "`c.md` : le document ne contient aucun passage de texte.",
			en: "`c.md`: the document holds no passage of text."},
		{name: "empty file", file: "c.txt", content: "",
			fr: "`c.txt` : le document ne contient aucun passage de texte.",
			en: "`c.txt`: the document holds no passage of text."},
		{name: "too large", file: "c.md", content: strings.Repeat("Un mot. ", 200),
			fr: "`c.md` : le fichier est trop volumineux (au plus 1 Ko).",
			en: "`c.md`: the file is too large (at most 1 KB)."},
		{name: "same id as another document", file: "b.txt", content: refusalDocA,
			fr: "`b.txt` : un autre document, `b.md`, a déjà l'identifiant `b` (le nom du fichier sans son extension).",
			en: "`b.txt`: another document, `b.md`, already has the id `b` (the file name without its extension)."},
		{name: "symbolic link", file: "link.md", content: refusalDocA, replace: true,
			prepare: func(t *testing.T, dir string) {
				if err := os.Symlink(filepath.Join(dir, "a.md"), filepath.Join(dir, "link.md")); err != nil {
					t.Skip(err)
				}
			},
			fr: "`link.md` : c'est un lien symbolique : seuls les fichiers ordinaires du répertoire de documents sont lus.",
			en: "`link.md`: it is a symbolic link: only regular files inside the documents directory are read."},
		{name: "not a regular file", file: "dossier.md", content: refusalDocA, replace: true,
			prepare: func(t *testing.T, dir string) {
				if err := os.Mkdir(filepath.Join(dir, "dossier.md"), 0o755); err != nil {
					t.Fatal(err)
				}
			},
			fr: "`dossier.md` : ce n'est pas un fichier ordinaire (tube, périphérique, socket ou dossier).",
			en: "`dossier.md`: it is not a regular file (a pipe, device, socket or folder)."},
		{name: "unreadable", file: "c.md", err: &knowledge.LoadError{Problems: []*knowledge.FileError{
			{Path: "c.md", Err: fmt.Errorf("%w: open: permission denied", knowledge.ErrUnreadableFile)}}},
			fr: "`c.md` : le fichier n'a pas pu être lu.",
			en: "`c.md`: the file could not be read."},
		{name: "empty name", file: "", content: refusalDocA,
			fr: "`  ` : le nom du fichier est vide.",
			en: "`  `: the file name is empty."},
		{name: "leading space", file: " c.md", content: refusalDocA,
			fr: "` c.md` : le nom du fichier commence ou finit par une espace.",
			en: "` c.md`: the file name starts or ends with a space."},
		{name: "name too long", file: strings.Repeat("c", 130) + ".md", content: refusalDocA,
			fr: "`" + strings.Repeat("c", 130) + ".md` : le nom du fichier dépasse 120 octets.",
			en: "`" + strings.Repeat("c", 130) + ".md`: the file name is longer than 120 bytes."},
		{name: "path", file: `..\c.md`, content: refusalDocA,
			fr: "`..\\c.md` : le nom doit être un simple nom de fichier, sans chemin : un document s'écrit dans le répertoire de documents, jamais ailleurs.",
			en: "`..\\c.md`: the name must be a plain file name, without a path: a document is written in the documents directory, never elsewhere."},
		{name: "hidden", file: ".c.md", content: refusalDocA,
			fr: "`.c.md` : les fichiers cachés ou de sauvegarde (nom commençant par un point ou un dièse, ou finissant par un tilde) ne sont pas chargés.",
			en: "`.c.md`: hidden or backup files (names starting with a dot or a hash, or ending with a tilde) are not loaded."},
		{name: "control characters", file: "c\x1b[2J.md", content: refusalDocA,
			fr: "`c\uFFFD[2J.md` : le nom du fichier contient des caractères invisibles, de contrôle ou mal encodés.",
			en: "`c\uFFFD[2J.md`: the file name holds invisible, control or badly encoded characters."},
		{name: "invisible characters", file: "c\u202etxt.md", content: refusalDocA,
			fr: "`ctxt.md` : le nom du fichier contient des caractères invisibles, de contrôle ou mal encodés.",
			en: "`ctxt.md`: the file name holds invisible, control or badly encoded characters."},
		{name: "not a document", file: "c.pdf", content: refusalDocA,
			fr: "`c.pdf` : ce n'est ni un .md ni un .txt.",
			en: "`c.pdf`: it is neither a .md nor a .txt."},
		{name: "exists", file: "a.md", content: refusalDocB,
			fr: "un fichier `a.md` existe déjà ; pour le remplacer, relancez la commande avec `remplacer:True`.",
			en: "a file `a.md` already exists; to replace it, run the command again with `replace:True`."},
		{name: "any other error", file: "c.md", err: errors.New("write c.md: no space left on device"),
			fr: "`c.md` : le fichier a été refusé (le détail est dans le journal du bot).",
			en: "`c.md`: the file was refused (the details are in the bot's log)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err
			if err == nil {
				dir, ed := refusalEditor(t)
				if tt.prepare != nil {
					tt.prepare(t, dir)
				}
				if _, err = ed.Add(context.Background(), tt.file, []byte(tt.content), tt.replace); err == nil {
					t.Fatal("the file was added")
				}
			}
			for _, c := range []struct{ lang, why, format string }{
				{langFR, tt.fr, "**Document refusé** : %s Rien n'a été écrit, la base reste inchangée."},
				{langEN, tt.en, "**Document refused**: %s Nothing was written; the knowledge base is unchanged."},
			} {
				r := addRefusedReply(b.voice(c.lang), tt.file, err)
				if want := fmt.Sprintf(c.format, c.why); r.Content != want {
					t.Errorf("%s: %v\ngot  %q\nwant %q", c.lang, err, r.Content, want)
				}
			}
		})
	}
}

// TestRefusedProblems: when the directory would not load for files other
// than the one added, and on /recharger, each file is listed with its
// reason in the member's language; an error that names no file is not
// shown in the loader's words.
func TestRefusedProblems(t *testing.T) {
	b, _ := renderBot(t, StyleEmbed)
	problems := &knowledge.LoadError{Problems: []*knowledge.FileError{
		{Path: "latin1.txt", Err: knowledge.ErrNotUTF8},
		{Path: "port.md", Err: &knowledge.DuplicateIDError{ID: "port", Other: "port.txt"}},
		{Path: "huge.md", Err: &knowledge.SizeError{Size: 9 << 20, Limit: 5 << 20}},
		{Path: "x.md", Err: errors.New("something new")},
	}}
	fr, en := b.voice(langFR), b.voice(langEN)
	for _, tt := range []struct {
		name string
		got  Reply
		want string
	}{
		{"add fr", addRefusedReply(fr, "port.txt", problems), "**Document refusé** : la base ne se chargerait plus avec ce document : Rien n'a été écrit, la base reste inchangée." +
			"\n• `latin1.txt` : le texte n'est pas encodé en UTF-8 (enregistrez le fichier en UTF-8)" +
			"\n• `port.md` : un autre document, `port.txt`, a déjà l'identifiant `port` (le nom du fichier sans son extension)" +
			"\n• `huge.md` : le fichier est trop volumineux (au plus 5 Mo)" +
			"\n• `x.md` : le fichier a été refusé (le détail est dans le journal du bot)"},
		{"reload en", reloadReply(en, knowledge.Diff{}, fmt.Errorf("reload: %w", problems)), "**Reload refused**: the previous knowledge base stays in service." +
			"\n• `latin1.txt`: the text is not encoded in UTF-8 (save the file as UTF-8)" +
			"\n• `port.md`: another document, `port.txt`, already has the id `port` (the file name without its extension)" +
			"\n• `huge.md`: the file is too large (at most 5 MB)" +
			"\n• `x.md`: the file was refused (the details are in the bot's log)"},
		{"reload, no document fr", reloadReply(fr, knowledge.Diff{}, fmt.Errorf("reload: %w", knowledge.ErrNoDocuments)),
			"**Rechargement refusé** : la base précédente reste en service.\n• le répertoire ne contient aucun document .md ou .txt."},
		{"reload, other error fr", reloadReply(fr, knowledge.Diff{}, errors.New("reload: open /kb: permission denied")),
			"**Rechargement refusé** : la base précédente reste en service.\n• une erreur a empêché le rechargement (le détail est dans le journal du bot)."},
		{"remove, other error en", removeRefusedReply(en, "port", errors.New("remove port.md: read-only file system")),
			"**Removal refused**: `port` stays in the knowledge base, because an error kept it from being removed (the details are in the bot's log)."},
		{"remove, broken directory fr", removeRefusedReply(fr, "port", problems), "**Retrait refusé** : `port` reste dans la base." +
			"\n• `latin1.txt` : le texte n'est pas encodé en UTF-8 (enregistrez le fichier en UTF-8)" +
			"\n• `port.md` : un autre document, `port.txt`, a déjà l'identifiant `port` (le nom du fichier sans son extension)" +
			"\n• `huge.md` : le fichier est trop volumineux (au plus 5 Mo)" +
			"\n• `x.md` : le fichier a été refusé (le détail est dans le journal du bot)"},
	} {
		if tt.got.Content != tt.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tt.name, tt.got.Content, tt.want)
		}
	}
}

func TestFileSize(t *testing.T) {
	b, _ := renderBot(t, StyleEmbed)
	for _, tt := range []struct {
		n      int64
		fr, en string
	}{
		{900, "900 octets", "900 bytes"},
		{1 << 10, "1 Ko", "1 KB"},
		{1536, "1,5 Ko", "1.5 KB"},
		{5 << 20, "5 Mo", "5 MB"},
		{5<<20 + 1<<19, "5,5 Mo", "5.5 MB"},
	} {
		if fr, en := fileSize(b.voice(langFR), tt.n), fileSize(b.voice(langEN), tt.n); fr != tt.fr || en != tt.en {
			t.Errorf("fileSize(%d) = %q, %q; want %q, %q", tt.n, fr, en, tt.fr, tt.en)
		}
	}
}
