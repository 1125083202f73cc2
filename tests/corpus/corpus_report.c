/* A made-up report: the words it is made of, and its text and manifest. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "corpus.h"

/* -------------------------------------------------------------- the words */

/* Real reporting bodies of the Programme. */
static const struct agency agencies[] = {
	{ "Dövlət Miqrasiya Xidməti", "dmx", 60 },
	{ "Daxili İşlər Nazirliyi", "dim", 40 },
	{ "Ədliyyə Nazirliyi", "adliyye", 45 },
	{ "Xarici İşlər Nazirliyi", "xin", 80 },
	{ "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi", "emsmn", 35 },
	{ "Təhsil Nazirliyi", "tn", 25 },
	{ "Səhiyyə Nazirliyi", "sn", 25 },
	{ "Mədəniyyət və Turizm Nazirliyi", "mtn", 25 },
	{ "Gənclər və İdman Nazirliyi", "gin", 20 },
	{ "Müdafiə Nazirliyi", "mn", 15 },
	{ "Fövqəladə Hallar Nazirliyi", "fhn", 30 },
	{ "Vergilər Nazirliyi", "vn", 20 },
	{ "İqtisadiyyat Nazirliyi", "in", 35 },
	{ "Maliyyə Nazirliyi", "maliyye", 20 },
	{ "Dövlət Sərhəd Xidməti", "dsx", 40 },
	{ "Dövlət Gömrük Komitəsi", "dgk", 40 },
	{ "Ailə, Qadın və Uşaq Problemləri üzrə Dövlət Komitəsi", "aqupdk", 20 },
	{ "Qaçqınların və Məcburi Köçkünlərin İşləri üzrə Dövlət Komitəsi",
	    "qmkdk", 25 },
	{ "Dini Qurumlarla İş üzrə Dövlət Komitəsi", "dqidk", 15 },
	{ "Dövlət Statistika Komitəsi", "dsk", 20 },
	{ "Rabitə və Yüksək Texnologiyalar Nazirliyi", "rytn", 25 },
	{ "Ekologiya və Təbii Sərvətlər Nazirliyi", "etsn", 25 },
};

/* Words between the Programme's name and the body, before "tərəfindən". */
static const char *const title_heads[] = {
	"”nın müvafiq bəndlərinin icrasını təmin etmək məqsədilə",
	"”nın icrası ilə bağlı",
	"”nın icrası ilə əlaqədar",
};

static const char *const ordinals[] = {
	"Birinci", "İkinci", "Üçüncü", "Dördüncü", "Beşinci", "Altıncı",
	"Yeddinci", "Səkkizinci", "Doqquzuncu", "Onuncu"
};

static const char *const chapter_titles[] = {
	"Normativ-hüquqi bazanın təkmilləşdirilməsi",
	"Əhalinin müxtəlif qruplarının hüquqlarının müdafiəsi",
	"Hüquq-mühafizə orqanlarının fəaliyyətinin təkmilləşdirilməsi",
	"Məhkəmə hakimiyyətinin müstəqilliyinin və səmərəliliyinin artırılması",
	"Sosial-iqtisadi hüquqların təmin edilməsi",
	"İnsan hüquqları sahəsində maarifləndirmə",
	"Beynəlxalq əməkdaşlığın genişləndirilməsi",
	"Vətəndaş cəmiyyəti ilə əməkdaşlıq",
	"İnformasiya əldə etmək hüququnun təmin edilməsi",
	"Proqramın icrasına nəzarət və monitorinq",
};

static const char *const chapter_intros[] = {
	"Bu fəsildə əhalinin müxtəlif qruplarının, o cümlədən zəif hesab "
	    "olunan qrupların insan hüquqları və azadlıqlarının daha səmərəli "
	    "qaydada təmin edilməsi məqsədilə fəaliyyət istiqamətləri müəyyən "
	    "olunur.",
	"Fəsildə nəzərdə tutulan istiqamətlər üzrə dövlət orqanlarının "
	    "fəaliyyətinin əlaqələndirilməsi və hesabatlılığın artırılması "
	    "əsas vəzifələrdən biridir.",
};

