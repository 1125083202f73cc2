/*
 * The agreements of napmon-gencorpus's reports: names with a partner, and
 * the paragraph that puts each at its stage, in the ways the reports say it
 * (../shared/DOMAIN.md), with what the parser must find recorded.
 */
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

static const char *const convention_mentions[][2] = {
	{ "Mülki və siyasi hüquqlar haqqında", " Beynəlxalq Paktın həyata "
	    "keçirilməsinə dair ölkəmizin növbəti dövri məruzəsinin layihəsinə "
	    "münasibət bildirilmişdir." },
	{ "İşgəncə və digər qəddar, qeyri-insani və ya ləyaqəti alçaldan "
	    "rəftar və ya cəza əleyhinə", " Konvensiyanın tələbləri "
	    "əməkdaşların tədris proqramlarına daxil edilmişdir." },
	{ "Uşaq hüquqları haqqında BMT Konvensiyası", "nın müddəalarının "
	    "təbliği məqsədilə məktəblərdə görüşlər təşkil olunmuşdur." },
};

static const char *const topics[] = {
	"miqrasiya sahəsində əməkdaşlıq",
	"əmək miqrasiyası sahəsində əməkdaşlıq",
	"icazəsiz yaşayan şəxslərin readmissiyası",
	"readmissiya",
	"cinayət işləri üzrə qarşılıqlı hüquqi yardım",
	"mülki işlər üzrə hüquqi yardım və hüquq münasibətləri",
	"ekstradisiya",
	"məhkum edilmiş şəxslərin cəzanın sonrakı çəkilməsi üçün verilməsi",
	"sosial təminat",
	"diplomatik və xidməti pasport sahiblərinin viza tələbindən qarşılıqlı "
	    "azad edilməsi",
	"vizaların verilməsinin sadələşdirilməsi",
	"insan alverinə qarşı mübarizədə əməkdaşlıq",
	"mütəşəkkil cinayətkarlığa qarşı mübarizədə əməkdaşlıq",
	"gömrük işlərində qarşılıqlı yardım",
	"beynəlxalq avtomobil daşımaları",
	"ictimai asayişin qorunması sahəsində əməkdaşlıq",
	"fövqəladə halların qarşısının alınması və nəticələrinin aradan "
	    "qaldırılması sahəsində əməkdaşlıq",
	"investisiyaların qarşılıqlı təşviqi və qorunması",
	"gəlirlərə görə ikiqat vergitutmanın aradan qaldırılması",
	"texniki əməkdaşlıq",
};

/* Fields for "<field> sahəsində əməkdaşlıq Sazişi" and the like. */
static const char *const fields[] = {
	"təhsil", "səhiyyə", "mədəniyyət", "turizm", "gənclər siyasəti",
	"idman", "ədliyyə", "statistika", "sərhəd mühafizəsi", "sığınacaq",
	"insan hüquqlarının müdafiəsi", "ekologiya",
};

/* A state's body, for "<State>nın Daxili İşlər Nazirliyi". */
static const char *const state_bodies[] = {
	"Daxili İşlər Nazirliyi", "Ədliyyə Nazirliyi", "Təhsil Nazirliyi",
	"Səhiyyə Nazirliyi", "Miqrasiya Xidməti", "Baş Prokurorluğu",
	"Sərhəd Xidməti",
};

static const char *const cities[] = {
	"Bakı", "Moskva", "Ankara", "Tbilisi", "Cenevrə", "Brüssel", "Vyana",
	"Daşkənd", "Astana", "Kişinyov", "Minsk", "Kiyev", "Berlin", "Paris",
};

static const char *const stage_names[] = {
	"drafting", "submitted", "under_review", "negotiating", "signing",
	"signed", "ratified", "in_force"
};

enum stage {
	DRAFTING, SUBMITTED, UNDER_REVIEW, NEGOTIATING, SIGNING, SIGNED,
	RATIFIED, IN_FORCE, NSTAGES
};

/* Opening and closing marks, as real exports pair them. */
static const char *const quote_pairs[][2] = {
	{ "“", "”" }, { "“", "”" }, { "“", "”" }, { "“", "“" },
	{ "„", "”" }, { "«", "»" }, { "\"", "\"" },
};

/* One agreement's name and what the parser should make of it. */
struct agreement {
	struct buf	 name;		/* as it must come out: plain spaces */
	const char	*kind;
	const char	*partner;
	const char	*iso;
	const char	*open, *close;
};

