package discord

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/internal/fakediscord"
	"github.com/articlebot/articlebot/internal/fakeweb"
	"github.com/articlebot/articlebot/internal/fetch"
)

// TestDiscordDocuments runs /documents, /ajouter and /retirer end to end:
// through the fake Discord (attachments from its CDN) and the fake web site
// (real-looking and hostile pages), over a knowledge directory on disk.
func TestDiscordDocuments(t *testing.T) {
	web := fakeweb.New(t)
	pages := fetch.New(fetch.Options{Timeout: time.Second, MaxBytes: 1 << 20}, fetch.PermitAddrs(web.Addr()))
	h := newHarness(t, func(o *options) { o.Pages = pages })
	defer h.assertClean(t)
	d := &docsHarness{harness: h, web: web}

	t.Run("registration", d.testRegistration)
	t.Run("documents", d.testDocuments)
	t.Run("add a page", d.testAddPage)
	t.Run("refused pages", d.testRefusedPages)
	t.Run("add a file", d.testAddFile)
	t.Run("refused files", d.testRefusedFiles)
	t.Run("not an admin", d.testAddNotAdmin)
	t.Run("remove", d.testRemove)
	if n := web.InternalHits(); n != 0 {
		t.Errorf("the internal server was reached %d times", n)
	}
}

type docsHarness struct {
	*harness
	web *fakeweb.Server
}

// admin is a member with Manage Server.
func admin(n int) fakediscord.InteractionSpec {
	return fakediscord.InteractionSpec{User: user(n), Permissions: discordgo.PermissionManageGuild}
}

// run sends a command and returns its reply: the immediate response, or
// the edit of the deferred one.
func (d *docsHarness) run(t *testing.T, spec fakediscord.InteractionSpec) (fakediscord.SentInteraction, map[string]any) {
	t.Helper()
	in := d.interaction(t, spec)
	cb := d.callback(t, in)
	if typ, _ := cb.Body.(map[string]any)["type"].(float64); typ == 4 {
		return in, cb.Message()
	}
	if flagsOf(cb.Message())&64 == 0 {
		t.Errorf("/%s: the deferred response is not ephemeral", spec.CommandName)
	}
	return in, d.edit(t, in).Message()
}

func urlOption(u string) fakediscord.CommandOption {
	return fakediscord.CommandOption{Name: optURL, Type: discordgo.ApplicationCommandOptionString, Value: u}
}

func fileOption() fakediscord.CommandOption {
	return fakediscord.CommandOption{Name: optFile, Type: discordgo.ApplicationCommandOptionAttachment}
}

func replaceOption() fakediscord.CommandOption {
	return fakediscord.CommandOption{Name: optReplace, Type: discordgo.ApplicationCommandOptionBoolean, Value: true}
}