static const char *const measure_titles[] = {
	"Azərbaycan Respublikası qanunları layihələrinin hazırlanması zamanı "
	    "insan hüquq və azadlıqlarının əsas meyar kimi rəhbər tutulması.",
	"Azərbaycan Respublikasının tərəfdar çıxdığı beynəlxalq müqavilələrdən "
	    "irəli gələn öhdəliklərin həyata keçirilməsi.",
	"Xarici ölkələrdə Azərbaycan Respublikası vətəndaşlarının hüquqlarının "
	    "müdafiəsini tənzimləyən müqavilə-hüquq bazasının genişləndirilməsi.",
	"Qaçqın və məcburi köçkünlərin sosial müdafiəsinin gücləndirilməsi.",
	"Əlilliyi olan şəxslərin hüquqlarının müdafiəsi sahəsində "
	    "qanunvericiliyin təkmilləşdirilməsi.",
	"Uşaq hüquqlarının müdafiəsi mexanizmlərinin təkmilləşdirilməsi.",
	"Qadınlara qarşı zorakılığın qarşısının alınması işinin "
	    "gücləndirilməsi.",
	"İnsan alverinə qarşı mübarizə sahəsində beynəlxalq əməkdaşlığın "
	    "genişləndirilməsi.",
	"Saxlama yerlərində saxlanılan şəxslərin hüquqlarının təmin edilməsi "
	    "məqsədilə müvəqqəti saxlama təcridxanalarının müasir standartlara "
	    "uyğun yenidən qurulması.",
	"Polis əməkdaşlarının insan hüquqları sahəsində peşə hazırlığının "
	    "artırılması üçün tədris proqramlarının təkmilləşdirilməsi.",
	"Vətəndaşların müraciətlərinə baxılmasının şəffaflığının artırılması.",
	"Məhkəmə qərarlarının icrası mexanizminin təkmilləşdirilməsi.",
	"Əmək miqrantlarının və onların ailə üzvlərinin hüquqlarının "
	    "müdafiəsinin gücləndirilməsi.",
	"İnsan hüquqları sahəsində ixtisaslaşmış beynəlxalq təşkilatlarla "
	    "əməkdaşlığın genişləndirilməsi.",
	"Ümumtəhsil məktəblərində insan hüquqları üzrə tədris materiallarının "
	    "hazırlanması.",
	"Elektron xidmətlərin genişləndirilməsi və vətəndaşların məlumat əldə "
	    "etmək hüququnun təmin edilməsi.",
	"Ahıl vətəndaşların sosial xidmətlərə çıxışının yaxşılaşdırılması.",
	"Hərbi qulluqçuların hüquqlarının müdafiəsi sahəsində normativ hüquqi "
	    "bazanın təkmilləşdirilməsi.",
	"Dini etiqad azadlığının təmin edilməsi sahəsində maarifləndirmə "
	    "işinin gücləndirilməsi.",
	"Sağlam ətraf mühitdə yaşamaq hüququnun təmin edilməsi üçün ekoloji "
	    "monitorinq sisteminin təkmilləşdirilməsi.",
	"Gənclərin hüquqlarının müdafiəsi sahəsində dövlət proqramlarının "
	    "hazırlanması.",
	"Tibbi yardımın keyfiyyətinin və əlçatanlığının artırılması.",
	"Sığınacaq axtaran şəxslərin və qaçqınların statusunun "
	    "müəyyənləşdirilməsi prosedurunun təkmilləşdirilməsi.",
	"Vergi ödəyicilərinin hüquqlarının müdafiəsi mexanizmlərinin "
	    "təkmilləşdirilməsi.",
	"Mədəni irsin qorunması və mədəni həyatda iştirak hüququnun təmin "
	    "edilməsi.",
	"Ermənistanın Azərbaycana qarşı təcavüzü nəticəsində qaçqın və məcburi "
	    "köçkün düşmüş şəxslərin hüquqlarının kütləvi şəkildə pozulması "
	    "faktının dünya ictimaiyyətinə çatdırılması",
};

static const char *const descriptions[] = {
	"Bu məqsədlə xarici ölkələrdə yaşayan Azərbaycan Respublikası "
	    "vətəndaşlarının hüquqlarının təmin olunmasına dair müvafiq "
	    "dövlətlərlə və onların səlahiyyətli orqanları ilə müqavilələr "
	    "bağlanılmalıdır.",
	"Göstərilən öhdəliklərin yerinə yetirilməsi zamanı tövsiyələrin "
	    "ətraflı təhlili, görüləcək işlərin və onların icrasına məsuliyyətli "
	    "dövlət qurumlarının müəyyən edilməsi zəruridir.",
	"Azərbaycan Respublikası hər bir vətəndaşının olduğu yerdən asılı "
	    "olmayaraq, insan hüquq və azadlıqlarının təmin edilməsi üçün zəruri "
	    "işləri həyata keçirir.",
	"Bu işə həmçinin insan hüquqlarının müdafiəsi sahəsində fəaliyyət "
	    "göstərən yerli qeyri-hökumət təşkilatları cəlb edilir.",
	"Bu sahədə beynəlxalq təcrübənin öyrənilməsi və milli qanunvericiliyə "
	    "tətbiqi nəzərdə tutulur.",
};