static int
name_used(struct gen *g, const char *name)
{
	size_t	i;

	for (i = 0; i < g->nnames; i++)
		if (strcmp(g->names[i], name) == 0)
			return 1;
	return 0;
}

/*
 * Begin an agreement's name with its parties in one of the forms the
 * reports use; 1 when the form is a whole name (the readmission protocols).
 */
static int
put_parties(struct gen *g, struct agreement *a, const struct partner *p,
    int form)
{
	struct buf	*b = &a->name;

	switch (form) {
	case 0:
	case 1:
		bprintf(b, "Azərbaycan Respublikası Hökuməti ilə %s Hökuməti "
		    "arasında ", p->name);
		break;
	case 2:
		bprintf(b, "Azərbaycan Respublikası Hökuməti və %s Hökuməti "
		    "arasında ", p->name);
		break;
	case 3:
		bprintf(b, "Azərbaycan Respublikası ilə %s arasında ",
		    p->name);
		break;
	case 4:
		bprintf(b, "Azərbaycan Respublikası və %s arasında ", p->name);
		break;
	case 5:		/* a body of the state stands for it */
		bprintf(b, "Azərbaycan Respublikasının %s ilə ",
		    g->agency->name);
		genitive(b, p->name);
		bprintf(b, " %s arasında ", PICK(&g->r, state_bodies));
		break;
	case 6:
		bprintf(b, "Azərbaycan Respublikasının %s ilə %s %s arasında ",
		    g->agency->name, p->name, PICK(&g->r, state_bodies));
		break;
	case 7:		/* an implementing protocol quoting a Saziş */
		bprintf(b, "Azərbaycan Respublikası Hökuməti ilə %s Hökuməti "
		    "arasında Avropa İttifaqı ilə Azərbaycan Respublikası "
		    "arasında icazəsiz yaşayan şəxslərin readmissiyasına dair "
		    "Saziş%sin həyata keçirilməsi üzrə İcra Protokolu",
		    p->name, a->close);
		a->kind = "protokol";
		return 1;
	case 8:		/* one naming a Saziş inflected, unquoted */
		bprintf(b, "Azərbaycan Respublikası Hökuməti ilə %s Hökuməti "
		    "arasında Azərbaycan Respublikası ilə Avropa İttifaqı "
		    "arasında icazəsiz yaşayan şəxslərin readmissiyası haqqında "
		    "Sazişin həyata keçirilməsi üzrə İcra Protokolu", p->name);
		a->kind = "protokol";
		return 1;
	default:	/* an organisation */
		if (chance(&g->r, 50))
			bprintf(b, "Azərbaycan Respublikasının %s ilə %s "
			    "arasında ", g->agency->name, p->name);
		else
			bprintf(b, "Azərbaycan Respublikası Hökuməti ilə %s "
			    "arasında ", p->name);
		break;
	}
	return 0;
}

/* End an agreement's name with its subject, which gives its kind. */
static void
put_subject(struct gen *g, struct agreement *a)
{
	struct buf	*b = &a->name;
	const char	*topic = PICK(&g->r, topics);
	const char	*field = PICK(&g->r, fields);

	switch (below(&g->r, 10)) {
	case 9:
		bprintf(b, "%s sahəsində əməkdaşlıq Müqaviləsi", field);
		a->kind = "müqavilə";
		break;
	case 0:
	case 1:
		bprintf(b, "%s haqqında Saziş", topic);
		a->kind = "saziş";
		break;
	case 2:
		bprintf(b, "%s sahəsində əməkdaşlıq Sazişi", field);
		a->kind = "saziş";
		break;
	case 3:
		bprintf(b, "%s barədə Saziş", topic);
		a->kind = "saziş";
		break;
	case 4:
		bprintf(b, "%s haqqında Müqavilə", topic);
		a->kind = "müqavilə";
		break;
	case 5:
		bprintf(b, "%s sahəsində əməkdaşlıq haqqında Müqavilə",
		    field);
		a->kind = "müqavilə";
		break;
	case 6:
		bprintf(b, "%s haqqında Protokol", topic);
		a->kind = "protokol";
		break;
	case 7:
		bprintf(b, "%s sahəsində əməkdaşlığa dair Anlaşma "
		    "Memorandumu", field);
		a->kind = "memorandum";
		break;
	default:
		bprintf(b, "%s sahəsində əməkdaşlıq haqqında Memorandum",
		    field);
		a->kind = "memorandum";
		break;
	}
}