// files lists the knowledge directory, hidden files included.
func (d *docsHarness) files(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(d.dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// testRegistration: the new commands are registered with their English
// names; the admin ones like /recharger (Manage Server, guilds only), with
// the options /ajouter needs.
func (d *docsHarness) testRegistration(t *testing.T) {
	reqs, err := d.fake.WaitFor(wait, 1, fakediscord.OnRoute(fakediscord.RouteBulkGuildCommands))
	if err != nil {
		t.Fatal(err)
	}
	list, _ := reqs[0].Body.([]any)
	byName := map[string]map[string]any{}
	for _, c := range list {
		m, _ := c.(map[string]any)
		byName[fmtAny(m["name"])] = m
	}
	for fr, tt := range map[string]struct {
		en    string
		admin bool
	}{cmdDocuments: {"documents", false}, cmdAdd: {"add", true}, cmdRemove: {"remove", true}} {
		c := byName[fr]
		if c == nil {
			t.Errorf("/%s not registered", fr)
			continue
		}
		if loc, _ := c["name_localizations"].(map[string]any); loc["en-US"] != tt.en || loc["en-GB"] != tt.en {
			t.Errorf("/%s: name_localizations %v, want %q", fr, loc, tt.en)
		}
		perm, contexts := c["default_member_permissions"], c["contexts"]
		if tt.admin && (perm != byName[cmdReload]["default_member_permissions"] || perm != 32.0 || fmt.Sprint(contexts) != "[0]") {
			t.Errorf("/%s: default_member_permissions %v contexts %v, want those of /recharger", fr, perm, contexts)
		}
		if !tt.admin && perm != nil {
			t.Errorf("/%s: default_member_permissions %v, want none (everyone)", fr, perm)
		}
	}
	var opts []string
	for _, o := range byName[cmdAdd]["options"].([]any) {
		m, _ := o.(map[string]any)
		opts = append(opts, fmt.Sprintf("%s:%v", m["name"], m["type"]))
	}
	if got := strings.Join(opts, " "); got != "fichier:11 url:3 remplacer:5" {
		t.Errorf("/ajouter options %s", got)
	}
}

func (d *docsHarness) testDocuments(t *testing.T) {
	_, msg := d.run(t, fakediscord.InteractionSpec{CommandName: cmdDocuments, User: user(2000)})
	got := text(msg)
	for _, want := range []string{"Documents (1)", "Centres d'appels", "`centres-d-appels-offshoring`", "passages", "langue fr"} {
		if !strings.Contains(got, want) {
			t.Errorf("/documents lacks %q:\n%s", want, got)
		}
	}
	if flagsOf(msg)&64 != 0 {
		t.Error("/documents is ephemeral; it is for everyone to see")
	}
}

func (d *docsHarness) testAddPage(t *testing.T) {
	const file = "centres-d-appels-le-secteur-mise-sur-la-formation-pour.md"
	spec := admin(2010)
	spec.CommandName, spec.Options = cmdAdd, []fakediscord.CommandOption{urlOption(d.web.URL(fakeweb.PathRedirect))}
	_, msg := d.run(t, spec)
	got := text(msg)
	for _, want := range []string{"Document ajouté", "Documents ajoutés (1)", "2 documents", "Chiffres clés", "80.000",
		"Salma Bennani", "2024-03-15", "Identifiant", "centres-d-appels-le-secteur-mise-sur-la-formation-pour"} {
		if !strings.Contains(got, want) {
			t.Errorf("reply lacks %q:\n%s", want, got)
		}
	}
	raw, err := os.ReadFile(filepath.Join(d.dir, file))
	if err != nil {
		t.Fatalf("the document was not written: %v", err)
	}
	for _, want := range []string{"---\ntitle: ", "\nsource: " + d.web.URL(fakeweb.PathArticle) + "\n", "\ndate: ", "\nlang: fr\n", "Youssef Amrani"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("document lacks %q:\n%s", want, raw)
		}
	}
	if strings.Contains(string(raw), "Publicité") || strings.Contains(string(raw), "Karim_75") {
		t.Errorf("document holds ads or comments:\n%s", raw)
	}
	id := d.send(t, fakediscord.MessageSpec{DM: true, Author: user(2011), Content: "Combien de stagiaires comptera chaque promotion ?"})
	if got := text(d.replyTo(t, id).Message()); !strings.Contains(got, "250") {
		t.Errorf("the new document does not answer: %q", got)
	}

	// The same page again: a file of that name exists.
	_, msg = d.run(t, spec)
	if got := text(msg); !strings.Contains(got, "existe déjà") || !strings.Contains(got, "remplacer:True") {
		t.Errorf("second add: %q", got)
	}
	spec.Options = append(spec.Options, replaceOption())
	_, msg = d.run(t, spec)
	if got := text(msg); !strings.Contains(got, "Document remplacé") || !strings.Contains(got, "rien n'a changé") {
		t.Errorf("replace: %q", got)
	}
}

func (d *docsHarness) testRefusedPages(t *testing.T) {
	tests := []struct {
		name string
		url  string
		want string
	}{
		{"redirect to another loopback port", d.web.URL(fakeweb.PathRedirectLocal), "réseau privé ou interne"},
		{"redirect to localhost", d.web.URL(fakeweb.PathRedirectName), "réseau privé ou interne"},
		{"redirect to the metadata address", d.web.URL(fakeweb.PathRedirectMeta), "réseau privé ou interne"},
		{"internal server", d.web.InternalURL(), "réseau privé ou interne"},
		{"50 MB", d.web.URL(fakeweb.PathHuge), "trop volumineuse"},
		{"50 MB declared", d.web.URL(fakeweb.PathHugeDeclared), "trop volumineuse"},
		{"slow", d.web.URL(fakeweb.PathSlow), "trop de temps"},
		{"pdf", d.web.URL(fakeweb.PathPDF), "pas une page web"},
		{"plain text", d.web.URL(fakeweb.PathPlain), "pas une page web"},
		{"no article", d.web.URL(fakeweb.PathNoArticle), "pas de texte d'article"},
		{"404", d.web.URL(fakeweb.PathNotFound), "HTTP 404"},
		{"redirect loop", d.web.URL(fakeweb.PathRedirectLoop), "redirige trop"},
		{"ftp", "ftp://example.org/article.html", "http et https"},
		{"file", "file:///etc/passwd", "http et https"},
		{"not a URL", "une adresse", "http et https"},
	}
	before := d.files(t)
	for n, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := admin(2100 + n)
			spec.CommandName, spec.Options = cmdAdd, []fakediscord.CommandOption{urlOption(tt.url)}
			_, msg := d.run(t, spec)
			if got := text(msg); !strings.Contains(got, "Document refusé") || !strings.Contains(got, tt.want) || !strings.Contains(got, "Rien n'a été écrit") {
				t.Errorf("reply %q, want a refusal with %q", got, tt.want)
			}
		})
	}
	if after := d.files(t); !slices.Equal(after, before) {
		t.Errorf("refused pages changed the directory: %v -> %v", before, after)
	}
}