/*
 * Executing bodies; prefix says whether the cell may carry the
 * "Azərbaycan Respublikası(nın)" noise before it.
 */
struct body {
	const char	*name;
	int		 prefix;
};

static const struct body bodies[] = {
	{ "Nazirlər Kabineti", 1 },
	{ "Ədliyyə Nazirliyi", 1 },
	{ "Daxili İşlər Nazirliyi", 1 },
	{ "Xarici İşlər Nazirliyi", 1 },
	{ "Təhsil Nazirliyi", 1 },
	{ "Səhiyyə Nazirliyi", 1 },
	{ "Dövlət Miqrasiya Xidməti", 1 },
	{ "Dövlət Sərhəd Xidməti", 1 },
	{ "Baş Prokurorluğu", 1 },
	{ "Ali Məhkəməsi", 1 },
	{ "Milli Elmlər Akademiyası", 0 },
	{ "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi", 1 },
	{ "Azərbaycan Həmkarlar İttifaqları Konfederasiyası", 0 },
	{ "Dövlət Statistika Komitəsi", 1 },
	{ "Mədəniyyət və Turizm Nazirliyi", 1 },
	{ "Yerli icra hakimiyyətləri", 0 },
};

/*
 * Narrative with no status cue, no stage cue, no quote mark: it can stand in
 * any measure without changing what the measure says.
 */
static const char *const filler[] = {
	"Hesabat dövründə bu istiqamətdə aidiyyəti dövlət orqanları ilə birgə "
	    "bir sıra işlər görülmüşdür.",
	"Azərbaycan Respublikası Konstitusiyasının 12-ci maddəsində müəyyən "
	    "edilmişdir ki, insan və vətəndaş hüquq və azadlıqlarının təmin "
	    "edilməsi dövlətin ali məqsədidir.",
	"Xidmət əməkdaşları beynəlxalq təşkilatların keçirdiyi seminar və "
	    "təlimlərdə iştirak etmişlər.",
	"Mövzu ilə bağlı regionlarda maarifləndirici görüşlər təşkil "
	    "olunmuşdur.",
	"İl ərzində vətəndaşlardan daxil olmuş 1200-dən çox müraciətə "
	    "baxılmış və onlara qanunvericiliyə uyğun cavab verilmişdir.",
	"Bu sahədə qabaqcıl xarici təcrübə öyrənilmiş və müvafiq təkliflər "
	    "verilmişdir.",
	"Kütləvi informasiya vasitələrində mövzu ilə bağlı 35 çıxış və "
	    "müsahibə yayımlanmışdır.",
	"Qeyri-hökumət təşkilatlarının nümayəndələri ilə mütəmadi görüşlər "
	    "təşkil edilmişdir.",
	"Əhalinin hüquqi maarifləndirilməsi məqsədilə broşür və bukletlər nəşr "
	    "olunaraq yayılmışdır.",
	"Rəsmi internet saytında müvafiq bölmə yaradılmış və orada məlumatlar "
	    "mütəmadi yenilənir.",
	"Regionlarda yaşayan vətəndaşların səyyar qəbulu təşkil edilmişdir.",
	"Əməkdaşların peşə hazırlığının artırılması üçün 14 təlim kursu təşkil "
	    "olunmuşdur.",
	"Müvafiq normativ hüquqi aktların layihələri aidiyyəti dövlət "
	    "orqanlarının rəyləri nəzərə alınmaqla yekunlaşdırılmışdır.",
	"Bununla yanaşı, elektron xidmətlərin sayı artırılmış və onların "
	    "göstərilməsi sadələşdirilmişdir.",
	"Beynəlxalq təşkilatların ekspertləri ilə birgə qanunvericiliyin "
	    "təhlili aparılmışdır.",
	"Hesabat ilində bu sahədə 8 yoxlama keçirilmiş, aşkar edilmiş "
	    "nöqsanların aradan qaldırılması üçün tədbirlər görülmüşdür.",
	"Ölkə ərazisində yaşayan əcnəbilərin və vətəndaşlığı olmayan "
	    "şəxslərin hüquqlarının təmin edilməsinə xüsusi diqqət "
	    "yetirilmişdir.",
	"Bu barədə məlumatlar mütəmadi olaraq Nazirlər Kabinetinə göndərilir.",
	"Təhsil müəssisələrində şagird və tələbələr üçün insan hüquqlarına "
	    "dair açıq dərslər təşkil olunmuşdur.",
	"Sosial müdafiə sisteminin ünvanlılığının artırılması üçün vahid "
	    "elektron məlumat bazası yaradılmışdır.",
	"Bundan əlavə, BMT-nin ixtisaslaşmış qurumları ilə birgə 3 dəyirmi "
	    "masa təşkil olunmuşdur.",
	"Görüşlərdə iştirakçıların sualları cavablandırılmış, onların "
	    "təklifləri ümumiləşdirilmişdir.",
};