/* Make up a new agreement name with a partner, not used before if it can. */
static void
make_agreement(struct gen *g, struct agreement *a)
{
	const struct partner	*p;
	int			 form, tries = 0;
	const char *const	*q;

	q = quote_pairs[below(&g->r, NELEM(quote_pairs))];
	a->open = q[0];
	a->close = q[1];
	do {
		breset(&a->name);
		if (chance(&g->r, 15)) {
			p = &g->pt->groups[below(&g->r,
			    (uint32_t)g->pt->ngroups)];
			form = 100;
		} else {
			p = &g->pt->states[below(&g->r,
			    (uint32_t)g->pt->nstates)];
			/* Forms 0-6 mostly; the readmission protocols now
			 * and then. */
			form = (int)below(&g->r, 16);
			form = form < 14 ? form / 2 : form - 7;
		}
		a->partner = p->name;
		a->iso = p->iso;
		if (!put_parties(g, a, p, form))
			put_subject(g, a);
	} while (name_used(g, a->name.p) && ++tries < 20);
	g->names = xrealloc(g->names, (g->nnames + 1) * sizeof *g->names);
	g->names[g->nnames++] = xstrdup(a->name.p);
}

/* Agreements in an agency's pool (--history). */
#define POOL	24

/*
 * The next agreement of the agency's pool and the stage it has reached by
 * the report's year.  Its name and its walk up the stages each come from
 * a generator of their own, seeded by the agency and the slot, so that
 * every report of the agency names it alike and finds it where the walk
 * is that year: a step up two years in five, a step back one in twenty.
 */
static enum stage
pool_agreement(struct gen *g, struct agreement *a)
{
	struct history	*h = g->history;
	struct rng	 saved = g->r, walk;
	unsigned	 slot = h->next++ % POOL;
	int		 stage, y;

	g->r.s = h->seed ^ (0x9e3779b97f4a7c15ULL * (h->agency + 1)) ^
	    (0xbf58476d1ce4e5b9ULL * (slot + 1));
	make_agreement(g, a);
	walk.s = g->r.s ^ 0x94d049bb133111ebULL;
	g->r = saved;
	stage = (int)below(&walk, 4);
	for (y = HISTORY_FIRST_YEAR; y < g->year; y++) {
		if (chance(&walk, 40) && stage < IN_FORCE)
			stage++;
		else if (chance(&walk, 5) && stage > DRAFTING)
			stage--;
	}
	return (enum stage)stage;
}

/* Write the quoted name into the text, maybe with an NBSP or two spaces. */
static void
put_name(struct gen *g, struct buf *b, const struct agreement *a)
{
	bput(b, a->open);
	put_noisy(g, b, a->name.p);
	bput(b, a->close);
}

/* Record what the parser must find for an agreement. */
static void
expect_agreement(struct gen *g, const struct agreement *a, enum stage st,
    const struct date *d, const char *measure)
{
	cJSON	*o = cJSON_CreateObject();
	char	 iso[11];

	cJSON_AddStringToObject(o, "name", a->name.p);
	cJSON_AddStringToObject(o, "kind", a->kind);
	cJSON_AddStringToObject(o, "partner", a->partner);
	if (a->iso != NULL)
		cJSON_AddStringToObject(o, "partner_iso", a->iso);
	else
		cJSON_AddNullToObject(o, "partner_iso");
	cJSON_AddStringToObject(o, "stage", stage_names[st]);
	date_iso(iso, d);
	if (iso[0] != '\0')
		cJSON_AddStringToObject(o, "date", iso);
	else
		cJSON_AddNullToObject(o, "date");
	cJSON_AddStringToObject(o, "measure", measure);
	cJSON_AddItemToArray(g->agreements, o);
}

/* When the event is dated, draw its day in year y and write it and a space. */
static void
put_event_date(struct gen *g, struct buf *b, int dated, int y,
    enum date_form f, struct date *d)
{
	if (!dated)
		return;
	*d = random_date(&g->r, y, 1, 12);
	put_date(b, &g->r, d, f);
	bput(b, " ");
}

/*
 * The writers of an agreement's paragraph, one per stage.  Each holds the
 * cues of its stage and of earlier stages only, and sets *d to the date it
 * writes for the stage's own event, the one expected; dated says whether a
 * template that may leave the event undated dates it.  The draws of the
 * PRNG follow the text, so the same seed gives the same bytes.
 */