func (d *docsHarness) testAddFile(t *testing.T) {
	tests := []struct {
		name, file, content string
		want                []string
	}{
		{"markdown", "port.md", "---\ntitle: Le port de Tanger Med\nsource: https://example.org/port\ndate: 2023-12-31\n---\n\nLe port a traité 8,6 millions de conteneurs en 2023.\n",
			[]string{"Document ajouté", "Le port de Tanger Med", "8,6 millions", "example.org", "Passages"}},
		{"text", "agrumes.txt", "La récolte des agrumes\n\nLa récolte a atteint 2,9 millions de tonnes cette saison.\n",
			[]string{"Document ajouté", "La récolte des agrumes", "2,9 millions"}},
	}
	for n, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := admin(2200 + n)
			spec.CommandName, spec.Options = cmdAdd, []fakediscord.CommandOption{fileOption()}
			spec.Attachments = []fakediscord.Attachment{{Filename: tt.file, Content: []byte(tt.content)}}
			_, msg := d.run(t, spec)
			got := text(msg)
			for _, want := range tt.want {
				if !strings.Contains(got, want) {
					t.Errorf("reply lacks %q:\n%s", want, got)
				}
			}
			if raw, err := os.ReadFile(filepath.Join(d.dir, tt.file)); err != nil || string(raw) != tt.content {
				t.Errorf("file %s = %q, %v", tt.file, raw, err)
			}
		})
	}
}

// loaderWords are the knowledge loader's own (English) words for a
// refused file: the log's, never a member's.
var loaderWords = []string{"not valid UTF-8", "empty document", "malformed front matter", "duplicate document id",
	"unusable file name", "not a plain file name", "hidden or backup files are not loaded", "file too large", "symbolic link refused", "not a regular file:"}