/* A quoted name that is no agreement: a convention only reported on. */

/* Sentences that complete a measure with a fixed or other deadline. */
static const char *const completion[] = {
	"Bununla da tədbir tam icra olunmuşdur.",
	"Nəzərdə tutulan tikinti və təmir işləri başa çatdırılmışdır.",
	"Tədbir icra edilmişdir.",
	"Proqramın bu bəndi üzrə işlər tam icra olunmuşdur.",
	"Hesabat ilinin sonunda bütün mərhələlər başa çatdırılmışdır.",
};

static const char *const progress[] = {
	"Hazırda bu istiqamətdə işlər davam etdirilir.",
	"Qanunvericiliyin təkmilləşdirilməsi istiqamətində işlər davam "
	    "etdirilir.",
	"Yeni tədris proqramının təsdiq edilməsi istiqamətində icra davam "
	    "etdirilir.",
};

static const char *const other_deadlines[] = {
	"Hesabat dövründə",
	"Proqramın icrası müddətində",
	"Vəsait ayrıldıqca",
};

static const char *const until_tails[] = {
	"ilin sonunadək", "ilin II yarısı", "ilin I rübü",
};

/* Topics an agreement is "about": "<topic> haqqında Saziş". */

/* ----------------------------------------------------------------- report */

static void
put_filler_paragraph(struct gen *g, struct buf *b)
{
	int	n = between(&g->r, 1, 4), i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			bput(b, " ");
		put_noisy(g, b, PICK(&g->r, filler));
	}
}

enum dl_kind { DL_REGULAR, DL_YEAR, DL_RANGE, DL_UNTIL, DL_OTHER };

static const char *const dl_names[] = {
	"regular", "year", "range", "until", "other"
};

struct deadline {
	enum dl_kind	 kind;
	int		 start, end;
	struct buf	 text;
};

static void
make_deadline(struct gen *g, struct deadline *d)
{
	int	hi = g->year + 2 > 2021 ? 2021 : g->year + 2;

	breset(&d->text);
	d->start = d->end = 0;
	switch (below(&g->r, 10)) {
	case 0:
	case 1:
	case 2:
		d->kind = DL_REGULAR;
		bput(&d->text, "Mütəmadi");
		break;
	case 3:
	case 4:
		d->kind = DL_YEAR;
		d->start = d->end = between(&g->r, 2012, hi);
		bprintf(&d->text, "%d-%s il", d->end,
		    ordinal_suffix(d->end));
		break;
	case 5:
	case 6:
		d->kind = DL_RANGE;
		d->end = between(&g->r, 2013, hi);
		d->start = between(&g->r, 2012, d->end - 1);
		bprintf(&d->text, "%d-%d-%s illər", d->start, d->end,
		    ordinal_suffix(d->end));
		break;
	case 7:
	case 8:
		d->kind = DL_UNTIL;
		d->end = between(&g->r, 2012, hi);
		bprintf(&d->text, "%d-%s %s", d->end, ordinal_suffix(d->end),
		    PICK(&g->r, until_tails));
		break;
	default:
		d->kind = DL_OTHER;
		bput(&d->text, PICK(&g->r, other_deadlines));
		break;
	}
}