struct stage_text {
	struct gen		*g;
	struct buf		*b;
	const struct agreement	*a;
	int			 dated;
	int			 y;	/* the report's year */
	struct date		*d;
};

static void
put_drafting(const struct stage_text *t)
{
	struct gen	*g = t->g;
	struct buf	*b = t->b;

	switch (below(&g->r, 3)) {
	case 0:
		put_name(g, b, t->a);
		bput(b, " layihəsi hazırlanmışdır.");
		break;
	case 1:
		put_name(g, b, t->a);
		bput(b, " layihəsi hazırlanaraq ");
		put_event_date(g, b, t->dated, t->y, DF_IL_DAY_MONTH, t->d);
		bput(b, "Azərbaycan Respublikasının Xarici İşlər "
		    "Nazirliyinə göndərilmişdir.");
		break;
	default:
		bput(b, "Bundan əlavə, ");
		put_name(g, b, t->a);
		bput(b, " layihəsi qarşı tərəfin rəy və təklifləri "
		    "nəzərə alınmaqla yenidən işlənilmiş və qarşı "
		    "tərəfə təqdim edilməsi üçün Azərbaycan "
		    "Respublikasının Xarici İşlər Nazirliyinə təqdim "
		    "edilmişdir.");
		break;
	}
}

static void
put_submitted(const struct stage_text *t)
{
	struct gen	*g = t->g;
	struct buf	*b = t->b;

	switch (below(&g->r, 3)) {
	case 0:
		put_name(g, b, t->a);
		bput(b, " layihəsi hazırlanmış və Azərbaycan "
		    "Respublikası Xarici İşlər Nazirliyi vasitəsilə "
		    "qarşı tərəfə təqdim olunmuşdur.");
		break;
	case 1:
		put_name(g, b, t->a);
		bput(b, " layihəsi ");
		put_event_date(g, b, t->dated, t->y, DF_ILIN_MONTH, t->d);
		bprintf(b, "%s tərəfinə təqdim edilmişdir.", t->a->partner);
		break;
	default:
		put_name(g, b, t->a);
		bput(b, " layihəsi ");
		put_event_date(g, b, t->dated, t->y, DF_DAY_MONTH_YEAR, t->d);
		bput(b, "diplomatik kanallar vasitəsilə qarşı tərəfə "
		    "göndərilmişdir. Sənədin tezliklə imzalanması "
		    "istiqamətində işlər aparılır.");
		break;
	}
}

static void
put_under_review(const struct stage_text *t)
{
	struct gen	*g = t->g;
	struct buf	*b = t->b;
	struct date	 sent;

	if (chance(&g->r, 50)) {
		put_name(g, b, t->a);
		bput(b, " layihəsi qarşı tərəfin aidiyyəti dövlət "
		    "qurumlarında baxılmaqdadır.");
		return;
	}
	/* The stage in the next sentence, undated. */
	sent = random_date(&g->r, t->y, 1, 12);
	put_name(g, b, t->a);
	bput(b, " layihəsi ");
	put_date(b, &g->r, &sent, DF_IL_DAY_MONTH);
	bput(b, " qarşı tərəfə təqdim olunmuşdur. Hazırda "
	    "layihəyə qarşı tərəfdə baxılmaqdadır.");
}

/* Two meetings: the later one counts. */
static void
put_two_meetings(const struct stage_text *t)
{
	struct gen	*g = t->g;
	struct buf	*b = t->b;
	struct date	 d1, d2;

	d1 = random_date(&g->r, t->y, 1, 12);
	d2 = random_date(&g->r, t->y, 1, 12);
	put_name(g, b, t->a);
	bput(b, " layihəsinin qarşılıqlı olaraq ilkin müzakirəsi ");
	put_date(b, &g->r, &d1, DF_RANGE);
	bprintf(b, " %s şəhərində, digəri isə ", PICK(&g->r, cities));
	put_date(b, &g->r, &d2, DF_RANGE);
	bput(b, " Bakı şəhərində keçirilmişdir. Layihənin bir maddəsi "
	    "istisna olmaqla, digərləri üzrə razılıq əldə olunmuşdur.");
	*t->d = date_cmp(&d1, &d2) >= 0 ? d1 : d2;
}