// testRefusedFiles: each reason a file is refused reaches the admin in
// their Discord's language (French, English for en-US), naming the file;
// nothing is written.
func (d *docsHarness) testRefusedFiles(t *testing.T) {
	tests := []struct {
		name    string
		att     fakediscord.Attachment
		options []fakediscord.CommandOption
		fr, en  []string
	}{
		{"not UTF-8", fakediscord.Attachment{Filename: "latin1.txt", Content: []byte("Caf\xe9 cr\xe8me\n")}, nil,
			[]string{"`latin1.txt` : le texte n'est pas encodé en UTF-8"}, []string{"`latin1.txt`: the text is not encoded in UTF-8"}},
		{"empty", fakediscord.Attachment{Filename: "vide.md", Content: []byte("---\ntitle: Vide\n---\n")}, nil,
			[]string{"`vide.md` : le document ne contient aucun passage de texte"}, []string{"`vide.md`: the document holds no passage of text"}},
		{"bad front matter", fakediscord.Attachment{Filename: "fm.md", Content: []byte("---\ntitle: [\n---\n\nTexte.\n")}, nil,
			[]string{"`fm.md` : l'en-tête YAML (entre les lignes ---) est mal formé"}, []string{"`fm.md`: the YAML header (between the --- lines) is malformed"}},
		{"same id as a document", fakediscord.Attachment{Filename: "port.txt", Content: []byte("Un autre port.\n\nAvec 3 quais.\n")}, nil,
			[]string{"`port.txt` : un autre document, `port.md`, a déjà l'identifiant `port`"}, []string{"`port.txt`: another document, `port.md`, already has the id `port`"}},
		{"exists", fakediscord.Attachment{Filename: "port.md", Content: []byte("Un autre port.\n\nAvec 3 quais.\n")}, nil,
			[]string{"un fichier `port.md` existe déjà"}, []string{"a file `port.md` already exists"}},
		{"pdf", fakediscord.Attachment{Filename: "rapport.pdf", Content: []byte("%PDF-1.7")}, nil,
			[]string{"ni un .md ni un .txt"}, []string{"neither a .md nor a .txt"}},
		{"hidden", fakediscord.Attachment{Filename: ".cache.md", Content: []byte("Texte.\n")}, nil,
			[]string{"`.cache.md` : les fichiers cachés ou de sauvegarde"}, []string{"`.cache.md`: hidden or backup files"}},
		{"a path", fakediscord.Attachment{Filename: `..\..\evil.md`, Content: []byte("Texte.\n")}, nil,
			[]string{"le nom doit être un simple nom de fichier, sans chemin"}, []string{"the name must be a plain file name, without a path"}},
		{"control characters in the name", fakediscord.Attachment{Filename: "evil\x1b[2J.md", Content: []byte("Texte.\n")}, nil,
			[]string{"le nom du fichier contient des caractères invisibles, de contrôle ou mal encodés"}, []string{"the file name holds invisible, control or badly encoded characters"}},
		{"a space before the name", fakediscord.Attachment{Filename: " espace.md", Content: []byte("Texte.\n")}, nil,
			[]string{"le nom du fichier commence ou finit par une espace"}, []string{"the file name starts or ends with a space"}},
		{"name too long", fakediscord.Attachment{Filename: strings.Repeat("n", 130) + ".md", Content: []byte("Texte.\n")}, nil,
			[]string{"le nom du fichier dépasse 120 octets"}, []string{"the file name is longer than 120 bytes"}},
		{"HTML served", fakediscord.Attachment{Filename: "page.md", ContentType: "text/html", Content: []byte("<p>x</p>")}, nil,
			[]string{"pas du texte"}, []string{"is not text"}},
		{"too large", fakediscord.Attachment{Filename: "gros.md", Content: []byte(strings.Repeat("Un mot. ", 700_000))}, nil,
			[]string{"trop volumineux"}, []string{"too large"}},
		{"file and URL", fakediscord.Attachment{Filename: "x.md", Content: []byte("Texte.\n")}, []fakediscord.CommandOption{urlOption("https://example.org/")},
			[]string{"l'un des deux"}, []string{"one of the two"}},
	}
	before := d.files(t)
	for n, tt := range tests {
		for i, lang := range []struct {
			locale, refused string
			want            []string
		}{{"fr", "Document refusé", tt.fr}, {"en-US", "Document refused", tt.en}} {
			t.Run(tt.name+"/"+lang.locale, func(t *testing.T) {
				spec := admin(2300 + 2*n + i)
				spec.CommandName, spec.Locale = cmdAdd, lang.locale
				spec.Options = append([]fakediscord.CommandOption{fileOption()}, tt.options...)
				spec.Attachments = []fakediscord.Attachment{tt.att}
				_, msg := d.run(t, spec)
				got := text(msg)
				if tt.options == nil && !strings.Contains(got, lang.refused) {
					t.Errorf("reply %q is not a refusal (%q)", got, lang.refused)
				}
				for _, want := range lang.want {
					if !strings.Contains(got, want) {
						t.Errorf("reply %q lacks %q", got, want)
					}
				}
				for _, w := range loaderWords {
					if strings.Contains(got, w) {
						t.Errorf("reply %q holds the loader's words %q", got, w)
					}
				}
			})
		}
	}
	if logs := d.logs.String(); !strings.Contains(logs, "latin1.txt: not valid UTF-8") || !strings.Contains(logs, "unusable file name: not a plain file name") {
		t.Errorf("the log lacks the loader's reasons:\n%s", logs)
	}
	t.Run("not regular files", d.testIrregularFiles)
	t.Run("nothing given", func(t *testing.T) {
		spec := admin(2399)
		spec.CommandName = cmdAdd
		if _, msg := d.run(t, spec); !strings.Contains(text(msg), "l'un des deux") {
			t.Errorf("reply %q", text(msg))
		}
	})
	if after := d.files(t); !slices.Equal(after, before) {
		t.Errorf("refused files changed the directory: %v -> %v", before, after)
	}
}