/* Write the executing bodies' cell and record the names it must give. */
static void
put_executors(struct gen *g, struct buf *b, cJSON *m)
{
	cJSON		*arr = cJSON_AddArrayToObject(m, "executors");
	size_t		 used[3];
	int		 n = between(&g->r, 1, 3), i, j;
	const struct body *x;

	for (i = 0; i < n; i++) {
again:
		used[i] = below(&g->r, NELEM(bodies));
		for (j = 0; j < i; j++)
			if (used[j] == used[i])
				goto again;
		x = &bodies[used[i]];
		if (i > 0)
			bput(b, g->noisy && chance(&g->r, 20) ? "," NBSP : ", ");
		if (x->prefix && chance(&g->r, 50))
			bput(b, chance(&g->r, 50) ? "Azərbaycan Respublikasının "
			    : "Azərbaycan Respublikası ");
		bput(b, x->name);
		cJSON_AddItemToArray(arr, cJSON_CreateString(x->name));
	}
}

enum mstatus { MS_COMPLETED, MS_IN_PROGRESS, MS_ONGOING, MS_NOT_REPORTED };

static const char *const status_names[] = {
	"completed", "in_progress", "ongoing", "not_reported"
};

static void
put_header(struct gen *g, struct buf *b)
{
	bput(b, "\t\n");
	if (chance(&g->r, 20))
		bput(b, "\t№№\n");
	bput(b, "\tTədbirin adı\n\tİcra müddəti\n\tİcra orqanları\n\n");
}

/* Draw what a measure's work-done section will say. */
static enum mstatus
draw_status(struct gen *g, const struct deadline *dl)
{
	if (chance(&g->r, 12))
		return MS_NOT_REPORTED;
	if (dl->kind == DL_REGULAR)
		return MS_ONGOING;
	return chance(&g->r, 45) ? MS_COMPLETED : MS_IN_PROGRESS;
}

/* Write a measure's number, title, deadline and executors; record them. */
static void
put_measure_cells(struct gen *g, struct buf *b, const char *id,
    const struct deadline *dl, cJSON *m)
{
	const char	*title, *lead, *tail;

	if (chance(&g->r, 85))
		put_header(g, b);
	bprintf(b, "\t%s%s\n", id, chance(&g->r, 60) ? "." : "");
	title = PICK(&g->r, measure_titles);
	bprintf(b, "\t%s\n", title);
	cJSON_AddStringToObject(m, "title", title);
	if (chance(&g->r, 25)) {	/* the deadline right after the title */
		bprintf(b, "\t%s\n\n\t", dl->text.p);
		put_executors(g, b, m);
		bput(b, "\n\n\n");
		return;
	}
	bput(b, "\n");
	if (chance(&g->r, 30))
		bprintf(b, "%s\n\n", PICK(&g->r, descriptions));
	/* Drawn last first: the order of the draws the corpus was made with. */
	tail = g->noisy && chance(&g->r, 30) ? NBSP : "";
	lead = g->noisy && chance(&g->r, 30) ? " " : "";
	bprintf(b, "%s\t%s%s\n\t", lead, dl->text.p, tail);
	put_executors(g, b, m);
	bput(b, "\n\n");
}

/* Record a measure's deadline as the parser must read it. */
static void
expect_deadline(cJSON *m, const struct deadline *dl)
{
	cJSON	*d = cJSON_AddObjectToObject(m, "deadline");

	cJSON_AddStringToObject(d, "text", dl->text.p);
	cJSON_AddStringToObject(d, "kind", dl_names[dl->kind]);
	if (dl->start)
		cJSON_AddNumberToObject(d, "start", dl->start);
	else
		cJSON_AddNullToObject(d, "start");
	if (dl->end)
		cJSON_AddNumberToObject(d, "end", dl->end);
	else
		cJSON_AddNullToObject(d, "end");
}

/* A paragraph about agreements: two joined, a mention, one or two. */
static void
put_agreement_paragraph(struct gen *g, struct buf *b, const char *id)
{
	int	kind = (int)below(&g->r, 10);

	if (kind == 0)
		put_joined_agreements(g, b, id);
	else if (kind == 1)
		put_mention(g, b);
	else {
		put_agreement(g, b, id);
		/* Another in the same paragraph: each is staged by its own
		 * words. */
		if (chance(&g->r, 20)) {
			bput(b, " ");
			put_agreement(g, b, id);
		}
	}
}

enum paragraph { P_FILLER, P_AGREEMENT, P_STATUS };