static void
put_negotiating(const struct stage_text *t)
{
	struct gen	*g = t->g;
	struct buf	*b = t->b;

	switch (below(&g->r, 4)) {
	case 0:
		put_name(g, b, t->a);
		bput(b, " layihəsinin ");
		put_event_date(g, b, t->dated, t->y, DF_RANGE, t->d);
		bput(b, "ekspertlər səviyyəsində növbəti dəfə "
		    "müzakirəsi aparılmış və layihənin bir çox "
		    "bəndləri razılaşdırılmışdır.");
		break;
	case 1:
		put_name(g, b, t->a);
		bput(b, " layihəsi üzrə danışıqlar aparılır.");
		break;
	case 2:
		put_two_meetings(t);
		break;
	default:
		put_name(g, b, t->a);
		bput(b, " layihəsinin ");
		if (t->dated) {
			*t->d = random_date(&g->r, t->y, 1, 12);
			put_date(b, &g->r, t->d, DF_RANGE);
			bprintf(b, " %s şəhərində ", PICK(&g->r, cities));
		}
		bput(b, "növbəti dəfə müzakirəsi zamanı bir neçə "
		    "maddədə dəyişiklik edilməsi razılaşdırılmışdır.");
		break;
	}
}

static void
put_signing(const struct stage_text *t)
{
	struct gen	*g = t->g;
	struct buf	*b = t->b;

	switch (below(&g->r, 3)) {
	case 0:
		put_name(g, b, t->a);
		bput(b, " layihəsi imzalanma mərhələsindədir.");
		break;
	case 1:
		put_name(g, b, t->a);
		bput(b, " layihəsi üzrə danışıqlar başa çatmışdır.");
		break;
	default:
		put_name(g, b, t->a);
		bput(b, " layihəsi ");
		put_event_date(g, b, t->dated, t->y, DF_IL_DAY_MONTH, t->d);
		bput(b, "paraflanmışdır.");
		break;
	}
}

static void
put_signed(const struct stage_text *t)
{
	struct gen	*g = t->g;
	struct buf	*b = t->b;

	*t->d = random_date(&g->r, t->y, 1, 12);
	switch (below(&g->r, 4)) {
	case 3:		/* the participle before the name */
		bput(b, "Bundan əlavə, ");
		put_date(b, &g->r, t->d, DF_IL_DAY_MONTH);
		bput(b, " imzalanmış ");
		put_name(g, b, t->a);
		bput(b, " üzrə birgə işçi qrup yaradılmışdır.");
		break;
	case 0:
		put_name(g, b, t->a);
		bput(b, " ");
		put_date(b, &g->r, t->d, chance(&g->r, 50) ?
		    DF_ILIN_MONTH : DF_IL_DAY_MONTH);
		bput(b, " imzalanmışdır.");
		break;
	case 1:
		put_name(g, b, t->a);
		bput(b, " ");
		put_date(b, &g->r, t->d, DF_DAY_MONTH_YEAR);
		bprintf(b, " %s şəhərində tərəflərin rəhbərləri "
		    "tərəfindən imzalanmışdır.", PICK(&g->r, cities));
		break;
	default:	/* a lower stage first, then the signature */
		put_name(g, b, t->a);
		bput(b, " layihəsi üzrə danışıqlar başa çatmışdır. Sənəd ");
		put_date(b, &g->r, t->d, DF_IL_DAY_MONTH);
		bput(b, " imzalanmışdır.");
		break;
	}
}

static void
put_ratified(const struct stage_text *t)
{
	struct gen	*g = t->g;
	struct buf	*b = t->b;
	struct date	 signed_on;

	*t->d = random_date(&g->r, t->y, 1, 12);
	signed_on = random_date(&g->r, t->y - 1, 1, 12);
	switch (below(&g->r, 4)) {
	case 0:		/* signed earlier, said before the name */
		bput(b, "Bundan əlavə, ");
		put_date(b, &g->r, &signed_on, DF_DAY_MONTH_YEAR);
		bput(b, " imzalanmış ");
		put_name(g, b, t->a);
		bput(b, " Milli Məclis tərəfindən ");
		put_date(b, &g->r, t->d, DF_IL_DAY_MONTH);
		bput(b, " ratifikasiya edilmişdir.");
		break;
	case 1:
	case 2:		/* signed earlier: that is not its date */
		put_name(g, b, t->a);
		bput(b, " ");
		put_date(b, &g->r, &signed_on, DF_DAY_MONTH_YEAR);
		bput(b, " imzalanmış və Azərbaycan Respublikasının Milli "
		    "Məclisi tərəfindən ");
		put_date(b, &g->r, t->d, DF_ILIN_MONTH);
		bput(b, " ratifikasiya edilmişdir.");
		break;
	default:
		put_name(g, b, t->a);
		bput(b, " ");
		put_date(b, &g->r, t->d, DF_IL_DAY_MONTH);
		bput(b, " ratifikasiya olunmuşdur.");
		break;
	}
}