// testIrregularFiles: a symbolic link or a directory in the place of the
// file to replace is refused in the admin's language; a link elsewhere in
// the directory keeps /recharger from loading, which says so in theirs.
func (d *docsHarness) testIrregularFiles(t *testing.T) {
	link, folder := filepath.Join(d.dir, "lien.md"), filepath.Join(d.dir, "dossier.md")
	if err := os.Symlink(filepath.Join(d.dir, "port.md"), link); err != nil {
		t.Skip(err)
	}
	defer os.Remove(link)
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(folder)
	for n, tt := range []struct {
		file, locale, want string
	}{
		{"lien.md", "fr", "`lien.md` : c'est un lien symbolique : seuls les fichiers ordinaires du répertoire de documents sont lus."},
		{"lien.md", "en-GB", "`lien.md`: it is a symbolic link: only regular files inside the documents directory are read."},
		{"dossier.md", "fr", "`dossier.md` : ce n'est pas un fichier ordinaire (tube, périphérique, socket ou dossier)."},
		{"dossier.md", "en-US", "`dossier.md`: it is not a regular file (a pipe, device, socket or folder)."},
	} {
		spec := admin(2380 + n)
		spec.CommandName, spec.Locale = cmdAdd, tt.locale
		spec.Options = []fakediscord.CommandOption{fileOption(), replaceOption()}
		spec.Attachments = []fakediscord.Attachment{{Filename: tt.file, Content: []byte("Texte.\n")}}
		if _, msg := d.run(t, spec); !strings.Contains(text(msg), tt.want) {
			t.Errorf("%s %s: reply %q lacks %q", tt.file, tt.locale, text(msg), tt.want)
		}
	}
	for n, tt := range []struct{ locale, want string }{
		{"fr", "**Rechargement refusé** : la base précédente reste en service.\n• `lien.md` : c'est un lien symbolique"},
		{"en-US", "**Reload refused**: the previous knowledge base stays in service.\n• `lien.md`: it is a symbolic link"},
	} {
		spec := admin(2390 + n)
		spec.CommandName, spec.Locale = cmdReload, tt.locale
		if _, msg := d.run(t, spec); !strings.Contains(text(msg), tt.want) {
			t.Errorf("/recharger %s: reply %q lacks %q", tt.locale, text(msg), tt.want)
		}
	}
}

// cdnDownloads counts the attachment downloads so far.
func (d *docsHarness) cdnDownloads() int {
	n := 0
	for _, r := range d.fake.Requests() {
		if r.Route == fakediscord.RouteCDNAttachment {
			n++
		}
	}
	return n
}

func (d *docsHarness) testAddNotAdmin(t *testing.T) {
	before, downloads := d.files(t), d.cdnDownloads()
	for n, spec := range []fakediscord.InteractionSpec{
		{User: user(2400)},
		{User: user(2401), Permissions: discordgo.PermissionSendMessages | discordgo.PermissionManageMessages},
		{User: user(2402), DM: true},
	} {
		spec.CommandName = cmdAdd
		spec.Options = []fakediscord.CommandOption{fileOption()}
		spec.Attachments = []fakediscord.Attachment{{Filename: "intrus.md", Content: []byte("Texte d'un intrus.\n")}}
		_, msg := d.run(t, spec)
		if !strings.Contains(text(msg), "seuls les administrateurs") || flagsOf(msg)&64 == 0 {
			t.Errorf("%d: reply %q (flags %d), want an ephemeral refusal", n, text(msg), flagsOf(msg))
		}
	}
	spec := fakediscord.InteractionSpec{User: user(2403), CommandName: cmdRemove,
		Options: []fakediscord.CommandOption{{Name: optDocument, Type: discordgo.ApplicationCommandOptionString, Value: "port"}}}
	if _, msg := d.run(t, spec); !strings.Contains(text(msg), "seuls les administrateurs") {
		t.Errorf("/retirer by a member: %q", text(msg))
	}
	if after := d.files(t); !slices.Equal(after, before) || d.cdnDownloads() != downloads {
		t.Errorf("a member's /ajouter changed the directory (%v -> %v) or downloaded (%d -> %d)", before, after, downloads, d.cdnDownloads())
	}
}

// buttons returns the custom_ids of a message's buttons.
func buttons(msg map[string]any) []string {
	var ids []string
	rows, _ := msg["components"].([]any)
	for _, row := range rows {
		r, _ := row.(map[string]any)
		comps, _ := r["components"].([]any)
		for _, c := range comps {
			b, _ := c.(map[string]any)
			ids = append(ids, fmtAny(b["custom_id"]))
		}
	}
	return ids
}