/*
 * Draw the work-done paragraphs of a measure with status st: filler,
 * agreements, maybe a status sentence, in an order of their own.  Their
 * number in *n; 1 in *cue for a completion sentence, 2 for progress.
 */
static void
draw_paragraphs(struct gen *g, enum mstatus st, int has_agreements,
    enum paragraph order[16], int *n, int *cue)
{
	enum paragraph	t;
	int		paras, agreements, i, j;

	paras = between(&g->r, 1, 4);
	agreements = has_agreements ? between(&g->r, 1, 4) : 0;
	*cue = (st == MS_COMPLETED ||
	    (st == MS_ONGOING && chance(&g->r, 15))) ? 1 :
	    (st == MS_IN_PROGRESS && chance(&g->r, 60)) ? 2 : 0;
	*n = 0;
	for (i = 0; i < paras; i++)
		order[(*n)++] = P_FILLER;
	for (i = 0; i < agreements; i++)
		order[(*n)++] = P_AGREEMENT;
	if (*cue != 0)
		order[(*n)++] = P_STATUS;
	for (i = *n - 1; i > 0; i--) {
		j = (int)below(&g->r, (uint32_t)i + 1);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
}

/* Write the work-done paragraphs of a measure with status st. */
static void
put_work_done(struct gen *g, struct buf *b, const char *id,
    enum mstatus st, int has_agreements)
{
	enum paragraph	order[16];
	int		n, cue, i;

	draw_paragraphs(g, st, has_agreements, order, &n, &cue);
	for (i = 0; i < n; i++) {
		if (i == 0)
			bput(b, g->noisy && chance(&g->r, 20) ? " \t" : "\t");
		if (i == 0 && g->noisy && chance(&g->r, 30))
			bput(b, "[bookmark: _GoBack]");
		if (order[i] == P_AGREEMENT)
			put_agreement_paragraph(g, b, id);
		else if (order[i] == P_STATUS)
			put_noisy(g, b, cue == 1 ? PICK(&g->r, completion) :
			    PICK(&g->r, progress));
		else
			put_filler_paragraph(g, b);
		bput(b, g->noisy && chance(&g->r, 10) ? " \n\n" : "\n\n");
	}
}

/* Record a measure's status and whether it is overdue. */
static void
expect_outcome(struct gen *g, cJSON *m, enum mstatus st,
    const struct deadline *dl)
{
	cJSON_AddStringToObject(m, "status", status_names[st]);
	if (dl->end != 0 && dl->end < g->year && st != MS_COMPLETED) {
		cJSON_AddTrueToObject(m, "overdue");
		cJSON_AddNumberToObject(m, "overdue_years", g->year - dl->end);
	} else {
		cJSON_AddFalseToObject(m, "overdue");
		cJSON_AddNullToObject(m, "overdue_years");
	}
}

/* Write one measure: number, title, cells, work done; record it. */
static void
put_measure(struct gen *g, int chapter, int number)
{
	struct buf	*b = &g->text;
	struct deadline	 dl;
	char		 id[24];
	cJSON		*m;
	enum mstatus	 st;
	int		 has_agreements = chance(&g->r, g->agency->agreements);

	memset(&dl, 0, sizeof dl);
	snprintf(id, sizeof id, "%d.%d", chapter, number);
	make_deadline(g, &dl);
	st = draw_status(g, &dl);
	m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "id", id);
	cJSON_AddNumberToObject(m, "chapter", chapter);
	put_measure_cells(g, b, id, &dl, m);
	expect_deadline(m, &dl);
	bput(b, g->noisy && chance(&g->r, 30) ? "\tGörülmüş işlər\n\t\n" :
	    "\t\n\tGörülmüş işlər\n\n\t\n");
	if (st != MS_NOT_REPORTED)
		put_work_done(g, b, id, st, has_agreements);
	bput(b, "\n");
	expect_outcome(g, m, st, &dl);
	cJSON_AddItemToArray(g->measures, m);
	free(dl.text.p);
}