static void
put_in_force(const struct stage_text *t)
{
	struct gen	*g = t->g;
	struct buf	*b = t->b;
	struct date	 signed_on, ratified_on;

	*t->d = random_date(&g->r, t->y, 7, 12);
	put_name(g, b, t->a);
	bput(b, " ");
	if (chance(&g->r, 50)) {
		signed_on = random_date(&g->r, t->y - 1, 1, 12);
		ratified_on = random_date(&g->r, t->y, 1, 6);
		put_date(b, &g->r, &signed_on, DF_IL_DAY_MONTH);
		bput(b, " imzalanmış, ");
		put_date(b, &g->r, &ratified_on, DF_ILIN_MONTH);
		bput(b, " ratifikasiya edilmiş və ");
	}
	put_date(b, &g->r, t->d, DF_FROM);
	bput(b, " qüvvəyə minmişdir.");
}

static void (*const stage_writers[NSTAGES])(const struct stage_text *) = {
	[DRAFTING] = put_drafting,
	[SUBMITTED] = put_submitted,
	[UNDER_REVIEW] = put_under_review,
	[NEGOTIATING] = put_negotiating,
	[SIGNING] = put_signing,
	[SIGNED] = put_signed,
	[RATIFIED] = put_ratified,
	[IN_FORCE] = put_in_force,
};

/*
 * Write one agreement's paragraph text at a stage drawn at random, in one
 * of the ways the reports say it, and record what it says.  A participle
 * before the name ("... tarixində imzalanmış “N”") stages N (DOMAIN.md),
 * also after another agreement in the same paragraph.
 */
void
put_agreement(struct gen *g, struct buf *b, const char *measure)
{
	struct agreement	 a;
	enum stage		 st = (enum stage)below(&g->r, NSTAGES);
	struct date		 d = { 0, 0, 0 };
	struct stage_text	 t = { g, b, &a, 0, g->year, &d };

	t.dated = chance(&g->r, 60);
	memset(&a, 0, sizeof a);
	if (g->history != NULL)
		st = pool_agreement(g, &a);
	else
		make_agreement(g, &a);
	stage_writers[st](&t);
	expect_agreement(g, &a, st, &d, measure);
	free(a.name.p);
}

/* Two names sharing one verb after the second. */
void
put_joined_agreements(struct gen *g, struct buf *b, const char *measure)
{
	struct agreement	a1, a2;
	struct date		d = { 0, 0, 0 };
	enum stage		st;

	memset(&a1, 0, sizeof a1);
	memset(&a2, 0, sizeof a2);
	make_agreement(g, &a1);
	make_agreement(g, &a2);
	if (chance(&g->r, 50)) {
		st = NEGOTIATING;
		put_name(g, b, &a1);
		bput(b, " layihəsinin, habelə ");
		put_name(g, b, &a2);
		bput(b, " layihəsinin imzalanması istiqamətində danışıqlar "
		    "aparılır.");
	} else {
		st = SIGNED;
		d = random_date(&g->r, g->year, 1, 12);
		put_name(g, b, &a1);
		bput(b, " və ");
		put_name(g, b, &a2);
		bput(b, " ");
		put_date(b, &g->r, &d, DF_IL_DAY_MONTH);
		bprintf(b, " %s şəhərində imzalanmışdır.", PICK(&g->r, cities));
	}
	expect_agreement(g, &a1, st, &d, measure);
	expect_agreement(g, &a2, st, &d, measure);
	free(a1.name.p);
	free(a2.name.p);
}

/* A quoted agreement, or a convention, named with no stage: a mention. */
void
put_mention(struct gen *g, struct buf *b)
{
	struct agreement	a;

	if (chance(&g->r, 50)) {
		const char *const *q = quote_pairs[below(&g->r,
		    NELEM(quote_pairs))];

		const char *const *m = convention_mentions[below(&g->r,
		    NELEM(convention_mentions))];

		bprintf(b, "%s%s%s%s", q[0], m[0], q[1], m[1]);
		return;
	}
	memset(&a, 0, sizeof a);
	make_agreement(g, &a);
	put_name(g, b, &a);
	bput(b, "in müddəalarına uyğun olaraq ekspertlər arasında təcrübə "
	    "mübadiləsi aparılır.");
	free(a.name.p);
}