// responseID is the id of the message that answers interaction in.
func (d *docsHarness) responseID(t *testing.T, in fakediscord.SentInteraction) string {
	t.Helper()
	for _, m := range d.fake.Messages() {
		if meta, _ := m["interaction_metadata"].(map[string]any); meta != nil && meta["id"] == in.ID {
			return fmtAny(m["id"])
		}
	}
	t.Fatalf("no response message for %s", in.ID)
	return ""
}

func (d *docsHarness) testRemove(t *testing.T) {
	const docID = "port"
	ask := func(t *testing.T, spec fakediscord.InteractionSpec) (string, []string) {
		t.Helper()
		spec.CommandName = cmdRemove
		spec.Options = []fakediscord.CommandOption{{Name: optDocument, Type: discordgo.ApplicationCommandOptionString, Value: docID}}
		in, msg := d.run(t, spec)
		got := text(msg)
		if !strings.Contains(got, "Retirer « **Le port de Tanger Med** »") || flagsOf(msg)&64 == 0 {
			t.Fatalf("/retirer: %q (flags %d), want an ephemeral question", got, flagsOf(msg))
		}
		ids := buttons(msg)
		if len(ids) != 2 {
			t.Fatalf("buttons %v", ids)
		}
		return d.responseID(t, in), ids
	}
	click := func(t *testing.T, who fakediscord.InteractionSpec, msgID, customID string) (string, bool) {
		t.Helper()
		who.Type, who.CustomID, who.Message = discordgo.InteractionMessageComponent, customID, &fakediscord.MessageSpec{ID: msgID}
		in := d.interaction(t, who)
		cb := d.callback(t, in)
		if typ, _ := cb.Body.(map[string]any)["type"].(float64); typ == 4 {
			if flagsOf(cb.Message())&64 == 0 {
				t.Errorf("refusal %q is not ephemeral", text(cb.Message()))
			}
			return text(cb.Message()), false
		}
		e := d.edit(t, in)
		if ids := buttons(e.Message()); len(ids) != 0 {
			t.Errorf("the buttons stay after the click: %v", ids)
		}
		return text(e.Message()), true
	}
	present := func() bool {
		_, err := os.Stat(filepath.Join(d.dir, "port.md"))
		return err == nil
	}
	asker := admin(2500)

	msgID, ids := ask(t, asker)
	for _, tt := range []struct {
		name string
		who  fakediscord.InteractionSpec
		id   string
		want string
	}{
		{"another admin", admin(2501), ids[0], "Seul l'administrateur"},
		{"a member", fakediscord.InteractionSpec{User: asker.User}, ids[0], "seuls les administrateurs"},
		{"forged", asker, "retirer:0123456789abcdef0123456789abcdef:oui", "plus valable"},
		{"bad action", asker, strings.TrimSuffix(ids[0], ":oui") + ":tout", "plus valable"},
		{"other command", asker, "recharger:x:oui", "plus actif"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, updated := click(t, tt.who, msgID, tt.id)
			if updated || !strings.Contains(got, tt.want) {
				t.Errorf("click: %q (message updated: %v), want a refusal with %q", got, updated, tt.want)
			}
		})
	}
	if !present() {
		t.Fatal("a refused click removed the document")
	}
	if got, _ := click(t, asker, msgID, ids[1]); !strings.Contains(got, "Retrait annulé") || !present() {
		t.Errorf("cancel: %q, document present: %v", got, present())
	}
	if got, updated := click(t, asker, msgID, ids[0]); updated || !strings.Contains(got, "plus valable") {
		t.Errorf("confirm after cancel: %q", got)
	}

	msgID, ids = ask(t, asker)
	got, updated := click(t, asker, msgID, ids[0])
	if !updated || !strings.Contains(got, "Document retiré") || !strings.Contains(got, "Documents retirés (1) : `port`") {
		t.Errorf("confirm: %q", got)
	}
	if present() {
		t.Error("port.md is still there")
	}
	if _, ok := d.store.Base().Document(docID); ok {
		t.Error("port is still loaded")
	}
	if got, updated := click(t, asker, msgID, ids[0]); updated || !strings.Contains(got, "plus valable") {
		t.Errorf("second confirm: %q", got)
	}
	for _, name := range d.files(t) {
		if strings.HasPrefix(name, ".") {
			t.Errorf("left in the directory: %s", name)
		}
	}
	_, msg := d.run(t, fakediscord.InteractionSpec{CommandName: cmdDocuments, User: user(2510)})
	if got := text(msg); strings.Contains(got, "Tanger Med") || !strings.Contains(got, "Documents (3)") {
		t.Errorf("/documents after the removal: %q", got)
	}
}