static void
put_title(struct gen *g)
{
	struct buf	*b = &g->text;
	const char	*prefix = "";

	if (chance(&g->r, 30))
		prefix = chance(&g->r, 50) ? "Azərbaycan Respublikasının " :
		    "Azərbaycan Respublikası ";
	bprintf(b, "Azərbaycan Respublikası Prezidentinin 2011-ci il 27 "
	    "dekabr tarixli 1938 nömrəli Sərəncamı ilə təsdiq edilmiş "
	    "“Azərbaycan Respublikasında insan hüquq və azadlıqlarının "
	    "müdafiəsinin səmərəliliyini artırmaq sahəsində Milli Fəaliyyət "
	    "Proqramı%s %s", PICK(&g->r, title_heads), prefix);
	put_noisy(g, b, g->agency->name);
	bprintf(b, " tərəfindən %d-%s il ərzində görülmüş işlər barədə%s\n\n"
	    "HESABAT\n\n", g->year, ordinal_suffix(g->year),
	    chance(&g->r, 50) ? " " : "");
	bput(b, "\t№№\n\tTədbirin adı\n\tİcra müddəti\n\tİcra orqanları\n\n");
}

/*
 * In a long history, report index is agency index / YEARS in the year
 * HISTORY_FIRST_YEAR + index % YEARS.  The agencies past the table's are
 * its bodies' regional offices, named after them.
 */
static void
history_report(struct gen *g, unsigned index)
{
	static struct agency	 office;
	static struct buf	 name, tag;
	struct history		*h = g->history;
	unsigned		 k = index / h->years_per_agency;
	const struct agency	*base = &agencies[k % NELEM(agencies)];

	h->agency = k;
	h->next = 0;
	g->year = HISTORY_FIRST_YEAR + (int)(index % h->years_per_agency);
	if (k < NELEM(agencies)) {
		g->agency = base;
		return;
	}
	breset(&name);
	breset(&tag);
	bprintf(&name, "%s %u saylı Regional İdarəsi", base->name,
	    k / (unsigned)NELEM(agencies));
	bprintf(&tag, "%s%u", base->tag, k / (unsigned)NELEM(agencies));
	office = *base;
	office.name = name.p;
	office.tag = tag.p;
	g->agency = &office;
}

/* Generate report number index of the corpus into g->text; describe it. */
cJSON *
gen_report(struct gen *g, uint64_t seed, unsigned index)
{
	cJSON	*rep = cJSON_CreateObject(), *chapters;
	int	 nch, ch, last = 0, i, nmeas, num;

	g->r.s = seed * 0x2545f4914f6cdd1dULL + index;
	rng_next(&g->r);
	g->agency = &agencies[below(&g->r, NELEM(agencies))];
	g->year = between(&g->r, 2012, 2020);
	if (g->history != NULL)
		history_report(g, index);
	g->noisy = chance(&g->r, 30);
	breset(&g->text);
	g->measures = cJSON_CreateArray();
	g->agreements = cJSON_CreateArray();

	cJSON_AddStringToObject(rep, "agency", g->agency->name);
	cJSON_AddNumberToObject(rep, "year", g->year);
	chapters = cJSON_AddArrayToObject(rep, "chapters");

	put_title(g);
	nch = between(&g->r, 1, 5);
	for (i = 0; i < nch; i++) {
		cJSON	*c;

		/* Chapters in order, not always consecutive. */
		ch = last + 1 + (int)below(&g->r, i == 0 ? 3 : 2);
		if (ch > 10 - (nch - i - 1))
			ch = last + 1;
		if (ch > 10)
			break;
		last = ch;
		bprintf(&g->text, "\t\n\t%s Fəsil\n%s\n\n", ordinals[ch - 1],
		    chapter_titles[ch - 1]);
		c = cJSON_CreateObject();
		cJSON_AddNumberToObject(c, "number", ch);
		cJSON_AddStringToObject(c, "title", chapter_titles[ch - 1]);
		cJSON_AddItemToArray(chapters, c);
		if (chance(&g->r, 25))
			bprintf(&g->text, "\t\n\t%s \n\n",
			    PICK(&g->r, chapter_intros));
		/* A chapter with only its introduction, now and then. */
		nmeas = chance(&g->r, 8) && i > 0 ? 0 : between(&g->r, 1, 6);
		for (num = 0; nmeas > 0; nmeas--) {
			num += chance(&g->r, 20) ? 2 : 1;
			put_measure(g, ch, num);
		}
	}
	bput(&g->text, "\n");
	cJSON_AddItemToObject(rep, "measures", g->measures);
	cJSON_AddItemToObject(rep, "agreements", g->agreements);
	for (i = 0; i < (int)g->nnames; i++)
		free(g->names[i]);
	g->nnames = 0;
	return rep;
}
